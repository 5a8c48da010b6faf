using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[BatchNorm]</c>: batch normalization as in the course notes, per feature after a dense layer and per channel
/// after a convolution (over the batch and every position). Training: the mini-batch mean μ and biased variance σ²,
/// x̂ = (x − μ)/√(σ² + ε), y = γx̂ + β; the backward pass goes through μ and σ². Inference: running averages instead
/// of μ and σ², updated after each training step with PyTorch's momentum convention and unbiased variance.
/// Tensors: <c>weight</c> (γ, starts at 1) and <c>bias</c> (β, starts at 0), neither decayed; state
/// <c>running_mean</c> (starts at 0) and <c>running_var</c> (starts at 1). Scratch: x̂, μ, σ², 1/√(σ² + ε).
/// </summary>
internal sealed record BatchNormLayer(int Channels, int Area, double Momentum, double Epsilon) : Layer
{
    public const string AttributeName = "BatchNorm";

    public const double DefaultMomentum = 0.1;

    public const double DefaultEpsilon = 1e-5;

    public static Layer? Create(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string name = site.Name;
        ArgumentSpec? momentumArgument = attribute.Named("Momentum");
        ArgumentSpec? epsilonArgument = attribute.Named("Epsilon");
        double momentum = momentumArgument?.Number ?? DefaultMomentum;
        double epsilon = epsilonArgument?.Number ?? DefaultEpsilon;
        bool valid = true;
        if (!(momentum >= 0 && momentum <= 1))
        {
            diagnostics.Add(Descriptors.BatchNormOptionOutOfRange, momentumArgument?.Location, name, "Momentum", "in [0, 1] (the weight of each new batch in the running averages; PyTorch's default is 0.1)", momentum);
            valid = false;
        }
        else
        {
            valid &= SinglePrecision.Check(site.Precision, name, "Momentum", momentumArgument, momentum, RealRange.UnitInterval, diagnostics);
        }

        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            diagnostics.Add(Descriptors.BatchNormOptionOutOfRange, epsilonArgument?.Location, name, "Epsilon", "a finite number greater than 0 (it keeps 1/√(σ² + ε) finite; the default is 1e-5)", epsilon);
            valid = false;
        }
        else
        {
            valid &= SinglePrecision.Check(site.Precision, name, "Epsilon", epsilonArgument, epsilon, RealRange.Positive, diagnostics);
        }

        if (!valid)
        {
            return null;
        }

