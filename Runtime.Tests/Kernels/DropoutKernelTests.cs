using System;
using StaticNet.Init;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>Dropout masks: reproducible, the right fraction kept, values 0 or 1/keep; and the elementwise product.</summary>
public class DropoutKernelTests
{
    [Fact]
    public void The_same_seed_and_stream_draw_the_same_mask_one_draw_per_entry()
    {
        var first = new SeededRandom(42, stream: 3);
        var second = new SeededRandom(42, stream: 3);
        var other = new SeededRandom(42, stream: 4);
        float[] a = new float[1000], b = new float[1000], c = new float[1000];
        Dropout.DrawMask<float>(a, 0.7, ref first);
        Dropout.DrawMask<float>(b, 0.7, ref second);
        Dropout.DrawMask<float>(c, 0.7, ref other);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        // The next mask continues the stream, and the mask consumed exactly one draw per entry, in order.
        var replay = new SeededRandom(42, stream: 3);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(replay.NextDouble() < 0.7, a[i] != 0);
        }

        Assert.Equal(replay.NextUInt64(), first.NextUInt64());
        Dropout.DrawMask<float>(a, 0.7, ref second);
        Assert.NotEqual(b, a);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.05)]
    public void About_keep_of_the_entries_are_kept_and_scaled_by_one_over_keep(double keep)
    {
        const int n = 100_000;
        var random = new SeededRandom(7);
        double[] mask = new double[n];
        float[] maskFloat = new float[n];
        Dropout.DrawMask<double>(mask, keep, ref random);
        Dropout.DrawMask<float>(maskFloat, keep, ref random);
        int kept = 0, keptFloat = 0;
        for (int i = 0; i < n; i++)
        {
            Assert.True(mask[i] == 0 || mask[i] == 1 / keep, $"mask [{i}] = {mask[i]}");
            Assert.True(maskFloat[i] == 0 || maskFloat[i] == (float)(1 / keep), $"float mask [{i}] = {maskFloat[i]}");
            kept += mask[i] != 0 ? 1 : 0;
            keptFloat += maskFloat[i] != 0 ? 1 : 0;
        }

        double deviation = Math.Sqrt(n * keep * (1 - keep));
        Assert.InRange(kept, (n * keep) - (5 * deviation), (n * keep) + (5 * deviation));
        Assert.InRange(keptFloat, (n * keep) - (5 * deviation), (n * keep) + (5 * deviation));
    }

    [Fact]
    public void Keep_one_gives_ones_without_drawing()
    {
        var random = new SeededRandom(5);
        var fresh = new SeededRandom(5);
        float[] mask = new float[37];
        mask.AsSpan().Fill(float.NaN);
        Dropout.DrawMask<float>(mask, 1.0, ref random);
        Assert.All(mask, m => Assert.Equal(1f, m));
        Assert.Equal(fresh.NextUInt64(), random.NextUInt64());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.000001)]
    [InlineData(double.NaN)]
    public void Keep_outside_zero_to_one_throws(double keep) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var random = new SeededRandom(1);
            Dropout.DrawMask<float>(new float[4], keep, ref random);
        });

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(70)]
    public void Apply_multiplies_elementwise_and_in_place(int length)
    {
        var random = new Random(length);
        float[] input = Numbers.Uniform<float>(random, length), mask = new float[length];
        var seeded = new SeededRandom(length);
        Dropout.DrawMask<float>(mask, 0.6, ref seeded);
        float[] output = new float[length];
        Dropout.Apply<float>(input, mask, output);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(input[i] * mask[i], output[i]);
        }

        Dropout.Apply<float>(input, mask, input);
        Assert.Equal(output, input);
    }

    [Fact]
    public void Apply_with_mismatched_lengths_throws()
    {
        Assert.Throws<ArgumentException>(() => Dropout.Apply<float>(new float[5], new float[4], new float[5]));
        Assert.Throws<ArgumentException>(() => Dropout.Apply<float>(new float[5], new float[5], new float[6]));
    }
}
