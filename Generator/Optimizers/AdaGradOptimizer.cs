using StaticNet.Generator.Analysis;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Optimizers;

/// <summary><c>[AdaGrad]</c>: G ← G + g²; W ← W − α·g/(√G + ε). State: <c>sum</c>.</summary>
internal sealed record AdaGradOptimizer(double Epsilon) : Optimizer
{
    public static Optimizer Create(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics)
    {
        double epsilon = attribute.Named("Epsilon")?.Number ?? 1e-10;
        CheckPositive(attribute, "Epsilon", epsilon, "a finite number greater than 0", precision, diagnostics);
        return ReadCommon(new AdaGradOptimizer(epsilon), attribute, 0.01, 0, precision, diagnostics);
    }

    public override string Kind => "AdaGrad";

    public override EquatableArray<string> Buffers => new[] { "sum" }.ToEquatableArray();

    public override string Formula => "AdaGrad: G ← G + g²; W ← W − α·g/(√G + ε)";

    protected override string Hyperparameters => $", eps={Number(Epsilon)}";

    public override void EmitConstants(CodeWriter writer, EmitContext context) =>
        writer.Line($"public const {context.T} Epsilon = {context.Literal(Epsilon)};");

    public override string Update(EmitContext context, string parameters, string gradients, string[] state, string adjustment, string decoupledDecay) =>
        $"AdaGrad.Update<{context.T}>({parameters}, {state[0]}, {gradients}, learningRate, Epsilon, {adjustment});";
}
