using System;
using System.Numerics;
using StaticNet.Data;

namespace StaticNet.Training;

/// <summary>
/// Classification metrics computed with <see cref="INetwork{T}.Forward"/> over a data set, a chunk of
/// samples at a time into one output buffer allocated per call, so memory stays small for any data set size.
/// </summary>
public static class Metrics
{
    /// <summary>Samples per <see cref="INetwork{T}.Forward"/> call when the caller does not choose.</summary>
    public const int DefaultChunk = 256;

    /// <summary>The index of the largest value; the first one on ties. NaN is never the largest.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="values">At least one value.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("ArgMax needs at least one value.", nameof(values));
        }

        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best] || T.IsNaN(values[best]))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>The fraction of samples in <paramref name="dataset"/> whose largest output is at their label, in [0, 1].</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network; its output length must equal the data set's class count.</param>
    /// <param name="dataset">The samples; their length must equal the network's input length.</param>
    /// <param name="chunk">Samples per <see cref="INetwork{T}.Forward"/> call, at least 1.</param>
    /// <exception cref="ArgumentException">The network and data set do not fit each other.</exception>
    public static double Accuracy<T>(INetwork<T> network, Dataset<T> dataset, int chunk = DefaultChunk)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int correct = 0;
        Predict(network, dataset, chunk, (label, predicted) =>
        {
            if (label == predicted)
            {
                correct++;
            }
        });
        return dataset.Count == 0 ? double.NaN : (double)correct / dataset.Count;
    }

    /// <summary>
    /// Counts, for every pair of classes, how many samples of class <c>actual</c> the network predicts as
    /// class <c>predicted</c>: element <c>[actual, predicted]</c>. The diagonal holds the correct predictions.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network; its output length must equal the data set's class count.</param>
    /// <param name="dataset">The samples.</param>
    /// <param name="chunk">Samples per <see cref="INetwork{T}.Forward"/> call, at least 1.</param>
    /// <exception cref="ArgumentException">The network and data set do not fit each other.</exception>
    public static int[,] ConfusionMatrix<T>(INetwork<T> network, Dataset<T> dataset, int chunk = DefaultChunk)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var counts = new int[dataset.ClassCount, dataset.ClassCount];
        Predict(network, dataset, chunk, (label, predicted) => counts[label, predicted]++);
        return counts;
    }

    /// <summary>
    /// A confusion matrix as text: one row per actual class, one column per predicted class, the diagonal the correct
    /// predictions, and each row's recall (its diagonal over its total) at the end.
    /// </summary>
    /// <param name="counts">The matrix, element <c>[actual, predicted]</c>, as <see cref="ConfusionMatrix"/> returns it.</param>
    /// <param name="classNames">Names for the rows and columns; the class numbers when null.</param>
    /// <exception cref="ArgumentException">The matrix is not square, or the names do not match its size.</exception>
    public static string FormatConfusionMatrix(int[,] counts, System.Collections.Generic.IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int classes = counts.GetLength(0);
        if (counts.GetLength(1) != classes || (classNames is not null && classNames.Count != classes))
        {
            throw new ArgumentException($"A confusion matrix is square with one name per class; this one is {counts.GetLength(0)}×{counts.GetLength(1)} with {classNames?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} names.", nameof(counts));
        }

        string Name(int k) => classNames?[k] ?? k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int width = 6;
        for (int a = 0; a < classes; a++)
        {
            width = Math.Max(width, Name(a).Length);
            for (int p = 0; p < classes; p++)
            {
                width = Math.Max(width, counts[a, p].ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
            }
        }

        var text = new System.Text.StringBuilder();
        text.Append("actual \\ predicted".PadRight(Math.Max(width, 18)));
        for (int p = 0; p < classes; p++)
        {
            text.Append(' ').Append(Name(p).PadLeft(width));
        }

        text.Append("  recall\n");
        for (int a = 0; a < classes; a++)
        {
            text.Append(Name(a).PadRight(Math.Max(width, 18)));
            int total = 0;
            for (int p = 0; p < classes; p++)
            {
                text.Append(' ').Append(counts[a, p].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width));
                total += counts[a, p];
            }

            text.Append(total == 0 ? "       -" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  {100.0 * counts[a, a] / total,5:F1} %")).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The mean loss (through <see cref="IClassifier{T}.Loss"/>) and the accuracy on <paramref name="dataset"/>,
    /// without changing the network.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The classifier.</param>
    /// <param name="dataset">The samples.</param>
    /// <param name="chunk">Samples per call into the network, at least 1.</param>
    /// <exception cref="ArgumentException">The network and data set do not fit each other.</exception>
    public static (double Loss, double Accuracy) Evaluate<T>(IClassifier<T> network, Dataset<T> dataset, int chunk = DefaultChunk)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        if (network.OutputLength != dataset.ClassCount)
        {
            throw new ArgumentException($"The network has {network.OutputLength} outputs but the data set has {dataset.ClassCount} classes.", nameof(dataset));
        }

        // One inference pass per chunk gives both: the outputs for accuracy and the loss.
        var outputs = new T[Math.Min(chunk, Math.Max(dataset.Count, 1)) * network.OutputLength];
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < dataset.Count; start += chunk)
        {
            int count = Math.Min(chunk, dataset.Count - start);
            ReadOnlySpan<int> labels = dataset.Labels.AsSpan(start, count);
            Span<T> scores = outputs.AsSpan(0, count * network.OutputLength);
            lossSum += double.CreateChecked(network.Evaluate(dataset.Samples(start, count), labels, scores)) * count;
            for (int s = 0; s < count; s++)
            {
                correct += ArgMax<T>(scores.Slice(s * network.OutputLength, network.OutputLength)) == labels[s] ? 1 : 0;
            }
        }

        return dataset.Count == 0 ? (double.NaN, double.NaN) : (lossSum / dataset.Count, (double)correct / dataset.Count);
    }

    /// <summary>
    /// The mean loss of a regressor (or autoencoder) on <paramref name="dataset"/>'s target vectors, in inference mode
    /// through <see cref="IRegressor{T}.Loss"/>, a chunk of samples at a time, without changing the network.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The regressor.</param>
    /// <param name="dataset">Samples with target vectors as long as the network's output.</param>
    /// <param name="chunk">Samples per call into the network, at least 1.</param>
    /// <exception cref="ArgumentException">The network and data set do not fit each other.</exception>
    public static double Loss<T>(IRegressor<T> network, Dataset<T> dataset, int chunk = DefaultChunk)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        if (dataset.HasLabels || network.OutputLength != dataset.TargetLength || network.InputLength != dataset.SampleLength)
        {
            throw new ArgumentException($"The network maps {network.InputLength} inputs to {network.OutputLength} outputs, but the data set has samples of {dataset.SampleLength} values and {(dataset.HasLabels ? "class labels" : $"targets of {dataset.TargetLength}")}.", nameof(dataset));
        }

        double lossSum = 0;
        for (int start = 0; start < dataset.Count; start += chunk)
        {
            int count = Math.Min(chunk, dataset.Count - start);
            lossSum += double.CreateChecked(network.Loss(dataset.Samples(start, count), dataset.Targets.AsSpan(start * dataset.TargetLength, count * dataset.TargetLength))) * count;
        }

        return dataset.Count == 0 ? double.NaN : lossSum / dataset.Count;
    }

    private static void Predict<T>(INetwork<T> network, Dataset<T> dataset, int chunk, Action<int, int> record)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        if (network.InputLength != dataset.SampleLength)
        {
            throw new ArgumentException($"The network takes {network.InputLength} inputs per sample, but the data set's samples have {dataset.SampleLength} values.", nameof(dataset));
        }

        if (network.OutputLength != dataset.ClassCount)
        {
            throw new ArgumentException($"The network has {network.OutputLength} outputs, but the data set has {dataset.ClassCount} classes.", nameof(dataset));
        }

        int classes = network.OutputLength;
        var outputs = new T[Math.Min(chunk, Math.Max(1, dataset.Count)) * classes];
        for (int start = 0; start < dataset.Count; start += chunk)
        {
            int count = Math.Min(chunk, dataset.Count - start);
            Span<T> chunkOutputs = outputs.AsSpan(0, count * classes);
            network.Forward(dataset.Samples(start, count), chunkOutputs);
            for (int i = 0; i < count; i++)
            {
                record(dataset.Labels[start + i], ArgMax<T>(chunkOutputs.Slice(i * classes, classes)));
            }
        }
    }
}
