using StaticNet.Generator.Analysis;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Optimizers;

/// <summary><c>[RMSProp]</c>: S ← ρS + (1 − ρ)g²; W ← W − α·g/(√S + ε). State: <c>square_avg</c>.</summary>
internal sealed record RMSPropOptimizer(double Rho, double Epsilon) : Optimizer
{
    public static Optimizer Create(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics)
    {
        double rho = attribute.Named("Rho")?.Number ?? 0.99;
        double epsilon = attribute.Named("Epsilon")?.Number ?? 1e-8;
        CheckRange(attribute, "Rho", rho, 0, 1, "in [0, 1) (the decay rate of the squared-gradient average)", precision, diagnostics);
        CheckPositive(attribute, "Epsilon", epsilon, "a finite number greater than 0", precision, diagnostics);
        return ReadCommon(new RMSPropOptimizer(rho, epsilon), attribute, 0.01, 0, precision, diagnostics);
    }

    public override string Kind => "RMSProp";

    public override EquatableArray<string> Buffers => new[] { "square_avg" }.ToEquatableArray();

    public override string Formula => "RMSProp: S ← ρS + (1 − ρ)g²; W ← W − α·g/(√S + ε)";

    protected override string Hyperparameters => $", alpha={Number(Rho)}, eps={Number(Epsilon)}";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const {context.T} Rho = {context.Literal(Rho)};");
        writer.Line($"public const {context.T} Epsilon = {context.Literal(Epsilon)};");
    }

    public override string Update(EmitContext context, string parameters, string gradients, string[] state, string adjustment, string decoupledDecay) =>
        $"RMSProp.Update<{context.T}>({parameters}, {state[0]}, {gradients}, learningRate, Rho, Epsilon, {adjustment});";
}
