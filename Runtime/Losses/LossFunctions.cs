using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace StaticNet.Losses;

/// <summary>
/// The losses, each returning the batch's mean loss and writing ∂loss/∂(its input) for backpropagation.
/// Each is per sample a sum over outputs and is averaged over the batch, so gradients are divided by the
/// number of samples. Pass an empty <c>gradient</c> to compute the loss only.
/// </summary>
public static class LossFunctions
{
    /// <summary>
    /// Softmax cross-entropy on raw scores: per sample <c>log Σ_j e^(z_j) − z_label</c>, computed with the
    /// maximum subtracted (log-sum-exp) so it never overflows. Gradient: <c>(softmax(z) − onehot(label)) / rows</c>.
    /// </summary>
    /// <param name="logits">Scores, <c>labels.Length</c> rows of <paramref name="columns"/>.</param>
    /// <param name="labels">One class index per sample, 0 ≤ label &lt; <paramref name="columns"/>.</param>
    /// <param name="gradient">Receives the gradient (same layout as the logits), or empty.</param>
    /// <param name="columns">Classes.</param>
    /// <exception cref="ArgumentOutOfRangeException">A label is not a class index.</exception>
    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, Span<T> gradient, int columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = labels.Length;
        CheckLengths(logits.Length, rows * columns, gradient.Length);
        T total = T.Zero;
        T scale = T.One / T.CreateChecked(rows);
        for (int r = 0; r < rows; r++)
        {
            int label = labels[r];
            if ((uint)label >= (uint)columns)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Label {label} of sample {r} is not a class index in [0, {columns}).");
            }

            ReadOnlySpan<T> z = logits.Slice(r * columns, columns);
            T max = TensorPrimitives.Max(z);
            T labelLogit = z[label]; // before the gradient's row, which may be the logits' own, is written
            T sum = T.Zero;
            if (gradient.IsEmpty)
            {
                for (int j = 0; j < columns; j++)
                {
                    sum += T.Exp(z[j] - max);
                }
            }
            else
            {
                // Each exponential once: kept in the gradient's row, then scaled there.
                Span<T> g = gradient.Slice(r * columns, columns);
                for (int j = 0; j < columns; j++)
                {
                    T e = T.Exp(z[j] - max);
                    g[j] = e;
                    sum += e;
                }

                T normalizer = scale / sum;
                for (int j = 0; j < columns; j++)
                {
                    g[j] *= normalizer;
                }

                g[label] -= scale;
            }

            total += T.Log(sum) + max - labelLogit;
        }

        return total * scale;
    }

    /// <summary>
    /// Binary cross-entropy on raw scores z with a sigmoid folded in: per output
    /// <c>max(z, 0) − z·y + log(1 + e^(−|z|))</c>, equal to <c>−y log σ(z) − (1−y) log(1 − σ(z))</c> but stable.
    /// Gradient: <c>(σ(z) − y) / rows</c>.
    /// </summary>
    /// <param name="logits">Scores before the sigmoid, <paramref name="rows"/> samples.</param>
    /// <param name="targets">Targets in [0, 1], laid out like the logits.</param>
    /// <param name="gradient">Receives the gradient, or empty.</param>
    /// <param name="rows">Samples.</param>
    public static T BinaryCrossEntropyWithLogits<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, Span<T> gradient, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(logits.Length, targets.Length, gradient.Length);
        T total = T.Zero;
        T scale = T.One / T.CreateChecked(rows);
        for (int i = 0; i < logits.Length; i++)
        {
            T z = logits[i], y = targets[i];
            total += T.Max(z, T.Zero) - (z * y) + T.LogP1(T.Exp(-T.Abs(z)));
            if (!gradient.IsEmpty)
            {
                gradient[i] = (Sigmoid(z) - y) * scale;
            }
        }

        return total * scale;
    }

    /// <summary>
    /// Squared error, per sample <c>½‖ŷ − y‖²</c> (the ½ makes the gradient exactly <c>ŷ − y</c>), averaged over the
    /// batch. Gradient: <c>(ŷ − y) / rows</c>.
    /// </summary>
    /// <param name="outputs">The network's outputs, <paramref name="rows"/> samples.</param>
    /// <param name="targets">Targets laid out like the outputs.</param>
    /// <param name="gradient">Receives the gradient, or empty.</param>
    /// <param name="rows">Samples.</param>
    public static T SquaredError<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLengths(outputs.Length, targets.Length, gradient.Length);
        T total = T.Zero;
        T scale = T.One / T.CreateChecked(rows);
        for (int i = 0; i < outputs.Length; i++)
        {
            T difference = outputs[i] - targets[i];
            total += difference * difference;
            if (!gradient.IsEmpty)
            {
                gradient[i] = difference * scale;
            }
        }

        return total * scale / T.CreateChecked(2);
    }

    private static T Sigmoid<T>(T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Both branches only ever exponentiate a non-positive number.
        if (z >= T.Zero)
        {
            return T.One / (T.One + T.Exp(-z));
        }

        T e = T.Exp(z);
        return e / (T.One + e);
    }

    private static void CheckLengths(int values, int expected, int gradient)
    {
        if (values != expected)
        {
            throw new ArgumentException($"The outputs hold {values} values but the targets need {expected}.");
        }

        if (gradient != 0 && gradient != values)
        {
            throw new ArgumentException($"The gradient holds {gradient} values; it must be empty or hold {values}.");
        }
    }
}
