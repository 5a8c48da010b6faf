using System.Collections.Generic;
using System.Linq;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Layers;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Analysis;

/// <summary>
/// Checks across layers that the course notes motivate: softmax only on the output, a loss that fits
/// the output layer, deep sigmoid stacks (vanishing gradients), squared error on a classifier (flat regions),
/// and layers that only make sense between weighted layers. Activations count whether fused
/// (<c>Activation =</c>) or declared as layers of their own.
/// </summary>
internal static class TrainingChecks
{
    private const int SigmoidStackLimit = 3;

    /// <param name="outputKnown">Whether the last shaped layer is the declared output layer (no layer failed before it).</param>
    public static void Run(List<Layer> layers, bool outputKnown, LossKind? loss, AttributeSpec? lossAttribute, NetworkOptions options, DiagnosticBag diagnostics)
    {
        int output = outputKnown ? layers.FindLastIndex(l => !l.IsReshape) : layers.Count;
        for (int i = 0; i < layers.Count; i++)
        {
            if (i != output && layers[i].Activation == ActivationKind.Softmax)
            {
                diagnostics.Add(Descriptors.SoftmaxOnHiddenLayer, layers[i].ActivationLocation, layers[i].Name);
            }

            if (layers[i].MinimumTrainingBatch > options.BatchCapacity && options.BatchCapacity > 0)
            {
                diagnostics.Add(Descriptors.BatchNormNeedsTwoSamples, layers[i].Location, layers[i].Name);
            }
        }

        if (outputKnown)
        {
            int lastWeighted = layers.FindLastIndex(l => l.IsWeighted);
            foreach (Layer late in layers.Skip(lastWeighted + 1).Where(l => l.NotOnOutputBecause is not null))
            {
                diagnostics.Add(Descriptors.LayerAfterOutput, late.Location, late.Name, late.NotOnOutputBecause!);
            }
        }

        CheckSigmoidStacks(layers, outputKnown, diagnostics);
        if (outputKnown && loss is not null)
        {
            CheckLoss(layers.Last(l => !l.IsReshape), loss.Value, lossAttribute?.Positional(0)?.Location ?? lossAttribute?.Location, diagnostics);
        }
    }

    /// <summary>Each weighted layer with the activation its units end in (fused, or the activation layer after it) and where that is declared.</summary>
    private static List<(Layer Layer, ActivationKind Activation, LocationInfo? Location)> Units(List<Layer> layers)
    {
        var units = new List<(Layer, ActivationKind, LocationInfo?)>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (!layers[i].IsWeighted)
            {
                continue;
            }

            (ActivationKind activation, LocationInfo? location) = (layers[i].Activation, layers[i].ActivationLocation);
            for (int next = i + 1; activation == ActivationKind.Identity && next < layers.Count && !layers[next].IsWeighted; next++)
            {
                if (layers[next].IsActivation)
                {
                    (activation, location) = (layers[next].Activation, layers[next].Location);
                }
            }

            units.Add((layers[i], activation, location));
        }

        return units;
    }

    private static void CheckSigmoidStacks(List<Layer> layers, bool outputKnown, DiagnosticBag diagnostics)
    {
        List<(Layer Layer, ActivationKind Activation, LocationInfo? Location)> units = Units(layers);
        int hidden = outputKnown ? units.Count - 1 : units.Count;
        var run = new List<(Layer Layer, ActivationKind Activation, LocationInfo? Location)>();
        for (int i = 0; i <= hidden; i++)
        {
            if (i < hidden && units[i].Activation == ActivationKind.Sigmoid)
            {
                run.Add(units[i]);
                continue;
            }

            if (run.Count >= SigmoidStackLimit)
            {
                diagnostics.Add(Descriptors.DeepSigmoidStack, run[SigmoidStackLimit - 1].Location, run.Count, string.Join(", ", run.Select(u => u.Layer.Name)));
            }

            run.Clear();
        }
    }

    private static void CheckLoss(Layer output, LossKind loss, LocationInfo? location, DiagnosticBag diagnostics)
    {
        string described = $"{output.Name} ({output.Activation}, {output.Output.Length} output{(output.Output.Length == 1 ? "" : "s")})";
        switch (loss)
        {
            case LossKind.SoftmaxCrossEntropy when output.Activation is not (ActivationKind.Identity or ActivationKind.Softmax):
                diagnostics.Add(Descriptors.LossDoesNotFitOutput, location, "Softmax cross-entropy", described, "it applies softmax to the output layer's weighted sums itself; use Activation.Identity (or Softmax) on the output layer");
                break;
            case LossKind.SoftmaxCrossEntropy when output.Output.Length < 2:
                diagnostics.Add(Descriptors.LossDoesNotFitOutput, location, "Softmax cross-entropy", described, "the softmax of one output is always 1, so nothing is learned; for two classes use LossKind.BinaryCrossEntropy with a sigmoid output");
                break;
            case LossKind.BinaryCrossEntropy when output.Activation != ActivationKind.Sigmoid:
                diagnostics.Add(Descriptors.LossDoesNotFitOutput, location, "Binary cross-entropy", described, "it needs a sigmoid output (its gradient is σ(z) − y); set Activation = Activation.Sigmoid on the output layer");
                break;
            case LossKind.SquaredError when output.Activation == ActivationKind.Sigmoid:
                diagnostics.Add(Descriptors.SquaredErrorOnClassifier, location, "sigmoid", "LossKind.BinaryCrossEntropy");
                break;
            case LossKind.SquaredError when output.Activation == ActivationKind.Softmax:
                diagnostics.Add(Descriptors.SquaredErrorOnClassifier, location, "softmax", "LossKind.SoftmaxCrossEntropy with an identity output layer");
                break;
        }
    }
}
