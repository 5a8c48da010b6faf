using System;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

public class BiasTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 17)]
    [InlineData(32, 128)]
    public void Rows_get_the_bias_added_and_their_gradients_summed(int rows, int width)
    {
        var random = new Random(rows + width);
        double[] values = Numbers.Uniform<double>(random, rows * width), bias = Numbers.Uniform<double>(random, width);
        double[] result = [.. values];
        Bias.AddToRows<double>(result, bias, rows);
        double[] sums = new double[width];
        sums.AsSpan().Fill(double.NaN); // overwritten, not added to
        Bias.SumRows<double>(values, sums, rows);
        for (int j = 0; j < width; j++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                Assert.Equal(values[(r * width) + j] + bias[j], result[(r * width) + j]);
                sum += values[(r * width) + j];
            }

            Numbers.Close(sum, sums[j], 1e-12, $"bias gradient [{j}]");
        }
    }

    [Fact]
    public void Row_sums_are_the_rows_added_in_order_from_plus_zero_bit_for_bit()
    {
        // Every column split the kernel makes (four vectors, one vector, single columns) at every vector width here, with
        // values whose sums depend on the order, columns of −0 (+0 + −0 is +0), NaN and infinities; no rows give zeros.
        var random = new Random(3);
        foreach (int columns in new[] { 1, 7, 8, 16, 33, 64, 65, 120, 128, 130, 256 })
        {
            foreach (int rows in new[] { 0, 1, 3, 32 })
            {
                CheckSums<float>(random, rows, columns);
                CheckSums<double>(random, rows, columns);
            }
        }
    }

    private static void CheckSums<T>(Random random, int rows, int columns)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T[] values = new T[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            int column = i % columns;
            values[i] = column switch
            {
                0 when columns > 2 => T.NegativeZero,
                1 when columns > 2 && i / columns == rows / 2 => T.NaN,
                2 when columns > 2 && i / columns == 0 => T.PositiveInfinity,
                _ => T.CreateTruncating((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 8))),
            };
        }

        T[] sums = new T[columns];
        sums.AsSpan().Fill(T.One); // overwritten, not added to
        Bias.SumRows<T>(values, sums, rows);
        for (int j = 0; j < columns; j++)
        {
            T expected = T.Zero;
            for (int r = 0; r < rows; r++)
            {
                expected += values[(r * columns) + j];
            }

            Assert.True(expected.Equals(sums[j]) && T.IsNegative(expected) == T.IsNegative(sums[j]), $"{typeof(T).Name} {rows}×{columns}: column {j} is {sums[j]}, expected {expected}");
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 6, 784)]
    [InlineData(3, 4, 9)]
    [InlineData(2, 16, 25)]
    public void Channels_get_their_bias_at_every_position_and_sample(int samples, int channels, int spatial)
    {
        var random = new Random(samples * channels + spatial);
        float[] values = Numbers.Uniform<float>(random, samples * channels * spatial), bias = Numbers.Uniform<float>(random, channels);
        float[] result = [.. values];
        Bias.AddToChannels<float>(result, bias, spatial);
        float[] sums = Numbers.Uniform<float>(random, channels), start = [.. sums];
        Bias.SumChannels<float>(values, sums, spatial, accumulate: true);
        float[] fresh = new float[channels];
        fresh.AsSpan().Fill(float.NaN);
        Bias.SumChannels<float>(values, fresh, spatial);
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int s = 0; s < samples; s++)
            {
                for (int p = 0; p < spatial; p++)
                {
                    int i = (((s * channels) + c) * spatial) + p;
                    Assert.Equal(values[i] + bias[c], result[i]);
                    sum += values[i];
                }
            }

            Numbers.Close(sum, fresh[c], 1e-5 * Math.Max(1, spatial * samples / 10.0), $"channel {c} gradient");
            Numbers.Close(sum + start[c], sums[c], 1e-5 * Math.Max(1, spatial * samples / 10.0), $"channel {c} accumulated gradient");
        }
    }

    [Fact]
    public void Shapes_that_do_not_divide_throw()
    {
        Assert.Throws<ArgumentException>(() => Bias.AddToRows<float>(new float[7], new float[3], 2));
        Assert.Throws<ArgumentException>(() => Bias.SumRows<float>(new float[5], new float[3], 2));
        Assert.Throws<ArgumentException>(() => Bias.AddToChannels<float>(new float[10], new float[3], 3));
        Assert.Throws<ArgumentException>(() => Bias.SumChannels<float>(new float[9], new float[3], 0));
        Assert.Throws<ArgumentException>(() => Bias.SumChannels<float>(new float[9], Span<float>.Empty, 3));
    }
}
