using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// A layer's activation, shared by every kind that has one: how it is read, checked and emitted,
/// forward (in place on the layer's output) and backward (in place on the output's gradient, using
/// the output values: σ′ = y(1 − y), tanh′ = 1 − y², ReLU′ = [y > 0]).
/// </summary>
internal sealed record ActivationRule(ActivationKind Kind, double LeakySlope, LocationInfo? Location)
{
    public const double DefaultLeakySlope = 0.01;

    public static ActivationRule Read(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string layerName = site.Name;
        ArgumentSpec? activation = attribute.Named("Activation");
        ActivationKind kind = ActivationKind.Identity;
        if (activation is not null)
        {
            if (activation.Number is >= 0 and <= (int)ActivationKind.Softmax && activation.Number == activation.Int)
            {
                kind = (ActivationKind)activation.Int;
            }
            else
            {
                diagnostics.Add(Descriptors.Unsupported, activation.Location, $"{layerName}: activation value {DiagnosticBag.Format(activation.Number)}", "it is not one of StaticNet.Activation's members");
            }
        }

        double slope = DefaultLeakySlope;
        ArgumentSpec? slopeArgument = attribute.Named("LeakySlope");
        if (slopeArgument is not null)
        {
            slope = slopeArgument.Number;
            if (!(slope >= 0 && slope < 1))
            {
                diagnostics.Add(Descriptors.LeakySlopeOutOfRange, slopeArgument.Location, layerName, slope);
            }
            else if (kind != ActivationKind.LeakyReLU)
            {
                diagnostics.Add(Descriptors.OptionWithoutEffect, slopeArgument.Location, layerName, "LeakySlope", $"because the layer's activation is {kind}, not LeakyReLU (a [LeakyReLU(slope)] layer takes its own slope)");
            }
            else
            {
                SinglePrecision.Check(site.Precision, layerName, "LeakySlope", slopeArgument, slope, RealRange.Fraction, diagnostics);
            }
        }

        return new ActivationRule(kind, slope, activation?.Location ?? attribute.Location);
    }

    /// <summary>An activation layer's rule: its kind, and for <c>[LeakyReLU(slope)]</c> the slope.</summary>
    public static ActivationRule ForLayer(ActivationKind kind, AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string layerName = site.Name;
        double slope = DefaultLeakySlope;
        ArgumentSpec? slopeArgument = attribute.Positional(0);
        if (kind == ActivationKind.LeakyReLU && slopeArgument is not null)
        {
            slope = slopeArgument.Number;
            if (!(slope >= 0 && slope < 1))
            {
                diagnostics.Add(Descriptors.LeakySlopeOutOfRange, slopeArgument.Location, layerName, slope);
            }
            else
            {
                SinglePrecision.Check(site.Precision, layerName, "slope", slopeArgument, slope, RealRange.Fraction, diagnostics);
            }
        }

        return new ActivationRule(kind, slope, attribute.Location);
    }

    public string Display => Kind switch
    {
        ActivationKind.LeakyReLU => "LeakyReLU(" + DiagnosticBag.Format(LeakySlope) + ")",
        _ => Kind.ToString(),
    };

    /// <summary>The formula for comments: f(z).</summary>
    public string Formula(string z) => Kind switch
    {
        ActivationKind.Sigmoid => $"σ({z})",
        ActivationKind.Tanh => $"tanh({z})",
        ActivationKind.ReLU => $"max(0, {z})",
        ActivationKind.LeakyReLU => $"max({DiagnosticBag.Format(LeakySlope)}·{z}, {z})",
        ActivationKind.Softmax => $"softmax({z})",
        _ => z,
    };

    public void EmitConstants(CodeWriter writer, EmitContext context, string layerName)
    {
        if (Kind == ActivationKind.LeakyReLU)
        {
            writer.Line($"private const {context.T} {layerName}LeakySlope = {context.Literal(LeakySlope)};");
        }
    }

