using StaticNet.Generator.Analysis;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Optimizers;

/// <summary>
/// <c>[Nesterov]</c>: the notes' V ← μV − α∇J(W + μV); W ← W + V, computed as PyTorch does without a second forward
/// pass: b ← μb + g; W ← W − α(g + μb). State: <c>momentum_buffer</c>.
/// </summary>
internal sealed record NesterovOptimizer(double Momentum) : Optimizer
{
    public static Optimizer Create(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics) =>
        ReadCommon(new NesterovOptimizer(MomentumOptimizer.ReadMomentum(attribute, precision, diagnostics)), attribute, 0.01, 0, precision, diagnostics);

    public override string Kind => "Nesterov";

    public override EquatableArray<string> Buffers => new[] { "momentum_buffer" }.ToEquatableArray();

    public override string Formula => "Nesterov momentum: b ← μb + g; W ← W − α(g + μb)";

    protected override string Hyperparameters => $", momentum={Number(Momentum)}";

    public override void EmitConstants(CodeWriter writer, EmitContext context) =>
        writer.Line($"public const {context.T} MomentumCoefficient = {context.Literal(Momentum)};");

    public override string Update(EmitContext context, string parameters, string gradients, string[] state, string adjustment, string decoupledDecay) =>
        $"Nesterov.Update<{context.T}>({parameters}, {state[0]}, {gradients}, learningRate, MomentumCoefficient, {adjustment});";
}
