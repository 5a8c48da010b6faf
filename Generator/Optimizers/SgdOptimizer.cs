using StaticNet.Generator.Analysis;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Optimizers;

/// <summary><c>[Sgd]</c>: plain gradient descent, W ← W − α·g. No state.</summary>
internal sealed record SgdOptimizer : Optimizer
{
    public static Optimizer Create(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics) =>
        ReadCommon(new SgdOptimizer(), attribute, 0.01, 0, precision, diagnostics);

    public override string Kind => "Sgd";

    public override EquatableArray<string> Buffers => EquatableArray<string>.Empty;

    public override string Formula => "SGD: W ← W − α·g";

    protected override string Hyperparameters => "";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
    }

    public override string Update(EmitContext context, string parameters, string gradients, string[] state, string adjustment, string decoupledDecay) =>
        $"Sgd.Update<{context.T}>({parameters}, {gradients}, learningRate, {adjustment});";
}
