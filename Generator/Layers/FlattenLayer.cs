using StaticNet.Generator.Analysis;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[Flatten]</c>: reads a [C, H, W] or [C, L] sample as one vector in channel-first order. The
/// layout already is that vector, so it copies nothing and emits no method: the next layer reads the
/// previous layer's buffer directly.
/// </summary>
internal sealed record FlattenLayer : Layer
{
    public const string AttributeName = "Flatten";

    public static Layer? Create(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics) =>
        new FlattenLayer
        {
            Index = site.Index,
            Name = site.Name,
            Key = site.Key,
            Input = site.Input,
            Output = Shape.Of(site.Input.Length),
            Location = attribute.Location,
        };

    public override string Kind => AttributeName;

    public override bool IsReshape => true;

    public override string Describe() => $"Flatten({Input.Compact}→{Input.Length})";

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
    }
}
