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
