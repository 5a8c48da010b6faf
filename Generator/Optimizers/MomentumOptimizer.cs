using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Optimizers;

/// <summary><c>[Momentum]</c>: exactly the course notes' V ← μV − α·g; W ← W + V. State: <c>velocity</c>.</summary>
internal sealed record MomentumOptimizer(double Momentum) : Optimizer
{
    public static Optimizer Create(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics) =>
        ReadCommon(new MomentumOptimizer(ReadMomentum(attribute, precision, diagnostics)), attribute, 0.01, 0, precision, diagnostics);

    /// <summary>μ in [0, 1) (SN0006), shared with Nesterov.</summary>
    public static double ReadMomentum(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics)
    {
        ArgumentSpec? argument = attribute.Named("Momentum");
        double momentum = argument?.Number ?? 0.9;
        if (!(momentum >= 0 && momentum < 1))
        {
            diagnostics.Add(Descriptors.MomentumOutOfRange, argument?.Location ?? attribute.Location, momentum);
        }
        else
        {
            SinglePrecision.Check(precision, "[" + attribute.Name + "]", "Momentum", argument, momentum, RealRange.Fraction, diagnostics);
        }

        return momentum;
    }

    public override string Kind => "Momentum";

    public override EquatableArray<string> Buffers => new[] { "velocity" }.ToEquatableArray();

    public override string Formula => "momentum SGD as in the notes: V ← μV − α·g; W ← W + V (μ = 0 is plain gradient descent)";

    protected override string Hyperparameters => $", momentum={Number(Momentum)}";

    public override void EmitConstants(CodeWriter writer, EmitContext context) =>
        writer.Line($"public const {context.T} MomentumCoefficient = {context.Literal(Momentum)};");

    public override string Update(EmitContext context, string parameters, string gradients, string[] state, string adjustment, string decoupledDecay) =>
        $"Momentum.Update<{context.T}>({parameters}, {state[0]}, {gradients}, learningRate, MomentumCoefficient, {adjustment});";
}
