using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[Dense(units)]</c>: y = f(x·Wᵀ + b) with W of shape [units, inputs], row-major (PyTorch's layout).
/// Over a batch both directions are matrix–matrix products, so each weight is loaded once per batch
/// rather than once per sample:
/// forward Y[batch, units] = X[batch, in]·Wᵀ; backward ∂W = ∂Zᵀ·X, ∂b = Σ_rows ∂Z, ∂X = ∂Z·W.
/// Tensors: <c>weight</c> [units, inputs] (decayed), <c>bias</c> [units].
/// </summary>
internal sealed record DenseLayer(int Units, ActivationRule ActivationRule) : Layer
{
    public const string AttributeName = "Dense";

    public static Layer? Create(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string name = site.Name;
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

        ActivationRule activation = ActivationRule.Read(attribute, site, diagnostics);
        ActivationKind effective = site.Effective(activation);
        InitRule init = InitRule.Read(attribute, site, effective, diagnostics);
        if (!valid)
        {
            return null;
        }

        int inputs = site.Input.Length;
        return new DenseLayer(units, activation)
        {
            Index = site.Index,
            Name = name,
            Key = site.Key,
            Input = site.Input,
            Output = Shape.Of(units),
            Location = attribute.Location,
            Parameters = new[]
            {
                new TensorSpec("weight", "Weights", new[] { units, inputs }.ToEquatableArray(), Decayed: true, init.Weights($"{name}Inputs", $"{name}Units", effective), "weights"),
                new TensorSpec("bias", "Bias", new[] { units }.ToEquatableArray(), Decayed: false, init.BiasInit, "bias"),
            }.ToEquatableArray(),
        };
    }

    public override string Kind => AttributeName;

    public override ActivationKind Activation => ActivationRule.Kind;

    public override LocationInfo? ActivationLocation => ActivationRule.Location;

    public override bool IsWeighted => true;

    /// <summary>∂W = ∂Zᵀ·X sums the outer products of ∂L/∂z and x over the batch, and ∂b sums ∂L/∂z.</summary>
    public override bool GradientsAreOuterProducts => true;

    public int Inputs => Input.Length;

    /// <summary>
    /// The activation the product applies when this layer's whole forward pass is one <c>Gemm</c> product (Identity,
    /// ReLU or tanh, or Identity where the loss takes the output activation), which a run of dense layers can then
    /// chain at inference (<c>Gemm.MultiplyTransposedChained</c>); null where another activation follows as its own
    /// pass (the product then applies Identity).
    /// </summary>
    public string? ProductActivation => ActivationFusedWithLoss ? "Identity" : ActivationRule.Kind switch
    {
        ActivationKind.ReLU => "ReLU",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.Identity => "Identity",
        _ => null,
    };

    public override long ExactParameterCount => Sizes.Sum(Sizes.Product(Units, Input.LongLength), Units);

    public override string Describe() => $"Dense({Inputs}→{Units}, {ActivationRule.Display})";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const int {Name}Inputs = {EmitContext.Int(Inputs)};");
        writer.Line($"public const int {Name}Units = {EmitContext.Int(Units)};");
        ActivationRule.EmitConstants(writer, context, Name);
    }

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        string activation = ActivationFusedWithLoss ? "z" : ActivationRule.Formula("z");
        writer.Summary($"{Name} forward: y = {activation}, z = x·Wᵀ + b; [batch, {Inputs}] → [batch, {Units}].");
        using (writer.Block(ForwardSignature(context)))
        {
            writer.Line($"ReadOnlySpan<{t}> x = input[..(batch * {Name}Inputs)];");
            writer.Line($"Span<{t}> y = output[..(batch * {Name}Units)];");
            // Identity, ReLU and tanh go into the product, which applies them with the bias as it stores the result;
            // the other activations (and none, where the loss takes the output activation) follow as their own pass.
            string inProduct = ProductActivation ?? "Identity";
            string product = $"[batch, {Inputs}]·[{Inputs}, {Units}], one matrix product for the whole batch";
            writer.Comment(inProduct == "Identity"
                ? $"z = x·Wᵀ + b: {product}, bias included"
                : $"y = {ActivationRule.Formula("x·Wᵀ + b")}: {product}, bias and {inProduct} included");
            writer.Line($"Gemm.MultiplyTransposed<{t}>(x, {Tensor("Weights")}, y, batch, {Name}Units, {Name}Inputs, {Tensor("Bias")}, Activation.{inProduct});");
            if (ActivationFusedWithLoss)
            {
                writer.Comment(ActivationRule.Kind == ActivationKind.Identity
                    ? "y = z: the logits; the loss applies softmax itself"
                    : $"y = z for now: training folds {ActivationRule.Kind} into the loss, Forward applies it for inference");
            }
            else if (inProduct == "Identity")
            {
                ActivationRule.EmitForward(writer, context, Name, "y", "batch", $"{Name}Units");
            }
        }
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
        string t = context.T;
        writer.Summary($"{Name} backward: ∂L/∂y → ∂L/∂W, ∂L/∂b{(computeInputGradient ? ", ∂L/∂x" : "")}.");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            writer.Line($"ReadOnlySpan<{t}> x = input[..(batch * {Name}Inputs)];");
            writer.Line($"Span<{t}> dz = outputGradient[..(batch * {Name}Units)];");
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
                ActivationRule.EmitBackward(writer, context, Name, $"output[..(batch * {Name}Units)]", "dz", "batch", $"{Name}Units");
            }

            string weightGradient = $"Gemm.TransposedMultiply<{t}>(dz, x, {Gradient("Weights")}, {Name}Units, {Name}Inputs, batch);";
            if (TakesWeightGradientsSwitch(context))
            {
                writer.Comment($"∂L/∂W = ∂L/∂zᵀ·x: [{Units}, batch]·[batch, {Inputs}]; a one-sample TrainStep leaves it to the update");
                using (writer.Block("if (weightGradients)"))
                {
                    writer.Line(weightGradient);
                }
            }
            else
            {
                writer.Comment($"∂L/∂W = ∂L/∂zᵀ·x: [{Units}, batch]·[batch, {Inputs}]");
                writer.Line(weightGradient);
            }
            writer.Comment("∂L/∂b = Σ over the batch of ∂L/∂z");
            writer.Line($"Bias.SumRows<{t}>(dz, {Gradient("Bias")}, batch);");
            if (computeInputGradient)
            {
                writer.Comment($"∂L/∂x = ∂L/∂z·W: [batch, {Units}]·[{Units}, {Inputs}]");
                writer.Line($"Gemm.Multiply<{t}>(dz, {Tensor("Weights")}, inputGradient[..(batch * {Name}Inputs)], batch, {Name}Inputs, {Name}Units);");
            }
        }
    }
}
