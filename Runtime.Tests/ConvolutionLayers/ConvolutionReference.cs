using System;

namespace StaticNet.Runtime.Tests.ConvolutionLayers;

/// <summary>
/// Window options of one spatial axis: kernel (or pooling window) size, stride, zeros before and after, dilation.
/// </summary>
internal readonly record struct AxisOptions(int Kernel, int Stride = 1, int PadBefore = 0, int PadAfter = 0, int Dilation = 1)
{
    /// <summary>⌊(size + before + after − d(k − 1) − 1) / s⌋ + 1, the course notes' output size.</summary>
    public int OutputSize(int size) => ((size + PadBefore + PadAfter - (Dilation * (Kernel - 1)) - 1) / Stride) + 1;

    /// <summary>(size − 1)·s − before − after + d(k − 1) + outputPadding + 1: the size whose convolution has <paramref name="size"/> outputs.</summary>
    public int TransposedOutputSize(int size, int outputPadding) =>
        ((size - 1) * Stride) - PadBefore - PadAfter + (Dilation * (Kernel - 1)) + outputPadding + 1;
}

/// <summary>
/// Plain, deliberately unoptimized definitions of the spatial layers in double: nested loops straight from the
/// formulas of the course notes, one sample at a time, channel-first layout. The generated code must agree with them.
/// </summary>
internal static class ConvolutionReference
{
    /// <summary>
    /// Cross-correlation Y[o, i, j] = b[o] + Σ_{c,u,v} X[c, i·s_h + u·d_h − p_top, j·s_w + v·d_w − p_left]·K[o, c, u, v],
    /// reading 0 outside the input. <paramref name="weights"/> is [out, in, kh, kw].
    /// </summary>
    public static double[] Conv2D(
        ReadOnlySpan<double> x, int inChannels, int height, int width,
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int outChannels, AxisOptions rows, AxisOptions columns)
    {
        int outHeight = rows.OutputSize(height), outWidth = columns.OutputSize(width);
        var y = new double[outChannels * outHeight * outWidth];
        for (int o = 0; o < outChannels; o++)
        {
            for (int i = 0; i < outHeight; i++)
            {
                for (int j = 0; j < outWidth; j++)
                {
                    double sum = bias.IsEmpty ? 0 : bias[o];
                    for (int c = 0; c < inChannels; c++)
                    {
                        for (int u = 0; u < rows.Kernel; u++)
                        {
                            for (int v = 0; v < columns.Kernel; v++)
                            {
                                int r = (i * rows.Stride) + (u * rows.Dilation) - rows.PadBefore;
                                int q = (j * columns.Stride) + (v * columns.Dilation) - columns.PadBefore;
                                if (r >= 0 && r < height && q >= 0 && q < width)
                                {
                                    sum += x[(((c * height) + r) * width) + q] * weights[(((((o * inChannels) + c) * rows.Kernel) + u) * columns.Kernel) + v];
                                }
                            }
                        }
                    }

                    y[(((o * outHeight) + i) * outWidth) + j] = sum;
                }
            }
        }

        return y;
    }

    /// <summary>Y[o, i] = b[o] + Σ_{c,u} X[c, i·s + u·d − p_left]·K[o, c, u], reading 0 outside the signal; weights [out, in, k].</summary>
    public static double[] Conv1D(
        ReadOnlySpan<double> x, int inChannels, int length, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int outChannels, AxisOptions axis)
    {
        int outLength = axis.OutputSize(length);
        var y = new double[outChannels * outLength];
        for (int o = 0; o < outChannels; o++)
        {
            for (int i = 0; i < outLength; i++)
            {
                double sum = bias.IsEmpty ? 0 : bias[o];
                for (int c = 0; c < inChannels; c++)
                {
                    for (int u = 0; u < axis.Kernel; u++)
                    {
                        int position = (i * axis.Stride) + (u * axis.Dilation) - axis.PadBefore;
                        if (position >= 0 && position < length)
                        {
                            sum += x[(c * length) + position] * weights[(((o * inChannels) + c) * axis.Kernel) + u];
                        }
                    }
                }

                y[(o * outLength) + i] = sum;
            }
        }

        return y;
    }

