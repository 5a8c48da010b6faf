using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[Dropout(rate)]</c>: inverted dropout. In training each unit is kept with probability π = 1 − rate (the notes'
/// keep probability) and scaled by 1/π, so inference, which keeps every unit, needs no change: y = x ⊙ m with
/// m ∈ {0, 1/π}; the backward pass is ∂L/∂x = ∂L/∂y ⊙ m with the same mask. Masks come from the layer's own stream
/// of the network's seed: the same seed gives the same masks, and <c>Initialize(seed)</c> restarts them. No tensors.
/// </summary>
internal sealed record DropoutLayer(double Rate) : Layer
{
    public const string AttributeName = "Dropout";

    public static Layer? Create(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        ArgumentSpec? rateArgument = attribute.Positional(0);
        double rate = rateArgument?.Number ?? double.NaN;
        if (!(rate >= 0 && rate < 1))
        {
            diagnostics.Add(Descriptors.DropoutRateOutOfRange, rateArgument?.Location ?? attribute.Location, site.Name, rate);
            return null;
        }

        // The kernel takes the keep probability 1 − rate, in double: below 2⁻⁵³ that is exactly 1.
        if (rate > 0 && 1 - rate == 1)
        {
            diagnostics.Add(Descriptors.OptionWithoutEffect, rateArgument?.Location ?? attribute.Location, site.Name, "the rate " + DiagnosticBag.Format(rate), "because 1 − rate rounds to 1, so no unit is ever dropped");
        }

        return new DropoutLayer(rate)
        {
            Index = site.Index,
            Name = site.Name,
            Key = site.Key,
            Input = site.Input,
            Output = site.Input,
            Location = attribute.Location,
        };
    }

    public override string Kind => AttributeName;

    public override bool HasTrainingMode => true;

    public override string? NotOnOutputBecause => "it would drop outputs the loss compares with its targets";

    public override string Describe() => $"Dropout({DiagnosticBag.Format(Rate)})";

    private string Random => Field("Random");

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"private const int {Name}Length = {EmitContext.Int(Input.Length)};");
        writer.Comment($"The keep probability π = 1 − rate = 1 − {DiagnosticBag.Format(Rate)}.");
        writer.Line($"private const double {Name}Keep = {EmitContext.Double(1 - Rate)};");
    }

    public override void EmitBuffers(CodeWriter writer, EmitContext context)
    {
        writer.Line($"private readonly {context.T}[] {Field("Mask")} = new {context.T}[BatchCapacity * {Name}Length];");
        writer.Line($"private SeededRandom {Random};");
    }

    public override void EmitInitialize(CodeWriter writer, EmitContext context)
    {
        writer.Comment($"{Name}: masks restart from the seed");
        writer.Line($"{Random} = new SeededRandom(seed, stream: {EmitContext.Int(Index)});");
    }

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        writer.Summary($"{Name} forward: in training y = x ⊙ m, each m 1/π with probability π = {EmitContext.Double(1 - Rate)}, else 0; in inference y = x.");
        using (writer.Block(ForwardSignature(context)))
        {
            writer.Line($"ReadOnlySpan<{t}> x = input[..(batch * {Name}Length)];");
            writer.Line($"Span<{t}> y = output[..(batch * {Name}Length)];");
            using (writer.Block("if (training)"))
            {
                writer.Line($"Span<{t}> mask = {Field("Mask")}.AsSpan(0, batch * {Name}Length);");
                writer.Line($"Dropout.DrawMask<{t}>(mask, {Name}Keep, ref {Random});");
                writer.Line($"Dropout.Apply<{t}>(x, mask, y);");
            }

            using (writer.Block("else"))
            {
                writer.Line("x.CopyTo(y);");
            }
        }
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
        string t = context.T;
        writer.Summary($"{Name} backward: ∂L/∂x = ∂L/∂y ⊙ m, the mask of the forward pass.");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            if (!computeInputGradient)
            {
                writer.Comment("Nothing before this layer needs a gradient.");
                return;
            }

            writer.Line($"Dropout.Apply<{t}>(outputGradient[..(batch * {Name}Length)], {Field("Mask")}.AsSpan(0, batch * {Name}Length), inputGradient[..(batch * {Name}Length)]);");
        }
    }
}
