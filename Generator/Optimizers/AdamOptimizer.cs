using StaticNet.Generator.Analysis;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Optimizers;

/// <summary>
/// <c>[Adam]</c> and <c>[AdamW]</c>: m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; W ← W − α·m̂/(√v̂ + ε) with
/// m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). AdamW shrinks the weights W ← W(1 − αλ) first instead of adding λW to g.
/// State: <c>exp_avg</c> (m) and <c>exp_avg_sq</c> (v), PyTorch's names.
/// </summary>
internal sealed record AdamOptimizer(bool Decoupled, double Beta1, double Beta2, double Epsilon) : Optimizer
{
    public static Optimizer CreateAdam(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics) => Create(attribute, decoupled: false, precision, diagnostics);

    public static Optimizer CreateAdamW(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics) => Create(attribute, decoupled: true, precision, diagnostics);

    private static Optimizer Create(AttributeSpec attribute, bool decoupled, PrecisionKind precision, DiagnosticBag diagnostics)
    {
        double beta1 = attribute.Named("Beta1")?.Number ?? 0.9;
        double beta2 = attribute.Named("Beta2")?.Number ?? 0.999;
        double epsilon = attribute.Named("Epsilon")?.Number ?? 1e-8;
        CheckRange(attribute, "Beta1", beta1, 0, 1, "in [0, 1) (the decay of the gradient average)", precision, diagnostics);
        CheckRange(attribute, "Beta2", beta2, 0, 1, "in [0, 1) (the decay of the squared-gradient average)", precision, diagnostics);
        CheckPositive(attribute, "Epsilon", epsilon, "a finite number greater than 0", precision, diagnostics);
        return ReadCommon(new AdamOptimizer(decoupled, beta1, beta2, epsilon), attribute, 0.001, decoupled ? 0.01 : 0, precision, diagnostics);
    }

    public override string Kind => Decoupled ? "AdamW" : "Adam";

    public override EquatableArray<string> Buffers => new[] { "exp_avg", "exp_avg_sq" }.ToEquatableArray();

    public override bool DecouplesWeightDecay => Decoupled;

    public override bool CountsSteps => true;

    public override string Formula => (Decoupled ? "AdamW: W ← W(1 − αλ); " : "Adam: ")
        + "m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; W ← W − α·m̂/(√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)";

    protected override string Hyperparameters => $", betas=({Number(Beta1)}, {Number(Beta2)}), eps={Number(Epsilon)}";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const {context.T} Beta1 = {context.Literal(Beta1)};");
        writer.Line($"public const {context.T} Beta2 = {context.Literal(Beta2)};");
        writer.Line($"public const {context.T} Epsilon = {context.Literal(Epsilon)};");
    }

    public override string Update(EmitContext context, string parameters, string gradients, string[] state, string adjustment, string decoupledDecay) =>
        $"Adam.Update<{context.T}>({parameters}, {state[0]}, {state[1]}, {gradients}, learningRate, Beta1, Beta2, Epsilon, step, {decoupledDecay}, {adjustment});";
}
