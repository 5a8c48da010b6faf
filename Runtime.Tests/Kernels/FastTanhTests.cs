using System;
using System.Linq;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>
/// The float tanh of <see cref="Activations.Tanh{T}"/> (a rational approximation where vectors are
/// accelerated): its accuracy over a dense sweep, its edges, and that a value's result does not depend on
/// where it sits in the span.
/// </summary>
public class FastTanhTests
{
    [Fact]
    public void Float_tanh_is_within_4e_7_of_tanh_everywhere()
    {
        // Every 2^-12 over [-12, 12], and magnitudes from 1e-38 to 1 on a log scale, both signs.
        float[] x =
        [
            .. Enumerable.Range(-12 * 4096, (24 * 4096) + 1).Select(i => i / 4096f),
            .. Enumerable.Range(0, 20_000).Select(i => MathF.Pow(10, -38 + (i * 38f / 20_000))).SelectMany(v => new[] { v, -v }),
        ];
        float[] y = [.. x];
        Activations.Tanh<float>(y);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Tanh(x[i]);
            // 2.6e-7 with FMA; 3.7e-7 where the multiply-adds round twice (DOTNET_EnableAVX2=0 turns FMA off).
            Assert.True(Math.Abs(y[i] - expected) <= 4e-7, $"tanh({x[i]:R}) = {y[i]:R}, expected {expected:R}");
            Assert.True(Math.Abs(y[i]) <= 1, $"tanh({x[i]:R}) = {y[i]:R} is beyond ±1");
            if (Math.Abs(x[i]) < 1e-3)
            {
                // Small values keep their relative accuracy (no cancellation): within about 2 units in the last place.
                Assert.True(Math.Abs(y[i] - expected) <= Math.Abs(expected) * 2.5e-7, $"tanh({x[i]:R}) = {y[i]:R}, expected {expected:R}");
            }
        }
    }

    [Fact]
    public void Float_tanh_edges()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 9f, -9f, 20f, float.MaxValue, -float.MaxValue, float.Epsilon];
        float[] y = [.. x];
        Activations.Tanh<float>(y);
        Assert.True(float.IsNaN(y[0]), "NaN stays NaN, so the non-finite guard sees it");
        Assert.Equal([1f, -1f], y[1..3]);
        Assert.True(y[3] == 0 && !float.IsNegative(y[3]));
        Assert.True(y[4] == 0 && float.IsNegative(y[4]), "tanh(−0) = −0");
        // Exactly ±1 from 9 on; without vector hardware TensorPrimitives' tanh may stop a unit short.
        Assert.All(new[] { 1f, -1f, 1f, 1f, -1f }.Zip(y[5..10]), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 6e-8, $"{pair.Second} for ±1"));
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            Assert.Equal([1f, -1f, 1f, 1f, -1f], y[5..10]);
        }

        Assert.Equal(float.Epsilon, y[10]);
    }

    [Fact]
    public void Float_tanh_is_odd_and_does_not_depend_on_position()
    {
        var random = new Random(3);
        float[] values = Enumerable.Range(0, 203).Select(_ => (float)((random.NextDouble() * 16) - 8)).ToArray();
        float[] whole = [.. values];
        Activations.Tanh<float>(whole);
        float[] negated = values.Select(v => -v).ToArray();
        Activations.Tanh<float>(negated);
        for (int length = 0; length <= 37; length++)
        {
            for (int start = 0; start + length <= values.Length; start += 29)
            {
                float[] part = values[start..(start + length)];
                Activations.Tanh<float>(part);
                Assert.Equal(whole[start..(start + length)], part);
            }
        }

        Assert.Equal(whole.Select(v => -v), negated);
    }
}