        int channels = site.Input[0];
        int[] perChannel = [channels];
        return new BatchNormLayer(channels, site.Input.Length / channels, momentum, epsilon)
        {
            Index = site.Index,
            Name = name,
            Key = site.Key,
            Input = site.Input,
            Output = site.Input,
            Location = attribute.Location,
            Parameters = new[]
            {
                new TensorSpec("weight", "Gamma", perChannel.ToEquatableArray(), Decayed: false, TensorInit.Constant(1), "scale γ"),
                new TensorSpec("bias", "Beta", perChannel.ToEquatableArray(), Decayed: false, TensorInit.Constant(0), "shift β"),
            }.ToEquatableArray(),
            State = new[]
            {
                new TensorSpec("running_mean", "RunningMean", perChannel.ToEquatableArray(), Decayed: false, TensorInit.Constant(0), "running mean, used for inference"),
                new TensorSpec("running_var", "RunningVariance", perChannel.ToEquatableArray(), Decayed: false, TensorInit.Constant(1), "running (unbiased) variance, used for inference"),
            }.ToEquatableArray(),
        };
    }

    public override string Kind => AttributeName;

    public override bool HasTrainingMode => true;

    public override string? NotOnOutputBecause => "it would normalize the outputs the loss compares with its targets";

    public override int MinimumTrainingBatch => 2;

    private string Unit => Input.IsFlat ? "feature" : "channel";

    public override string Describe() =>
        $"BatchNorm({Channels} {Unit}s, momentum {DiagnosticBag.Format(Momentum)}, ε {DiagnosticBag.Format(Epsilon)})";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const int {Name}Channels = {EmitContext.Int(Channels)};");
        writer.Comment($"Values of one {Unit} in one sample: statistics run over batch × {Name}Area values.");
        writer.Line($"private const int {Name}Area = {EmitContext.Int(Area)};");
        writer.Line($"private const int {Name}Length = {Name}Channels * {Name}Area;");
        writer.Line($"private const {context.T} {Name}Momentum = {context.Literal(Momentum)};");
        writer.Line($"private const {context.T} {Name}Epsilon = {context.Literal(Epsilon)};");
    }

    public override void EmitBuffers(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        writer.Line($"private readonly {t}[] {Field("Normalized")} = new {t}[BatchCapacity * {Name}Length];");
        writer.Line($"private readonly {t}[] {Field("BatchMean")} = new {t}[{Name}Channels];");
        writer.Line($"private readonly {t}[] {Field("BatchVariance")} = new {t}[{Name}Channels];");
        writer.Line($"private readonly {t}[] {Field("InverseDeviation")} = new {t}[{Name}Channels];");
    }

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        writer.Summary($"{Name} forward: y = γ(x − μ)/√(σ² + ε) + β per {Unit}; μ, σ² of the batch in training, the running averages in inference; [batch, {Input.Compact}].");
        using (writer.Block(ForwardSignature(context)))
        {
            writer.Line($"ReadOnlySpan<{t}> x = input[..(batch * {Name}Length)];");
            writer.Line($"Span<{t}> y = output[..(batch * {Name}Length)];");
            using (writer.Block("if (training)"))
            {
                writer.Comment("μ and biased σ² over the batch; x̂ and 1/√(σ² + ε) kept for the backward pass");
                writer.Line($"Normalization.BatchNormTraining<{t}>(x, y, {Field("Normalized")}.AsSpan(0, batch * {Name}Length), {Tensor("Gamma")}, {Tensor("Beta")}, {Field("BatchMean")}, {Field("BatchVariance")}, {Field("InverseDeviation")}, batch, {Name}Channels, {Name}Area, {Name}Epsilon);");
            }

            using (writer.Block("else"))
            {
                writer.Line($"Normalization.BatchNormInference<{t}>(x, y, {Tensor("Gamma")}, {Tensor("Beta")}, {Tensor("RunningMean")}, {Tensor("RunningVariance")}, batch, {Name}Channels, {Name}Area, {Name}Epsilon);");
            }
        }
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
        string t = context.T;
        writer.Summary($"{Name} backward, through μ and σ²: ∂L/∂γ = Σ ∂L/∂y·x̂, ∂L/∂β = Σ ∂L/∂y{(computeInputGradient ? ", ∂L/∂x = γ/(N√(σ² + ε))·(N·∂L/∂y − Σ∂L/∂y − x̂·Σ∂L/∂y·x̂)" : "")}.");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            string dx = computeInputGradient ? $"inputGradient[..(batch * {Name}Length)]" : $"Span<{t}>.Empty";
            writer.Line($"Normalization.BatchNormBackward<{t}>(outputGradient[..(batch * {Name}Length)], {Field("Normalized")}.AsSpan(0, batch * {Name}Length), {Tensor("Gamma")}, {Field("InverseDeviation")}, {Gradient("Gamma")}, {Gradient("Beta")}, {dx}, batch, {Name}Channels, {Name}Area);");
        }
    }

    public override void EmitStateUpdate(CodeWriter writer, EmitContext context)
    {
        writer.Comment($"{Name}: running ← (1 − momentum)·running + momentum·batch statistic (the variance unbiased, as PyTorch)");
        writer.Line($"Normalization.UpdateRunningStatistics<{context.T}>({Tensor("RunningMean")}, {Tensor("RunningVariance")}, {Field("BatchMean")}, {Field("BatchVariance")}, batch * {Name}Area, {Name}Momentum);");
    }
}
