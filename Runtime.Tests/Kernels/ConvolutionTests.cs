using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>The im2col tap primitives against direct indexing, their adjointness, and the course notes' worked examples.</summary>
public class ConvolutionTests
{
    public static TheoryData<int, int, int, int, int, int> Geometries => new()
    {
        // height, width, output height, output width, stride height, stride width
        { 1, 1, 1, 1, 1, 1 },
        { 5, 5, 5, 5, 1, 1 },
        { 6, 7, 3, 4, 2, 2 },
        { 7, 9, 3, 3, 3, 3 },
        { 4, 11, 4, 4, 1, 3 },
        { 9, 4, 3, 4, 4, 1 },
        { 28, 28, 28, 28, 1, 1 },
        { 3, 17, 3, 20, 1, 1 }, // more output columns than input columns: every row has a right tail
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Gather_and_scatter_match_direct_indexing_for_every_offset(int height, int width, int outputHeight, int outputWidth, int strideHeight, int strideWidth)
    {
        var geometry = new PlaneGeometry(height, width, outputHeight, outputWidth, strideHeight, strideWidth);
        var random = new Random(height * 100 + width);
        double[] channel = Numbers.Uniform<double>(random, height * width);
        double[] tapRow = Numbers.Uniform<double>(random, outputHeight * outputWidth);
        foreach ((int rowOffset, int columnOffset) in Offsets(height, width))
        {
            double[] gathered = new double[outputHeight * outputWidth];
            gathered.AsSpan().Fill(double.NaN);
            Convolution.GatherTap<double>(channel, gathered, geometry, rowOffset, columnOffset);
            double[] scattered = Numbers.Uniform<double>(random, height * width), before = [.. scattered];
            Convolution.ScatterTapAdd<double>(tapRow, scattered, geometry, rowOffset, columnOffset);

            double[] expectedScatter = before;
            for (int i = 0; i < outputHeight; i++)
            {
                for (int j = 0; j < outputWidth; j++)
                {
                    int r = (i * strideHeight) + rowOffset, c = (j * strideWidth) + columnOffset;
                    bool inside = r >= 0 && r < height && c >= 0 && c < width;
                    double expected = inside ? channel[(r * width) + c] : 0;
                    Assert.True(expected == gathered[(i * outputWidth) + j], $"gather offset ({rowOffset},{columnOffset}) at ({i},{j}): {gathered[(i * outputWidth) + j]}, expected {expected}");
                    if (inside)
                    {
                        expectedScatter[(r * width) + c] += tapRow[(i * outputWidth) + j];
                    }
                }
            }

            Numbers.AllClose<double>(expectedScatter, scattered, 1e-15, $"scatter offset ({rowOffset},{columnOffset})");
        }
    }

    /// <summary>Geometries whose kernel rows can take the vector path: rows of at least one vector, taps inside the plane.</summary>
    public static TheoryData<int, int, int, int, int, int> KernelRows => new()
    {
        { 14, 14, 10, 10, 1, 1 }, // LeNet-5's second convolution: 10 columns, a vector and an overlapping one
        { 28, 40, 28, 30, 1, 1 },
        { 9, 30, 4, 17, 2, 1 }, // a stride between rows; 17 columns: two vectors and an overlapping one
        { 6, 12, 6, 8, 1, 1 }, // exactly one vector of floats
        { 5, 9, 5, 4, 1, 1 }, // one vector of doubles, too short for floats
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    [MemberData(nameof(KernelRows))]
    public void A_kernel_rows_gather_is_the_gather_of_each_of_its_taps(int height, int width, int outputHeight, int outputWidth, int strideHeight, int strideWidth)
    {
        var geometry = new PlaneGeometry(height, width, outputHeight, outputWidth, strideHeight, strideWidth);
        Compare<float>(geometry, new Random(height * 31 + width));
        Compare<double>(geometry, new Random(height * 37 + width));

        static void Compare<T>(PlaneGeometry geometry, Random random)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int area = geometry.OutputHeight * geometry.OutputWidth;
            T[] channel = Numbers.Uniform<T>(random, geometry.Height * geometry.Width);
            foreach ((int rowOffset, int columnOffset) in Offsets(geometry.Height, geometry.Width).Where(o => o.Column >= -3 && o.Column <= 3))
            {
                foreach ((int taps, int dilation) in new[] { (1, 1), (3, 1), (5, 1), (3, 2) })
                {
                    // NaN everywhere first, and 5 values past the taps' rows that must stay NaN.
                    T[] expected = new T[(taps * area) + 5], actual = new T[(taps * area) + 5];
                    expected.AsSpan().Fill(T.NaN);
                    actual.AsSpan().Fill(T.NaN);
                    for (int v = 0; v < taps; v++)
                    {
                        Convolution.GatherTap<T>(channel, expected.AsSpan(v * area, area), geometry, rowOffset, columnOffset + (v * dilation));
                    }

                    Convolution.GatherTaps<T>(channel, actual.AsSpan(0, taps * area), geometry, rowOffset, columnOffset, taps, dilation);
                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.True(
                            expected[i].Equals(actual[i]),
                            $"{typeof(T).Name}, offsets ({rowOffset}, {columnOffset}), {taps} taps {dilation} apart, value {i}: {actual[i]}, expected {expected[i]}");
                    }
                }
            }
        }
    }

