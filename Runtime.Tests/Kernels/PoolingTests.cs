using System;
using System.Linq;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>Pooling kernels against naive loops: windows with strides and padding, uneven partitions, global average.</summary>
public class PoolingTests
{
    public static TheoryData<int, int, int, int, int, int, int, int> Windows => new()
    {
        // height, width, window height, window width, stride height, stride width, padding top, padding left
        { 4, 4, 2, 2, 2, 2, 0, 0 },
        { 28, 28, 2, 2, 2, 2, 0, 0 },
        { 10, 10, 2, 2, 2, 2, 0, 0 },
        { 5, 7, 2, 2, 2, 2, 0, 0 },   // odd sizes: the last row and column are not covered
        { 5, 5, 3, 3, 1, 1, 0, 0 },   // overlapping windows
        { 6, 7, 3, 3, 2, 2, 1, 1 },   // padded
        { 3, 8, 1, 3, 1, 2, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Max_pooling_and_its_arg_max_backward_match_the_naive_loop(int height, int width, int windowHeight, int windowWidth, int strideHeight, int strideWidth, int paddingTop, int paddingLeft)
    {
        const int planes = 3;
        PoolGeometry geometry = Geometry(height, width, windowHeight, windowWidth, strideHeight, strideWidth, paddingTop, paddingLeft);
        var random = new Random(height * width);
        double[] input = Numbers.Uniform<double>(random, planes * height * width);
        int outputs = planes * geometry.OutputHeight * geometry.OutputWidth;
        double[] output = new double[outputs];
        int[] argMax = new int[outputs];
        Pooling.MaxForward<double>(input, output, argMax, planes, geometry);
        double[] maxima = new double[outputs];
        Pooling.MaxForward<double>(input, maxima, planes, geometry); // inference's: the maxima alone
        Assert.Equal(output, maxima);

        double[] outputGradient = Numbers.Uniform<double>(random, outputs);
        double[] expectedGradient = new double[input.Length];
        int o = 0;
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                for (int j = 0; j < geometry.OutputWidth; j++, o++)
                {
                    double best = double.NegativeInfinity;
                    int bestIndex = -1;
                    foreach (int index in WindowIndices(geometry, p, i, j))
                    {
                        if (input[index] > best)
                        {
                            best = input[index];
                            bestIndex = index;
                        }
                    }

                    Assert.Equal(best, output[o]);
                    Assert.Equal(bestIndex, argMax[o]);
                    expectedGradient[bestIndex] += outputGradient[o];
                }
            }
        }

        double[] inputGradient = new double[input.Length];
        inputGradient.AsSpan().Fill(double.NaN); // cleared first
        Pooling.MaxBackward<double>(outputGradient, argMax, inputGradient);
        Numbers.AllClose<double>(expectedGradient, inputGradient, 1e-15, "max pooling input gradient");
    }

