using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary><c>[GlobalAvgPool]</c>: the mean of each channel over all its positions, [C, …] → [C]; the gradient is spread evenly.</summary>
internal sealed record GlobalAvgPoolLayer(int Channels, int Area) : Layer
{
    public const string AttributeName = "GlobalAvgPool";

    public static Layer? Create(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string name = site.Name;
        if (site.Input.Rank < 2)
        {
            diagnostics.Add(Descriptors.NeedsSpatialInput, attribute.Location, name, "[channels, length] or [channels, height, width]", site.Input.ToString(), "global pooling cannot follow a flat layer: put it before [Flatten] and [Dense]");
            return null;
        }

        return new GlobalAvgPoolLayer(site.Input[0], site.Input.Length / site.Input[0])
        {
            Index = site.Index,
            Name = name,
            Key = site.Key,
            Input = site.Input,
            Output = Shape.Of(site.Input[0]),
            Location = attribute.Location,
        };
    }

    public override string Kind => AttributeName;

    public override string Describe() => $"{Kind}({Input.Compact}→{Channels})";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const int {Name}Channels = {EmitContext.Int(Channels)};");
        writer.Line($"private const int {Name}Area = {EmitContext.Int(Area)};");
    }

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        writer.Summary($"{Name} forward: each channel's mean over its {Area} positions; [batch, {Input.Compact}] → [batch, {Channels}].");
        using (writer.Block(ForwardSignature(context)))
        {
            writer.Line($"Pooling.GlobalAverageForward<{context.T}>(input[..(batch * {Name}Channels * {Name}Area)], output[..(batch * {Name}Channels)], batch * {Name}Channels, {Name}Area);");
        }
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
        writer.Summary($"{Name} backward: each channel's gradient spread evenly over its positions.");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            if (!computeInputGradient)
            {
                writer.Comment("The first layer has no parameters and nothing before it: nothing to do.");
                return;
            }

            writer.Line($"Pooling.GlobalAverageBackward<{context.T}>(outputGradient[..(batch * {Name}Channels)], inputGradient[..(batch * {Name}Channels * {Name}Area)], batch * {Name}Channels, {Name}Area);");
        }
    }
}
