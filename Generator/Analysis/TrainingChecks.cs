using System.Collections.Generic;
using System.Linq;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Layers;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Analysis;

/// <summary>
/// Checks across layers that the course notes motivate: softmax only on the output, a loss that fits
/// the output layer, deep sigmoid stacks (vanishing gradients), squared error on a classifier (flat regions).
/// </summary>
internal static class TrainingChecks
{
    private const int SigmoidStackLimit = 3;

    /// <param name="outputKnown">Whether the last shaped layer is the declared output layer (no layer failed before it).</param>
    public static void Run(List<Layer> layers, bool outputKnown, LossKind? loss, AttributeSpec? lossAttribute, DiagnosticBag diagnostics)
    {
        int output = outputKnown ? layers.FindLastIndex(l => !l.IsReshape) : layers.Count;
        for (int i = 0; i < layers.Count; i++)
        {
            if (i == output)
            {
                continue;
            }

            if (layers[i].Activation == ActivationKind.Softmax)
            {
                diagnostics.Add(Descriptors.SoftmaxOnHiddenLayer, layers[i].ActivationLocation, layers[i].Name);
            }
        }

        CheckSigmoidStacks(layers, outputKnown, diagnostics);
        if (outputKnown && loss is not null)
        {
            CheckLoss(layers.Last(l => !l.IsReshape), loss.Value, lossAttribute?.Positional(0)?.Location ?? lossAttribute?.Location, diagnostics);
        }
    }

    private static void CheckSigmoidStacks(List<Layer> layers, bool outputKnown, DiagnosticBag diagnostics)
    {
        var run = new List<Layer>();
        int hidden = outputKnown ? layers.FindLastIndex(l => !l.IsReshape) : layers.Count;
        for (int i = 0; i <= hidden; i++)
        {
            Layer? layer = i < hidden ? layers[i] : null;
            if (layer is not null && layer.ParameterCount == 0)
            {
                continue; // pooling, flatten: they neither add nor break a stack of saturating units
            }

            if (layer?.Activation == ActivationKind.Sigmoid)
            {
                run.Add(layer);
                continue;
            }

            if (run.Count >= SigmoidStackLimit)
            {
                diagnostics.Add(Descriptors.DeepSigmoidStack, run[SigmoidStackLimit - 1].ActivationLocation, run.Count, string.Join(", ", run.Select(l => l.Name)));
            }

            run.Clear();
        }
    }

    private static void CheckLoss(Layer output, LossKind loss, Model.LocationInfo? location, DiagnosticBag diagnostics)
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