    [Theory]
    [InlineData(4, 4, 2, 2, 2, 2, 0, 0)]
    [InlineData(5, 7, 2, 2, 2, 2, 0, 0)]
    [InlineData(10, 10, 2, 2, 2, 2, 0, 0)] // 5 outputs a row: two 128-bit vectors, overlapping in 3 windows
    [InlineData(28, 28, 2, 2, 2, 2, 0, 0)] // 14 outputs a row: two 256-bit vectors (AVX2), overlapping in 2 windows
    [InlineData(5, 16, 2, 2, 2, 2, 0, 0)]  // exactly 8
    [InlineData(4, 24, 2, 2, 2, 2, 0, 0)]  // 12: 8, then the last 8
    [InlineData(4, 18, 2, 2, 2, 2, 0, 0)]  // 9: the first 8 and the last 8
    [InlineData(6, 9, 2, 2, 2, 2, 0, 0)]   // exactly 4, an odd column unused
    [InlineData(4, 6, 2, 2, 2, 2, 0, 0)]   // 3: one by one
    [InlineData(4, 37, 2, 2, 2, 2, 0, 0)]  // 18: 8, 8 and the last 8, an odd column unused
    [InlineData(6, 7, 3, 3, 2, 2, 1, 1)]
    public void Max_pooling_keeps_the_first_maximum_on_ties_and_nan(int height, int width, int windowHeight, int windowWidth, int strideHeight, int strideWidth, int paddingTop, int paddingLeft)
    {
        // ReLU outputs tie at zero all the time: the arg-max must be the first maximum in row-major window order,
        // and a NaN never wins a comparison (so it is kept only where it comes first).
        const int planes = 3;
        PoolGeometry geometry = Geometry(height, width, windowHeight, windowWidth, strideHeight, strideWidth, paddingTop, paddingLeft);
        var random = new Random(7 * height * width);
        float[] choices = [0f, 0f, 0f, 1f, 1f, 2f, -1f, float.NaN];
        float[] input = Enumerable.Range(0, planes * height * width).Select(_ => choices[random.Next(choices.Length)]).ToArray();
        int outputs = planes * geometry.OutputHeight * geometry.OutputWidth;
        float[] output = new float[outputs];
        int[] argMax = new int[outputs];
        Pooling.MaxForward<float>(input, output, argMax, planes, geometry);
        float[] maxima = new float[outputs];
        maxima.AsSpan().Fill(float.PositiveInfinity);
        Pooling.MaxForward<float>(input, maxima, planes, geometry); // inference's: the maxima alone, bit for bit
        Assert.Equal(output.Select(BitConverter.SingleToInt32Bits), maxima.Select(BitConverter.SingleToInt32Bits));

        int o = 0;
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                for (int j = 0; j < geometry.OutputWidth; j++, o++)
                {
                    int[] window = WindowIndices(geometry, p, i, j).ToArray();
                    int bestIndex = window[0];
                    foreach (int index in window)
                    {
                        if (input[index] > input[bestIndex])
                        {
                            bestIndex = index;
                        }
                    }

                    Assert.Equal(bestIndex, argMax[o]);
                    Assert.Equal(input[bestIndex], output[o]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Average_pooling_counts_padding_and_its_backward_is_the_adjoint(int height, int width, int windowHeight, int windowWidth, int strideHeight, int strideWidth, int paddingTop, int paddingLeft)
    {
        const int planes = 2;
        PoolGeometry geometry = Geometry(height, width, windowHeight, windowWidth, strideHeight, strideWidth, paddingTop, paddingLeft);
        var random = new Random(height + width);
        float[] input = Numbers.Uniform<float>(random, planes * height * width);
        int outputs = planes * geometry.OutputHeight * geometry.OutputWidth;
        float[] output = new float[outputs];
        Pooling.AverageForward<float>(input, output, planes, geometry);
        int o = 0;
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                for (int j = 0; j < geometry.OutputWidth; j++, o++)
                {
                    double mean = WindowIndices(geometry, p, i, j).Sum(index => (double)input[index]) / (windowHeight * windowWidth);
                    Numbers.Close(mean, output[o], 1e-6, $"average at plane {p} ({i},{j})");
                }
            }
        }

        double[] x = Numbers.Uniform<double>(random, planes * height * width), g = Numbers.Uniform<double>(random, outputs);
        double[] y = new double[outputs], dx = new double[x.Length];
        dx.AsSpan().Fill(double.NaN);
        Pooling.AverageForward<double>(x, y, planes, geometry);
        Pooling.AverageBackward<double>(g, dx, planes, geometry);
        Numbers.Close(Numbers.Dot(y, g), Numbers.Dot(x, dx), 1e-12, "⟨avg(x), g⟩ = ⟨x, avg'(g)⟩");
    }

    [Fact]
    public void Max_pooling_over_the_notes_partition_gives_the_notes_result()
    {
        // Blocks {1,2,3}, {4,5}, {6,7}, {8,9,10} of (2,4,3,7,6,4,1,0,2,9) → (4,7,4,9).
        double[] input = [2, 4, 3, 7, 6, 4, 1, 0, 2, 9];
        double[] output = new double[4];
        int[] argMax = new int[4];
        Pooling.MaxPartitionForward<double>(input, output, argMax, 1, 1, 10, [0, 1], [0, 3, 5, 7, 10]);
        Assert.Equal([4, 7, 4, 9], output);
        Assert.Equal([1, 3, 5, 9], argMax);

        double[] gradient = new double[10];
        Pooling.MaxBackward<double>([1, 2, 3, 4], argMax, gradient);
        Assert.Equal([0, 1, 0, 2, 0, 3, 0, 0, 0, 4], gradient);
    }

    [Fact]
    public void Uneven_two_dimensional_partitions_match_the_naive_loop()
    {
        const int planes = 2, height = 7, width = 9;
        int[] rowBounds = [0, 1, 4, 7], columnBounds = [0, 2, 3, 7, 9];
        var random = new Random(11);
        double[] input = Numbers.Uniform<double>(random, planes * height * width);
        int outputs = planes * 3 * 4;
        double[] max = new double[outputs], mean = new double[outputs];
        int[] argMax = new int[outputs];
        Pooling.MaxPartitionForward<double>(input, max, argMax, planes, height, width, rowBounds, columnBounds);
        Pooling.AveragePartitionForward<double>(input, mean, planes, height, width, rowBounds, columnBounds);
        double[] g = Numbers.Uniform<double>(random, outputs);
        double[] expectedMaxGradient = new double[input.Length], expectedMeanGradient = new double[input.Length];
        int o = 0;
        for (int p = 0; p < planes; p++)
        {
            for (int a = 0; a < 3; a++)
            {
                for (int b = 0; b < 4; b++, o++)
                {
                    int[] block = (from r in Enumerable.Range(rowBounds[a], rowBounds[a + 1] - rowBounds[a])
                                   from c in Enumerable.Range(columnBounds[b], columnBounds[b + 1] - columnBounds[b])
                                   select (p * height * width) + (r * width) + c).ToArray();
                    int best = block.OrderByDescending(i => input[i]).First();
                    Assert.Equal(input[best], max[o]);
                    Assert.Equal(best, argMax[o]);
                    Numbers.Close(block.Average(i => input[i]), mean[o], 1e-15, $"block mean {o}");
                    expectedMaxGradient[best] += g[o];
                    foreach (int i in block)
                    {
                        expectedMeanGradient[i] += g[o] / block.Length;
                    }
                }
            }
        }

        double[] maxGradient = new double[input.Length], meanGradient = new double[input.Length];
        meanGradient.AsSpan().Fill(double.NaN);
        Pooling.MaxBackward<double>(g, argMax, maxGradient);
        Pooling.AveragePartitionBackward<double>(g, meanGradient, planes, height, width, rowBounds, columnBounds);
        Numbers.AllClose<double>(expectedMaxGradient, maxGradient, 1e-15, "partition max gradient");
        Numbers.AllClose<double>(expectedMeanGradient, meanGradient, 1e-15, "partition mean gradient");
    }

    [Fact]
    public void Global_average_is_the_plane_mean_and_spreads_its_gradient_evenly()
    {
        const int planes = 5, area = 49;
        var random = new Random(12);
        float[] input = Numbers.Uniform<float>(random, planes * area);
        float[] output = new float[planes];
        Pooling.GlobalAverageForward<float>(input, output, planes, area);
        float[] g = Numbers.Uniform<float>(random, planes), dx = new float[planes * area];
        Pooling.GlobalAverageBackward<float>(g, dx, planes, area);
        for (int p = 0; p < planes; p++)
        {
            Numbers.Close(input.Skip(p * area).Take(area).Average(v => (double)v), output[p], 1e-6, $"plane {p} mean");
            Assert.All(dx.Skip(p * area).Take(area), v => Numbers.Close(g[p] / (double)area, v, 1e-8, $"plane {p} gradient"));
        }
    }

    [Fact]
    public void Mismatched_spans_throw()
    {
        PoolGeometry geometry = Geometry(4, 4, 2, 2, 2, 2, 0, 0);
        Assert.Throws<ArgumentException>(() => Pooling.MaxForward<float>(new float[15], new float[4], new int[4], 1, geometry));
        Assert.Throws<ArgumentException>(() => Pooling.MaxForward<float>(new float[16], new float[3], 1, geometry));
        Assert.Throws<ArgumentException>(() => Pooling.AverageForward<float>(new float[16], new float[5], 1, geometry));
        Assert.Throws<ArgumentException>(() => Pooling.AverageBackward<float>(new float[4], new float[17], 1, geometry));
        Assert.Throws<ArgumentException>(() => Pooling.MaxBackward<float>(new float[4], new int[3], new float[16]));
        Assert.Throws<ArgumentException>(() => Pooling.GlobalAverageForward<float>(new float[10], new float[2], 2, 4));
    }

    private static PoolGeometry Geometry(int height, int width, int windowHeight, int windowWidth, int strideHeight, int strideWidth, int paddingTop, int paddingLeft) =>
        new(height, width,
            ((height + (2 * paddingTop) - windowHeight) / strideHeight) + 1,
            ((width + (2 * paddingLeft) - windowWidth) / strideWidth) + 1,
            windowHeight, windowWidth, strideHeight, strideWidth, paddingTop, paddingLeft);

    /// <summary>The flat input indices window (i, j) of plane <paramref name="plane"/> covers, padding excluded, in row-major order.</summary>
    private static int[] WindowIndices(PoolGeometry g, int plane, int i, int j) =>
        (from r in Enumerable.Range((i * g.StrideHeight) - g.PaddingTop, g.WindowHeight)
         from c in Enumerable.Range((j * g.StrideWidth) - g.PaddingLeft, g.WindowWidth)
         where r >= 0 && r < g.Height && c >= 0 && c < g.Width
         select (plane * g.Height * g.Width) + (r * g.Width) + c).ToArray();
}
