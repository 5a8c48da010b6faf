using System;
using System.Numerics;

namespace StaticNet;

/// <summary>
/// What one layer did in the last training step, for seeing the course notes' central lesson in your own network:
/// whether activations keep their scale through the layers or shrink and explode, whether gradients vanish, and how
/// many ReLU units are dead. Collected only while <see cref="INetwork{T}.CollectStatistics"/> is on.
/// </summary>
/// <param name="Layer">The layer's name, such as <c>Dense2</c>.</param>
/// <param name="Kind">Its kind, such as <c>Dense</c> or <c>ReLU</c>.</param>
/// <param name="ActivationMean">The mean of its outputs over the batch.</param>
/// <param name="ActivationVariance">The (biased) variance of its outputs over the batch.</param>
/// <param name="GradientNorm">The L2 norm of ∂L/∂output over the batch: how much gradient reaches this layer's output.</param>
/// <param name="ParameterGradientNorm">The L2 norm of the gradient of its parameters, or 0 for a layer without any.</param>
/// <param name="DeadFraction">
/// For a layer whose output is a ReLU (fused or a <c>[ReLU]</c> layer): the fraction of its units that are 0 for every
/// sample of the batch. NaN for other layers.
/// </param>
public sealed record LayerStatistics(
    string Layer, string Kind, double ActivationMean, double ActivationVariance, double GradientNorm, double ParameterGradientNorm, double DeadFraction)
{
    /// <summary>Measures one layer from its outputs and their gradient over a batch of <paramref name="batch"/> samples.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="kind">The layer's kind.</param>
    /// <param name="outputs">Its outputs, <paramref name="batch"/> samples of <c>outputs.Length / batch</c> values.</param>
    /// <param name="outputGradient">∂L/∂output, laid out like <paramref name="outputs"/>.</param>
    /// <param name="parameterGradient">The gradient of its parameters (empty for none).</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="isReLU">Whether the output is a ReLU's, so dead units are counted.</param>
    public static LayerStatistics Measure<T>(
        string layer, string kind, ReadOnlySpan<T> outputs, ReadOnlySpan<T> outputGradient, ReadOnlySpan<T> parameterGradient, int batch, bool isReLU)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        double sum = 0, squares = 0;
        foreach (T value in outputs)
        {
            double v = double.CreateTruncating(value);
            sum += v;
            squares += v * v;
        }

        double mean = outputs.Length == 0 ? 0 : sum / outputs.Length;
        double variance = outputs.Length == 0 ? 0 : Math.Max(0, (squares / outputs.Length) - (mean * mean));
        double dead = double.NaN;
        if (isReLU)
        {
            int units = outputs.Length / batch, deadUnits = 0;
            for (int u = 0; u < units; u++)
            {
                bool alive = false;
                for (int b = 0; b < batch && !alive; b++)
                {
                    alive = outputs[(b * units) + u] != T.Zero;
                }

                deadUnits += alive ? 0 : 1;
            }

            dead = units == 0 ? 0 : (double)deadUnits / units;
        }

        return new LayerStatistics(layer, kind, mean, variance, Norm(outputGradient), Norm(parameterGradient), dead);
    }

    private static double Norm<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double squares = 0;
        foreach (T value in values)
        {
            double v = double.CreateTruncating(value);
            squares += v * v;
        }

        return Math.Sqrt(squares);
    }
}