    [Fact]
    public void A_kernel_rows_gather_refuses_too_few_values_for_its_taps()
    {
        var geometry = new PlaneGeometry(14, 14, 10, 10, 1, 1);
        Assert.Throws<ArgumentException>(() => Convolution.GatherTaps<float>(new float[196], new float[499], geometry, 0, 0, 5, 1));
        Assert.Throws<ArgumentException>(() => Convolution.GatherTaps<float>(new float[195], new float[500], geometry, 0, 0, 5, 1));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Scatter_is_the_adjoint_of_gather(int height, int width, int outputHeight, int outputWidth, int strideHeight, int strideWidth)
    {
        // ⟨Gather(x), r⟩ = ⟨x, Scatter(r)⟩ for every offset, on random data.
        var geometry = new PlaneGeometry(height, width, outputHeight, outputWidth, strideHeight, strideWidth);
        var random = new Random(height * 7 + width);
        foreach ((int rowOffset, int columnOffset) in Offsets(height, width))
        {
            double[] x = Numbers.Uniform<double>(random, height * width);
            double[] r = Numbers.Uniform<double>(random, outputHeight * outputWidth);
            double[] gathered = new double[r.Length];
            Convolution.GatherTap<double>(x, gathered, geometry, rowOffset, columnOffset);
            double[] scattered = new double[x.Length];
            Convolution.ScatterTapAdd<double>(r, scattered, geometry, rowOffset, columnOffset);
            Numbers.Close(Numbers.Dot(gathered, r), Numbers.Dot(x, scattered), 1e-12, $"adjoint at offset ({rowOffset},{columnOffset})");
        }
    }

    public static TheoryData<int, int, int, int, int, int, int, int, int, int> KernelScatters => new()
    {
        // height, width, stride height, stride width, kernel height, kernel width, padding top, padding left, row dilation, column dilation
        { 14, 14, 1, 1, 5, 5, 0, 0, 1, 1 }, // LeNet-5's second convolution
        { 28, 28, 1, 1, 5, 5, 2, 2, 1, 1 }, // its first, padded
        { 5, 5, 1, 1, 3, 3, 1, 1, 1, 1 },
        { 7, 3, 1, 1, 3, 3, 0, 2, 1, 1 }, // narrower than a vector, padded along the width only
        { 9, 23, 2, 1, 3, 4, 1, 3, 2, 2 }, // strided rows, dilation, an odd number of 8-column chunks
        { 6, 40, 1, 1, 2, 7, 0, 3, 1, 3 }, // wider than 32 columns
        { 1, 30, 1, 1, 1, 5, 0, 2, 1, 1 }, // one-dimensional
        { 4, 4, 1, 1, 1, 1, 0, 0, 1, 1 }, // 1×1
        { 6, 9, 2, 2, 3, 3, 1, 1, 1, 1 }, // strided columns: tap by tap
        { 3, 3, 1, 1, 5, 5, 1, 1, 1, 1 }, // a kernel larger than the padded plane reaches only some rows
    };

    [Theory]
    [MemberData(nameof(KernelScatters))]
    public void A_whole_kernels_scatter_is_a_cleared_plane_and_the_taps_added_one_by_one_bit_for_bit(
        int height, int width, int strideHeight, int strideWidth, int kernelHeight, int kernelWidth, int paddingTop, int paddingLeft, int rowDilation, int columnDilation)
    {
        KernelScatterMatchesTapByTap<float>(height, width, strideHeight, strideWidth, kernelHeight, kernelWidth, paddingTop, paddingLeft, rowDilation, columnDilation);
        KernelScatterMatchesTapByTap<double>(height, width, strideHeight, strideWidth, kernelHeight, kernelWidth, paddingTop, paddingLeft, rowDilation, columnDilation);
    }

    private static void KernelScatterMatchesTapByTap<T>(
        int height, int width, int strideHeight, int strideWidth, int kernelHeight, int kernelWidth, int paddingTop, int paddingLeft, int rowDilation, int columnDilation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // The output size of a convolution padded the same on both sides.
        int outputHeight = Math.Max(0, ((height + (2 * paddingTop) - (rowDilation * (kernelHeight - 1)) - 1) / strideHeight) + 1);
        int outputWidth = Math.Max(0, ((width + (2 * paddingLeft) - (columnDilation * (kernelWidth - 1)) - 1) / strideWidth) + 1);
        var geometry = new PlaneGeometry(height, width, outputHeight, outputWidth, strideHeight, strideWidth);
        int area = outputHeight * outputWidth;
        T[] rows = Numbers.Uniform<T>(new Random((height * 31) + width), kernelHeight * kernelWidth * area);
        if (rows.Length > 3)
        {
            // Non-finite values are added like any other, and values that cancel to zero stay +0 either way.
            rows[0] = T.NaN;
            rows[^1] = T.PositiveInfinity;
            rows[rows.Length / 2] = -T.Zero;
        }

        T[] expected = new T[height * width];
        for (int u = 0; u < kernelHeight; u++)
        {
            for (int v = 0; v < kernelWidth; v++)
            {
                Convolution.ScatterTapAdd<T>(rows.AsSpan(((u * kernelWidth) + v) * area, area), expected, geometry, (u * rowDilation) - paddingTop, (v * columnDilation) - paddingLeft);
            }
        }

        // Every value is overwritten, and nothing past the plane is touched.
        T[] actual = new T[(height * width) + 3];
        actual.AsSpan().Fill(T.CreateTruncating(7.5));
        Convolution.ScatterTaps<T>(rows, actual, geometry, -paddingTop, -paddingLeft, kernelHeight, kernelWidth, rowDilation, columnDilation);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                expected[i].Equals(actual[i]) && T.IsNegative(expected[i]) == T.IsNegative(actual[i]),
                $"{typeof(T).Name} {height}×{width}, kernel {kernelHeight}×{kernelWidth}, value {i}: {actual[i]}, expected {expected[i]}");
        }

