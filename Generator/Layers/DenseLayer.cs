using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[Dense(units)]</c>: y = f(x·Wᵀ + b) with W of shape [units, inputs], row-major (PyTorch's layout).
/// Over a batch of n samples both directions are matrix–matrix products, so each weight is loaded
/// once per batch rather than once per sample:
/// forward Y[n, units] = X[n, in]·Wᵀ; backward ∂W = ∂Zᵀ·X, ∂b = Σ_rows ∂Z, ∂X = ∂Z·W.
/// </summary>
internal sealed record DenseLayer(int Units, ActivationRule ActivationRule, InitRule Init) : Layer
{
    public const string AttributeName = "Dense";

    public static Layer? Create(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string name = AttributeName + site.Index;
        ArgumentSpec? unitsArgument = attribute.Positional(0);
        int units = unitsArgument?.Int ?? 0;
        bool valid = true;
        if (units <= 0)
        {
            diagnostics.Add(Descriptors.NonPositiveSize, unitsArgument?.Location ?? attribute.Location, $"{name}: units", units);
            valid = false;
        }

        if (!site.Input.IsFlat)
        {
            diagnostics.Add(Descriptors.NeedsFlatInput, attribute.Location, name, site.Input.ToString(), "Dense");
            valid = false;
        }

        ActivationRule activation = ActivationRule.Read(attribute, name, diagnostics);
        InitRule init = InitRule.Read(attribute, name, activation, diagnostics);
        if (!valid)
        {
            return null;
        }

        return new DenseLayer(units, activation, init)
        {
            Index = site.Index,
            Input = site.Input,
            Output = Shape.Of(units),
            ParameterOffset = site.ParameterOffset,
            Location = attribute.Location,
        };
    }

    public override string Kind => AttributeName;

    public override ActivationKind Activation => ActivationRule.Kind;

    public override LocationInfo? ActivationLocation => ActivationRule.Location;

    public int Inputs => Input.Length;

    public override int WeightCount => Units * Inputs;

    public override int BiasCount => Units;

    public override long ExactParameterCount => Sizes.Sum(Sizes.Product(Units, Input.LongLength), Units);

    public override string WeightLayout => $"[{Units}, {Inputs}]";

    public override string Describe() => $"Dense({Inputs}→{Units}, {ActivationRule.Display})";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const int {Name}Inputs = {EmitContext.Int(Inputs)};");
        writer.Line($"public const int {Name}Units = {EmitContext.Int(Units)};");
        ActivationRule.EmitConstants(writer, context, Name);
    }

    public override void EmitInitialize(CodeWriter writer, EmitContext context) =>
        Init.Emit(writer, context, this, fanIn: $"fanIn: {Name}Inputs", fanOut: $"fanOut: {Name}Units");

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        string activation = ActivationFusedWithLoss ? "z" : ActivationRule.Formula("z");
        writer.Summary($"{Name} forward on n samples: y = {activation}, z = x·Wᵀ + b; [n, {Inputs}] → [n, {Units}].");
        using (writer.Block(ForwardSignature(context)))
        {
            writer.Line($"ReadOnlySpan<{t}> x = input[..(n * {Name}Inputs)];");
            writer.Line($"Span<{t}> y = output[..(n * {Name}Units)];");
            writer.Comment($"z = x·Wᵀ: [n, {Inputs}]·[{Inputs}, {Units}], one matrix product for the whole batch");
            writer.Line($"global::StaticNet.Kernels.Gemm.MultiplyTransposed<{t}>(x, {Name}Weights, y, n, {Name}Units, {Name}Inputs);");
            writer.Comment("z += b, for each sample");
            writer.Line($"global::StaticNet.Kernels.Bias.AddToRows<{t}>(y, {Name}Bias, n);");
            if (ActivationFusedWithLoss)
            {
                writer.Comment(ActivationRule.Kind == ActivationKind.Identity
                    ? "y = z: the logits; the loss applies softmax itself"
                    : $"y = z for now: training folds {ActivationRule.Kind} into the loss, Forward applies it for inference");
            }
            else
            {
                ActivationRule.EmitForward(writer, context, Name, "y", "n", $"{Name}Units");
            }
        }
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
        string t = context.T;
        writer.Summary($"{Name} backward on n samples: ∂L/∂y → ∂L/∂W, ∂L/∂b{(computeInputGradient ? ", ∂L/∂x" : "")}.");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            writer.Line($"ReadOnlySpan<{t}> x = input[..(n * {Name}Inputs)];");
            writer.Line($"Span<{t}> dz = outputGradient[..(n * {Name}Units)];");
            if (ActivationFusedWithLoss)
            {
                writer.Comment("The loss wrote ∂L/∂z directly: its gradient already includes the output activation.");
            }
            else if (ActivationRule.Kind == ActivationKind.Identity)
            {
                writer.Comment("Identity activation: ∂L/∂z = ∂L/∂y.");
            }
            else
            {
                ActivationRule.EmitBackward(writer, context, Name, $"output[..(n * {Name}Units)]", "dz", "n", $"{Name}Units");
            }

            writer.Comment($"∂L/∂W = ∂L/∂zᵀ·x: [{Units}, n]·[n, {Inputs}]");
            writer.Line($"global::StaticNet.Kernels.Gemm.TransposedMultiply<{t}>(dz, x, {Name}WeightGradient, {Name}Units, {Name}Inputs, n);");
            writer.Comment("∂L/∂b = Σ over the batch of ∂L/∂z");
            writer.Line($"global::StaticNet.Kernels.Bias.SumRows<{t}>(dz, {Name}BiasGradient, n);");
            if (computeInputGradient)
            {
                writer.Comment($"∂L/∂x = ∂L/∂z·W: [n, {Units}]·[{Units}, {Inputs}]");
                writer.Line($"global::StaticNet.Kernels.Gemm.Multiply<{t}>(dz, {Name}Weights, inputGradient[..(n * {Name}Inputs)], n, {Name}Inputs, {Name}Units);");
            }
        }
    }
}
