using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[ReLU]</c>, <c>[LeakyReLU(slope)]</c>, <c>[Sigmoid]</c>, <c>[Tanh]</c>, <c>[Softmax]</c>: an activation as a layer of its
/// own, after any layer, so Conv → BatchNorm → ReLU can be written. The same kernels as the fused
/// <c>Activation =</c> shorthand: forward y = f(x), backward ∂L/∂x = ∂L/∂y ⊙ f′, with f′ read from y. Softmax works
/// on flat samples and only on the output. No tensors.
/// </summary>
internal sealed record ActivationLayer(ActivationRule Rule) : Layer
{
    public static Layer? Create(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        LayerCatalog.TryGet(attribute.Name, out LayerKind kind);
        ActivationRule rule = ActivationRule.ForLayer(kind.Applies ?? ActivationKind.Identity, attribute, site, diagnostics);
        if (rule.Kind == ActivationKind.Softmax && !site.Input.IsFlat)
        {
            diagnostics.Add(Descriptors.Unsupported, attribute.Location, $"{site.Name}: softmax on a {site.Input} input", "softmax needs one axis of classes; add [Flatten] and a [Dense] output layer before it");
            return null;
        }

        return new ActivationLayer(rule)
        {
            Index = site.Index,
            Name = site.Name,
            Key = site.Key,
            Input = site.Input,
            Output = site.Input,
            Location = attribute.Location,
        };
    }

    public override string Kind => Rule.Kind.ToString();

    public override ActivationKind Activation => Rule.Kind;

    public override bool IsActivation => true;

    public override string Describe() => Rule.Display;

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"private const int {Name}Length = {EmitContext.Int(Input.Length)};");
        Rule.EmitConstants(writer, context, Name);
    }

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        string formula = ActivationFusedWithLoss ? "x" : Rule.Formula("x");
        writer.Summary($"{Name} forward: y = {formula}, element-wise; [batch, {Input.Compact}].");
        using (writer.Block(ForwardSignature(context)))
        {
            writer.Line($"Span<{t}> y = output[..(batch * {Name}Length)];");
            writer.Line($"input[..(batch * {Name}Length)].CopyTo(y);");
            if (ActivationFusedWithLoss)
            {
                writer.Comment($"y = x for now: training folds {Rule.Kind} into the loss, Forward applies it for inference");
            }
            else
            {
                Rule.EmitForward(writer, context, Name, "y", "batch", $"{Name}Length");
            }
        }
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
        string t = context.T;
        writer.Summary($"{Name} backward: ∂L/∂x = ∂L/∂y ⊙ f′, with f′ read from the output y.");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            if (!computeInputGradient)
            {
                writer.Comment("Nothing before this layer needs a gradient.");
                return;
            }

            writer.Line($"Span<{t}> dx = inputGradient[..(batch * {Name}Length)];");
            writer.Line($"outputGradient[..(batch * {Name}Length)].CopyTo(dx);");
            if (ActivationFusedWithLoss)
            {
                writer.Comment("The loss wrote ∂L/∂x directly: its gradient already includes this activation.");
            }
            else
            {
                Rule.EmitBackward(writer, context, Name, $"output[..(batch * {Name}Length)]", "dx", "batch", $"{Name}Length");
            }
        }
    }
}