        Assert.All(actual[expected.Length..], value => Assert.Equal(T.CreateTruncating(7.5), value));
    }

    [Fact]
    public void A_whole_kernels_scatter_refuses_too_few_values()
    {
        var geometry = new PlaneGeometry(14, 14, 10, 10, 1, 1);
        Assert.Throws<ArgumentException>(() => Convolution.ScatterTaps<float>(new float[2499], new float[196], geometry, 0, 0, 5, 5, 1, 1));
        Assert.Throws<ArgumentException>(() => Convolution.ScatterTaps<float>(new float[2500], new float[195], geometry, 0, 0, 5, 5, 1, 1));
        Assert.Throws<ArgumentException>(() => Convolution.ScatterTaps<float>(new float[2500], new float[196], geometry, 0, 0, -1, 5, 1, 1));
    }

    [Fact]
    public void Float_gather_with_unit_stride_copies_whole_runs()
    {
        var geometry = new PlaneGeometry(4, 40, 4, 40, 1, 1);
        float[] channel = Enumerable.Range(0, 160).Select(i => (float)i).ToArray();
        float[] row = new float[160];
        Convolution.GatherTap<float>(channel, row, geometry, 1, -3);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 40; j++)
            {
                int r = i + 1, c = j - 3;
                Assert.Equal(r < 4 && c >= 0 ? channel[(r * 40) + c] : 0, row[(i * 40) + j]);
            }
        }
    }

    [Fact]
    public void Zero_padded_three_by_three_convolved_with_a_two_by_two_kernel_matches_the_notes()
    {
        double[] input = Enumerable.Range(0, 9).Select(i => (double)i).ToArray();
        double[] output = Convolve(input, 3, 3, [0, 1, 2, 3], 2, 2, padding: 1, stride: 1, out int outputHeight, out int outputWidth);
        Assert.Equal((4, 4), (outputHeight, outputWidth));
        Assert.Equal([0, 3, 8, 4, 9, 19, 25, 10, 21, 37, 43, 16, 6, 7, 8, 0], output);
    }

    [Fact]
    public void Unpadded_convolution_matches_the_notes()
    {
        double[] output = Convolve([1, 2, 1, 3, 4, 0, 2, 6, 1], 3, 3, [-1, 2, 1, 0], 2, 2, padding: 0, stride: 1, out _, out _);
        Assert.Equal([6, 4, 7, 2], output);
    }

    [Fact]
    public void One_dimensional_moving_average_matches_the_notes()
    {
        double[] signal = [1, 2, 3, 4, 5, 6];
        Assert.Equal([1.5, 2.5, 3.5, 4.5, 5.5], Convolve(signal, 1, 6, [0.5, 0.5], 1, 2, padding: 0, stride: 1, out _, out _));
        Assert.Equal([1.5, 3.5, 5.5], Convolve(signal, 1, 6, [0.5, 0.5], 1, 2, padding: 0, stride: 2, out _, out _));
    }

    [Fact]
    public void Too_short_spans_throw()
    {
        var geometry = new PlaneGeometry(3, 3, 2, 2, 1, 1);
        Assert.Throws<ArgumentException>(() => Convolution.GatherTap<float>(new float[8], new float[4], geometry, 0, 0));
        Assert.Throws<ArgumentException>(() => Convolution.GatherTap<float>(new float[9], new float[3], geometry, 0, 0));
        Assert.Throws<ArgumentException>(() => Convolution.ScatterTapAdd<float>(new float[3], new float[9], geometry, 0, 0));
        Assert.Throws<ArgumentException>(() => Convolution.ScatterTapAdd<float>(new float[4], new float[8], geometry, 0, 0));
    }

    /// <summary>Offsets from well before the plane to past its far edge, negative ones included.</summary>
    private static IEnumerable<(int Row, int Column)> Offsets(int height, int width)
    {
        int[] rows = [-height - 1, -4, -2, -1, 0, 1, 2, height - 1, height, height + 3];
        int[] columns = [-width - 2, -5, -3, -1, 0, 1, 2, 3, width - 1, width, width + 2];
        return rows.Distinct().SelectMany(r => columns.Distinct().Select(c => (r, c)));
    }

    /// <summary>One channel, one filter: unfold with <see cref="Convolution.GatherTap{T}"/>, then multiply by the kernel.</summary>
    private static double[] Convolve(double[] input, int height, int width, double[] kernel, int kernelHeight, int kernelWidth, int padding, int stride, out int outputHeight, out int outputWidth)
    {
        outputHeight = ((height + (2 * padding) - kernelHeight) / stride) + 1;
        outputWidth = ((width + (2 * padding) - kernelWidth) / stride) + 1;
        if (height == 1)
        {
            outputHeight = 1; // a signal is not padded vertically
        }

        var geometry = new PlaneGeometry(height, width, outputHeight, outputWidth, stride, stride);
        int area = outputHeight * outputWidth;
        double[] unfolded = new double[kernel.Length * area];
        for (int u = 0; u < kernelHeight; u++)
        {
            for (int v = 0; v < kernelWidth; v++)
            {
                Convolution.GatherTap<double>(input, unfolded.AsSpan(((u * kernelWidth) + v) * area, area), geometry, u - (height == 1 ? 0 : padding), v - padding);
            }
        }

        double[] output = new double[area];
        Gemm.Multiply<double>(kernel, unfolded, output, 1, area, kernel.Length);
        return output;
    }
}
