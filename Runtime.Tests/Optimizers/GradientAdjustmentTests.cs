using System;
using System.Numerics;
using StaticNet.Optimizers;
using StaticNet.Runtime.Tests.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class GradientAdjustmentTests
{
    [Fact]
    public void None_and_default_pass_the_gradient_unchanged()
    {
        foreach (GradientAdjustment<double> none in new[] { GradientAdjustment<double>.None, default })
        {
            Assert.Equal(1, none.Scale);
            Assert.Equal(double.PositiveInfinity, none.ClipValue);
            Assert.Equal(0, none.L2);
            Assert.Equal(0, none.L1);
            foreach (double g in new[] { 0.3, -2.5, 1e300, -1e-300, 0 })
            {
                Assert.Equal(g, none.Apply(g, 7));
                Assert.Equal(g, none.Apply(g, 0));
            }
        }
    }

    [Fact]
    public void Clipping_by_value_bounds_the_scaled_gradient()
    {
        var clip = new GradientAdjustment<double>(scale: 2, clipValue: 1, l2: 0, l1: 0);
        Assert.Equal(0.6, clip.Apply(0.3, 5));
        Assert.Equal(1, clip.Apply(0.7, 5));
        Assert.Equal(-1, clip.Apply(-3, 5));
        Assert.Equal(-1, clip.Apply(-0.5, 5));
    }

    [Fact]
    public void Scaling_multiplies_the_gradient()
    {
        var half = new GradientAdjustment<double>(0.5, double.PositiveInfinity, 0, 0);
        Assert.Equal(1.5, half.Apply(3, 7));
        Assert.Equal(-1e300, half.Apply(-2e300, 7));
    }

    [Fact]
    public void L2_adds_l2_times_the_weight()
    {
        var l2 = new GradientAdjustment<double>(1, double.PositiveInfinity, 0.125, 0);
        Assert.Equal(0.25 + 0.25, l2.Apply(0.25, 2));
        Assert.Equal(0.25 - 0.5, l2.Apply(0.25, -4));
        Assert.Equal(0.25, l2.Apply(0.25, 0));
    }

    [Fact]
    public void L1_adds_l1_times_the_sign_of_the_weight_and_nothing_at_zero()
    {
        var l1 = new GradientAdjustment<double>(1, double.PositiveInfinity, 0, 0.125);
        Assert.Equal(0.5 + 0.125, l1.Apply(0.5, 3));
        Assert.Equal(0.5 - 0.125, l1.Apply(0.5, -3));
        Assert.Equal(0.5 + 0.125, l1.Apply(0.5, 1e-300));
        // The subgradient at 0 is 0, for both zeros.
        Assert.Equal(0.5, l1.Apply(0.5, 0.0));
        Assert.Equal(0.5, l1.Apply(0.5, -0.0));
    }

    [Fact]
    public void The_penalties_are_added_after_clipping()
    {
        var all = new GradientAdjustment<double>(scale: 1, clipValue: 1, l2: 0.5, l1: 0.25);
        // clamp(10) = 1, then + 0.5·4 + 0.25·1: the penalty is not clipped.
        Assert.Equal(1 + 2 + 0.25, all.Apply(10, 4));
    }

    [Fact]
    public void WithRegularization_keeps_the_scale_and_clip_value()
    {
        var adjusted = new GradientAdjustment<float>(0.5f, 2f, 0, 0).WithRegularization(0.01f, 0.001f);
        Assert.Equal(0.5f, adjusted.Scale);
        Assert.Equal(2f, adjusted.ClipValue);
        Assert.Equal(0.01f, adjusted.L2);
        Assert.Equal(0.001f, adjusted.L1);
        Assert.Equal(double.PositiveInfinity, GradientAdjustment<double>.None.WithRegularization(1e-4, 0).ClipValue);
    }

    [Fact]
    public void A_NaN_gradient_stays_NaN() =>
        Assert.True(double.IsNaN(new GradientAdjustment<double>(2, 1, 0.1, 0.1).Apply(double.NaN, 1)));

    [Fact]
    public void The_vector_loop_adjusts_exactly_as_Apply_in_float() => VectorLoopMatchesApply<float>();

    [Fact]
    public void The_vector_loop_adjusts_exactly_as_Apply_in_double() => VectorLoopMatchesApply<double>();

    [Fact]
    public void Out_of_range_arguments_throw()
    {
        const double inf = double.PositiveInfinity, nan = double.NaN;
        foreach (double scale in new[] { -1, -1e-300, inf, nan })
        {
            Assert.Throws<ArgumentOutOfRangeException>("scale", () => new GradientAdjustment<double>(scale, inf, 0, 0));
        }

        foreach (double clip in new[] { 0, -0.0, -1, double.NegativeInfinity, nan })
        {
            Assert.Throws<ArgumentOutOfRangeException>("clipValue", () => new GradientAdjustment<double>(1, clip, 0, 0));
        }

        foreach (double penalty in new[] { -1e-3, inf, nan })
        {
            Assert.Throws<ArgumentOutOfRangeException>("l2", () => new GradientAdjustment<double>(1, inf, penalty, 0));
            Assert.Throws<ArgumentOutOfRangeException>("l1", () => new GradientAdjustment<double>(1, inf, 0, penalty));
            Assert.Throws<ArgumentOutOfRangeException>("l2", () => GradientAdjustment<double>.None.WithRegularization(penalty, 0));
            Assert.Throws<ArgumentOutOfRangeException>("l1", () => GradientAdjustment<double>.None.WithRegularization(0, penalty));
        }

        // The edges of the ranges are allowed.
        var edges = new GradientAdjustment<double>(0, double.Epsilon, 0, 0);
        Assert.Equal(0, edges.Apply(5, 5));
    }

    /// <summary>
    /// Momentum with μ = 0, α = 1 and a zero velocity stores V = −g′, so the kernel's adjusted gradients can be read
    /// back for every element: the vector loop's must equal <see cref="GradientAdjustment{T}.Apply"/>'s exactly.
    /// </summary>
    private static void VectorLoopMatchesApply<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        GradientAdjustment<T> adjustment = new(T.CreateTruncating(0.8), T.CreateTruncating(0.6), T.CreateTruncating(0.01), T.CreateTruncating(0.05));
        T[] w = Steps.As<T>(Steps.Weights()), g = Steps.As<T>(Steps.Gradient(1));
        w[5] = -T.Zero;
        g[2] = T.NaN;
        g[35] = T.NaN;
        g[7] = T.PositiveInfinity;
        g[8] = T.NegativeInfinity;
        g[9] = -T.Zero;

        // On the bounds: 0.8·0.75 and 0.8·−0.75 round to ±0.6 or next to it, either side of the compares.
        g[10] = T.CreateTruncating(0.75);
        g[11] = T.CreateTruncating(-0.75);
        T[] v = new T[w.Length], before = [.. w];
        Momentum.Update<T>(w, v, g, T.One, T.Zero, adjustment);
        for (int i = 0; i < w.Length; i++)
        {
            T expected = adjustment.Apply(g[i], before[i]), actual = -v[i];
            Assert.True(expected == actual || (T.IsNaN(expected) && T.IsNaN(actual)), $"{typeof(T).Name} g′[{i}]: Apply gives {expected}, the kernel {actual}.");
        }

        Numbers.Close(0.6 + (0.01 * double.CreateTruncating(before[7])) + (0.05 * Math.Sign(double.CreateTruncating(before[7]))), double.CreateTruncating(-v[7]), 1e-6, "+∞ clipped");
    }
}
