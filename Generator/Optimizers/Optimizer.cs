using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Optimizers;

/// <summary>
/// A network's optimizer. Each kind lives in its own file in this folder: its options and their checks, the state
/// buffers it keeps per parameter (named as PyTorch names them), its formula, and the update call it emits. What
/// every optimizer shares is here: the learning rate, L2 and L1 regularization of weights, and gradient clipping.
/// </summary>
internal abstract record Optimizer
{
    /// <summary>The attribute's name: Sgd, Momentum, Adam, …</summary>
    public abstract string Kind { get; }

    /// <summary>The declared step size α; the network's run-time <c>LearningRate</c> starts at it.</summary>
    public double LearningRate { get; init; }

    /// <summary>L2 weight decay λ on weights (AdamW: decoupled).</summary>
    public double WeightDecay { get; init; }

    /// <summary>L1 regularization λ₁ on weights.</summary>
    public double L1 { get; init; }

    /// <summary>The global gradient-norm bound, 0 for none.</summary>
    public double ClipNorm { get; init; }

    /// <summary>The per-gradient bound, 0 for none.</summary>
    public double ClipValue { get; init; }

    /// <summary>The per-parameter state buffers, in their order in <c>OptimizerState</c>: PyTorch's names.</summary>
    public abstract EquatableArray<string> Buffers { get; }

    /// <summary>Whether weight decay shrinks the weights directly (AdamW) instead of being added to the gradient.</summary>
    public virtual bool DecouplesWeightDecay => false;

    /// <summary>Whether the update needs the step number t (Adam's bias corrections): the emitted code passes <c>step</c>.</summary>
    public virtual bool CountsSteps => false;

    /// <summary>The update rule for comments.</summary>
    public abstract string Formula { get; }

    /// <summary>The optimizer with its hyperparameters, as <c>INetwork.Optimizer</c> and parameter files show it.</summary>
    public string Describe() => $"{Kind}(lr={Number(LearningRate)}{Hyperparameters}, weight_decay={Number(WeightDecay)}"
        + (L1 > 0 ? $", l1={Number(L1)}" : "") + (ClipNorm > 0 ? $", clip_norm={Number(ClipNorm)}" : "") + (ClipValue > 0 ? $", clip_value={Number(ClipValue)}" : "") + ")";

    /// <summary>The kind's own hyperparameters for <see cref="Describe"/>, each starting with ", ".</summary>
    protected abstract string Hyperparameters { get; }

    /// <summary>The kind's hyperparameter constants.</summary>
    public abstract void EmitConstants(CodeWriter writer, EmitContext context);

    /// <summary>
    /// The statement updating <paramref name="parameters"/> from <paramref name="gradients"/> with the state spans
    /// <paramref name="state"/> (one per buffer), the adjusted gradient <paramref name="adjustment"/>, and for AdamW the
    /// decoupled decay <paramref name="decoupledDecay"/>.
    /// </summary>
    public abstract string Update(EmitContext context, string parameters, string gradients, string[] state, string adjustment, string decoupledDecay);

    protected static string Number(double value) => DiagnosticBag.Format(value);

    /// <summary>Reads what every optimizer has; the kinds' factories call it and add their own options.</summary>
    protected static T ReadCommon<T>(T optimizer, AttributeSpec attribute, double defaultLearningRate, double defaultWeightDecay, PrecisionKind precision, DiagnosticBag diagnostics)
        where T : Optimizer
    {
        ArgumentSpec? rate = attribute.Named("LearningRate");
        ArgumentSpec? decay = attribute.Named("WeightDecay");
        var read = optimizer with
        {
            LearningRate = rate?.Number ?? defaultLearningRate,
            WeightDecay = decay?.Number ?? defaultWeightDecay,
            L1 = attribute.Named("L1")?.Number ?? 0,
            ClipNorm = attribute.Named("ClipNorm")?.Number ?? 0,
            ClipValue = attribute.Named("ClipValue")?.Number ?? 0,
        };
        if (!(read.LearningRate > 0) || double.IsInfinity(read.LearningRate))
        {
            diagnostics.Add(Descriptors.NonPositiveLearningRate, rate?.Location ?? attribute.Location, read.LearningRate);
        }
        else
        {
            // Stored as a double, but a float network steps with (float)LearningRate.
            SinglePrecision.Check(precision, "[" + attribute.Name + "]", "LearningRate", rate, read.LearningRate, RealRange.Positive, diagnostics);
        }

        if (!(read.WeightDecay >= 0) || double.IsInfinity(read.WeightDecay))
        {
            diagnostics.Add(Descriptors.NegativeWeightDecay, decay?.Location ?? attribute.Location, read.WeightDecay);
        }
        else
        {
            SinglePrecision.Check(precision, "[" + attribute.Name + "]", "WeightDecay", decay, read.WeightDecay, RealRange.NonNegative, diagnostics);
        }

        CheckNonNegative(attribute, "L1", read.L1, "a finite number, 0 or more (the L1 coefficient λ₁)", precision, diagnostics);
        // The clipping bound is a double constant, and the scale is computed in double: no float holds it.
        CheckNonNegative(attribute, "ClipNorm", read.ClipNorm, "a finite number, 0 (off) or more (the largest global gradient norm)", PrecisionKind.Double, diagnostics);
        CheckNonNegative(attribute, "ClipValue", read.ClipValue, "a finite number, 0 (off) or more (the largest gradient magnitude)", precision, diagnostics);
        return read;
    }

    /// <summary>Reports SN0038 unless <paramref name="value"/> lies in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    protected static void CheckRange(AttributeSpec attribute, string option, double value, double low, double high, string expected, PrecisionKind precision, DiagnosticBag diagnostics)
    {
        if (!(value >= low && value < high))
        {
            diagnostics.Add(Descriptors.OptimizerOptionOutOfRange, attribute.Named(option)?.Location ?? attribute.Location, attribute.Name, option, expected, value);
        }
        else
        {
            SinglePrecision.Check(precision, "[" + attribute.Name + "]", option, attribute.Named(option), value, new RealRange(low, true, high, false, $"[{Number(low)}, {Number(high)})"), diagnostics);
        }
    }

    /// <summary>Reports SN0038 unless <paramref name="value"/> is finite and greater than 0.</summary>
    protected static void CheckPositive(AttributeSpec attribute, string option, double value, string expected, PrecisionKind precision, DiagnosticBag diagnostics)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            diagnostics.Add(Descriptors.OptimizerOptionOutOfRange, attribute.Named(option)?.Location ?? attribute.Location, attribute.Name, option, expected, value);
        }
        else
        {
            SinglePrecision.Check(precision, "[" + attribute.Name + "]", option, attribute.Named(option), value, RealRange.Positive, diagnostics);
        }
    }

    private static void CheckNonNegative(AttributeSpec attribute, string option, double value, string expected, PrecisionKind precision, DiagnosticBag diagnostics)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            diagnostics.Add(Descriptors.OptimizerOptionOutOfRange, attribute.Named(option)?.Location ?? attribute.Location, attribute.Name, option, expected, value);
        }
        else
        {
            SinglePrecision.Check(precision, "[" + attribute.Name + "]", option, attribute.Named(option), value, RealRange.NonNegative, diagnostics);
        }
    }
}
