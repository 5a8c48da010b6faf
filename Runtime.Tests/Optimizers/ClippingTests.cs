using System;
using System.Numerics;
using StaticNet.Optimizers;
using StaticNet.Runtime.Tests.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class ClippingTests
{
    [Fact]
    public void Below_the_largest_norm_the_scale_is_one()
    {
        Assert.Equal(1, Clipping.NormScale<double>([0.3, 0.4], 1));
        Assert.Equal(1f, Clipping.NormScale<float>(new float[Steps.Length], 1));
        // Just below: 5 / (5 + 1e-6) < 1 is clipped, as PyTorch clips; 5.00001 is not.
        Assert.True(Clipping.NormScale<double>([3, 4], 5) < 1);
        Assert.Equal(1, Clipping.NormScale<double>([3, 4], 5.00001));
    }

    [Fact]
    public void Above_the_largest_norm_the_scale_is_maxNorm_over_norm_plus_1e6_in_float() => Above<float>();

    [Fact]
    public void Above_the_largest_norm_the_scale_is_maxNorm_over_norm_plus_1e6_in_double() => Above<double>();

    [Fact]
    public void The_scaled_gradients_have_the_largest_norm()
    {
        double[] g = Numbers.Uniform<double>(new Random(4), Steps.Length, -3, 3), w = new double[Steps.Length];
        var adjustment = new GradientAdjustment<double>(Clipping.NormScale<double>(g, 1.5), double.PositiveInfinity, 0, 0);
        Sgd.Update<double>(w, g, 1, adjustment);
        Assert.Equal(1.5, Math.Sqrt(Numbers.Dot(w, w)), 1e-6);
    }

    [Fact]
    public void An_infinite_largest_norm_is_one_whatever_the_gradients()
    {
        Assert.Equal(1, Clipping.NormScale<double>([1e300, 1e300, double.NaN], double.PositiveInfinity));
        Assert.Equal(1f, Clipping.NormScale<float>([3e38f, float.PositiveInfinity], double.PositiveInfinity));
    }

    [Fact]
    public void The_sum_of_squares_is_accumulated_in_double()
    {
        // 1e20² overflows float; the norm, 1e20·√37, does not.
        float[] g = new float[Steps.Length];
        Array.Fill(g, 1e20f);
        float scale = Clipping.NormScale<float>(g, 1e19);
        Assert.Equal(1e19 / (1e20 * Math.Sqrt(Steps.Length)), scale, 1e-6);
    }

    [Fact]
    public void A_non_finite_norm_gives_NaN()
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            double[] g = new double[Steps.Length];
            g[20] = bad;
            Assert.True(double.IsNaN(Clipping.NormScale<double>(g, 1)), $"{bad} in the vector loop");
            g[20] = 0;
            g[36] = bad;
            Assert.True(double.IsNaN(Clipping.NormScale<double>(g, 1)), $"{bad} in the tail");
        }

        // Finite doubles whose squares overflow.
        Assert.True(double.IsNaN(Clipping.NormScale<double>([1e200, 1e200], 1)));
        Assert.True(float.IsNaN(Clipping.NormScale<float>([float.NaN], 1)));
    }

    [Fact]
    public void The_largest_norm_must_be_positive()
    {
        foreach (double maxNorm in new[] { 0, -1, double.NaN, double.NegativeInfinity })
        {
            Assert.Throws<ArgumentOutOfRangeException>("maxNorm", () => Clipping.NormScale<double>([1, 2], maxNorm));
        }
    }

    /// <summary>Integer gradients: Σg² is exact in any order, so the expected scale is exact.</summary>
    private static void Above<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] g = new T[Steps.Length];
        double sum = 0;
        for (int i = 0; i < g.Length; i++)
        {
            double x = (i % 7) - 3;
            g[i] = T.CreateTruncating(x);
            sum += x * x;
        }

        foreach (double maxNorm in new[] { 1, 0.5, 7.25 })
        {
            T expected = T.CreateTruncating(maxNorm / (Math.Sqrt(sum) + 1e-6));
            Assert.Equal(expected, Clipping.NormScale<T>(g, maxNorm));
            Assert.True(expected < T.One);
        }
    }
}