    /// <summary>
    /// The transposed convolution, defined as the adjoint of <see cref="Conv2D"/>: every input value X[c, i, j] scatters
    /// X[c, i, j]·K[c, o, u, v] onto output (i·s_h + u·d_h − p_top, j·s_w + v·d_w − p_left); what lands in the cropped
    /// padding is dropped, and output padding adds rows and columns below and right. Weights [in, out, kh, kw].
    /// </summary>
    public static double[] ConvTranspose2D(
        ReadOnlySpan<double> x, int inChannels, int height, int width,
        ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int outChannels, AxisOptions rows, AxisOptions columns, int outputPadding)
    {
        int outHeight = rows.TransposedOutputSize(height, outputPadding), outWidth = columns.TransposedOutputSize(width, outputPadding);
        var y = new double[outChannels * outHeight * outWidth];
        for (int o = 0; o < outChannels; o++)
        {
            for (int p = 0; p < outHeight * outWidth; p++)
            {
                y[(o * outHeight * outWidth) + p] = bias.IsEmpty ? 0 : bias[o];
            }
        }

        for (int c = 0; c < inChannels; c++)
        {
            for (int i = 0; i < height; i++)
            {
                for (int j = 0; j < width; j++)
                {
                    double value = x[(((c * height) + i) * width) + j];
                    for (int o = 0; o < outChannels; o++)
                    {
                        for (int u = 0; u < rows.Kernel; u++)
                        {
                            for (int v = 0; v < columns.Kernel; v++)
                            {
                                int r = (i * rows.Stride) + (u * rows.Dilation) - rows.PadBefore;
                                int q = (j * columns.Stride) + (v * columns.Dilation) - columns.PadBefore;
                                if (r >= 0 && r < outHeight && q >= 0 && q < outWidth)
                                {
                                    y[(((o * outHeight) + r) * outWidth) + q] += value * weights[(((((c * outChannels) + o) * rows.Kernel) + u) * columns.Kernel) + v];
                                }
                            }
                        }
                    }
                }
            }
        }

        return y;
    }

    /// <summary>
    /// Window pooling over each of <paramref name="channels"/> planes: window (i, j) covers rows from i·s_h − p_top and
    /// columns from j·s_w − p_left. Max ignores the padding (it is −∞); the mean counts padding as zeros and always
    /// divides by the full window area (PyTorch's count_include_pad).
    /// </summary>
    public static double[] Pool2D(ReadOnlySpan<double> x, int channels, int height, int width, AxisOptions rows, AxisOptions columns, bool max)
    {
        int outHeight = rows.OutputSize(height), outWidth = columns.OutputSize(width);
        var y = new double[channels * outHeight * outWidth];
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < outHeight; i++)
            {
                for (int j = 0; j < outWidth; j++)
                {
                    double best = double.NegativeInfinity, sum = 0;
                    for (int u = 0; u < rows.Kernel; u++)
                    {
                        for (int v = 0; v < columns.Kernel; v++)
                        {
                            int r = (i * rows.Stride) + u - rows.PadBefore;
                            int q = (j * columns.Stride) + v - columns.PadBefore;
                            double value = r >= 0 && r < height && q >= 0 && q < width ? x[(((c * height) + r) * width) + q] : max ? double.NegativeInfinity : 0;
                            best = Math.Max(best, value);
                            sum += value;
                        }
                    }

                    y[(((c * outHeight) + i) * outWidth) + j] = max ? best : sum / (rows.Kernel * columns.Kernel);
                }
            }
        }

        return y;
    }

    /// <summary>
    /// Pooling over a partition: block (a, b) is the product of the a-th run of <paramref name="rowBlocks"/> rows and the
    /// b-th run of <paramref name="columnBlocks"/> columns; its max, or its mean over its own size.
    /// </summary>
    public static double[] PartitionPool(ReadOnlySpan<double> x, int channels, int[] rowBlocks, int[] columnBlocks, bool max)
    {
        int height = Sum(rowBlocks), width = Sum(columnBlocks);
        var y = new double[channels * rowBlocks.Length * columnBlocks.Length];
        int o = 0;
        for (int c = 0; c < channels; c++)
        {
            int top = 0;
            foreach (int blockHeight in rowBlocks)
            {
                int left = 0;
                foreach (int blockWidth in columnBlocks)
                {
                    double best = double.NegativeInfinity, sum = 0;
                    for (int r = top; r < top + blockHeight; r++)
                    {
                        for (int q = left; q < left + blockWidth; q++)
                        {
                            double value = x[(((c * height) + r) * width) + q];
                            best = Math.Max(best, value);
                            sum += value;
                        }
                    }

                    y[o++] = max ? best : sum / (blockHeight * blockWidth);
                    left += blockWidth;
                }

                top += blockHeight;
            }
        }

        return y;
    }

    /// <summary>The mean of each channel over its <paramref name="area"/> positions.</summary>
    public static double[] GlobalAveragePool(ReadOnlySpan<double> x, int channels, int area)
    {
        var y = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int p = 0; p < area; p++)
            {
                sum += x[(c * area) + p];
            }

            y[c] = sum / area;
        }

        return y;
    }

    /// <summary>y = W·x + b with W [units, inputs] row-major.</summary>
    public static double[] Dense(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, int units)
    {
        var y = new double[units];
        for (int u = 0; u < units; u++)
        {
            double sum = bias[u];
            for (int i = 0; i < x.Length; i++)
            {
                sum += weights[(u * x.Length) + i] * x[i];
            }

            y[u] = sum;
        }

        return y;
    }

    private static int Sum(int[] values)
    {
        int total = 0;
        foreach (int v in values)
        {
            total += v;
        }

        return total;
    }
}