    /// <summary>Applies the activation in place to <paramref name="span"/>, which holds <paramref name="rows"/> rows of <paramref name="columns"/>.</summary>
    public void EmitForward(CodeWriter writer, EmitContext context, string layerName, string span, string rows, string columns)
    {
        string t = context.T;
        switch (Kind)
        {
            case ActivationKind.Sigmoid:
                writer.Comment("y = σ(z)");
                writer.Line($"Activations.Sigmoid<{t}>({span});");
                break;
            case ActivationKind.Tanh:
                writer.Comment("y = tanh(z)");
                writer.Line($"Activations.Tanh<{t}>({span});");
                break;
            case ActivationKind.ReLU:
                writer.Comment("y = max(0, z)");
                writer.Line($"Activations.ReLU<{t}>({span});");
                break;
            case ActivationKind.LeakyReLU:
                writer.Comment("y = max(slope·z, z)");
                writer.Line($"Activations.LeakyReLU<{t}>({span}, {layerName}LeakySlope);");
                break;
            case ActivationKind.Softmax:
                writer.Comment("y = softmax(z), per sample");
                writer.Line($"Activations.Softmax<{t}>({span}, {rows}, {columns});");
                break;
        }
    }

    /// <summary>
    /// A convolution's activation on one sample's output planes, <c>y</c>, inside its per-sample loop: while the
    /// product's output is still in cache, where a pass over the whole batch afterwards would read it back from L2 or L3.
    /// </summary>
    public void EmitForwardOnPlanes(CodeWriter writer, EmitContext context, string layerName) =>
        EmitForward(writer, context, layerName, "y", $"{layerName}OutChannels", $"{layerName}OutputArea");

    /// <summary>
    /// Declares one sample's ∂L/∂z, <c>dz</c>, in a convolution's per-sample backward loop, with the activation's
    /// derivative applied to it there (unless the loss folds the activation in), so the products that follow read it
    /// from cache.
    /// </summary>
    public void EmitBackwardOnPlanes(CodeWriter writer, EmitContext context, string layerName, bool foldedIntoLoss)
    {
        bool derivative = !foldedIntoLoss && Kind != ActivationKind.Identity;
        writer.Line($"{(derivative ? "Span" : "ReadOnlySpan")}<{context.T}> dz = outputGradient.Slice(s * {layerName}OutputLength, {layerName}OutputLength);");
        if (derivative)
        {
            EmitBackward(writer, context, layerName, $"output.Slice(s * {layerName}OutputLength, {layerName}OutputLength)", "dz", $"{layerName}OutChannels", $"{layerName}OutputArea");
        }
    }

    /// <summary>Multiplies the gradient in <paramref name="gradient"/> by the activation's derivative, read from the output <paramref name="output"/>.</summary>
    public void EmitBackward(CodeWriter writer, EmitContext context, string layerName, string output, string gradient, string rows, string columns)
    {
        string t = context.T;
        switch (Kind)
        {
            case ActivationKind.Sigmoid:
                writer.Comment("∂L/∂z = ∂L/∂y ⊙ y(1 − y)");
                writer.Line($"Activations.SigmoidBackward<{t}>({output}, {gradient});");
                break;
            case ActivationKind.Tanh:
                writer.Comment("∂L/∂z = ∂L/∂y ⊙ (1 − y²)");
                writer.Line($"Activations.TanhBackward<{t}>({output}, {gradient});");
                break;
            case ActivationKind.ReLU:
                writer.Comment("∂L/∂z = ∂L/∂y where y > 0, else 0");
                writer.Line($"Activations.ReLUBackward<{t}>({output}, {gradient});");
                break;
            case ActivationKind.LeakyReLU:
                writer.Comment("∂L/∂z = ∂L/∂y where y > 0, else slope·∂L/∂y");
                writer.Line($"Activations.LeakyReLUBackward<{t}>({output}, {gradient}, {layerName}LeakySlope);");
                break;
            case ActivationKind.Softmax:
                writer.Comment("∂L/∂z = y ⊙ (∂L/∂y − Σ ∂L/∂y ⊙ y), per sample");
                writer.Line($"Activations.SoftmaxBackward<{t}>({output}, {gradient}, {rows}, {columns});");
                break;
        }
    }
}
