using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace StaticNet.Kernels;

/// <summary>Adding a bias to a layer's outputs, and summing the output gradient into the bias gradient.</summary>
public static class Bias
{
    /// <summary>Adds <paramref name="bias"/> to each of <paramref name="rows"/> rows of <paramref name="values"/> (dense layers: one row per sample).</summary>
    public static void AddToRows<T>(Span<T> values, ReadOnlySpan<T> bias, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(values.Length, rows * bias.Length);
        for (int r = 0; r < rows; r++)
        {
            Span<T> row = values.Slice(r * bias.Length, bias.Length);
            TensorPrimitives.Add<T>(row, bias, row);
        }
    }

    /// <summary>Overwrites <paramref name="biasGradient"/> with the sum of the <paramref name="rows"/> rows of <paramref name="gradient"/>.</summary>
    public static void SumRows<T>(ReadOnlySpan<T> gradient, Span<T> biasGradient, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(gradient.Length, rows * biasGradient.Length);
        biasGradient.Clear();
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add<T>(biasGradient, gradient.Slice(r * biasGradient.Length, biasGradient.Length), biasGradient);
        }
    }

    /// <summary>
    /// Adds channel c's bias to every one of its <paramref name="spatial"/> positions. <paramref name="values"/>
    /// is channel-first, one or more samples of <c>bias.Length × spatial</c>.
    /// </summary>
    public static void AddToChannels<T>(Span<T> values, ReadOnlySpan<T> bias, int spatial)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int planes = Planes(values.Length, bias.Length, spatial);
        for (int p = 0; p < planes; p++)
        {
            Span<T> plane = values.Slice(p * spatial, spatial);
            TensorPrimitives.Add<T>(plane, bias[p % bias.Length], plane);
        }
    }

    /// <summary>Sums each channel's gradient over its positions (and samples) into <paramref name="biasGradient"/>, or adds to it when <paramref name="accumulate"/> is set.</summary>
    public static void SumChannels<T>(ReadOnlySpan<T> gradient, Span<T> biasGradient, int spatial, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int planes = Planes(gradient.Length, biasGradient.Length, spatial);
        if (!accumulate)
        {
            biasGradient.Clear();
        }

        for (int p = 0; p < planes; p++)
        {
            biasGradient[p % biasGradient.Length] += TensorPrimitives.Sum(gradient.Slice(p * spatial, spatial));
        }
    }

    private static int Planes(int length, int channels, int spatial)
    {
        if (channels == 0 || spatial <= 0 || length % (channels * spatial) != 0)
        {
            throw new ArgumentException($"A span of {length} values is not a whole number of samples of {channels} channels × {spatial} positions.");
        }

        return length / spatial;
    }

    private static void Check(int length, int needed)
    {
        if (length != needed)
        {
            throw new ArgumentException($"The span holds {length} values but rows × bias length is {needed}.");
        }
    }
}
