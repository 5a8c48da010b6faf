using System;
using System.Numerics;
using StaticNet.Optimizers;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class SgdTests
{
    [Fact]
    public void Three_double_steps_match_the_scalar_reference() => ThreeSteps<double>();

    [Fact]
    public void Three_float_steps_match_the_double_reference() => ThreeSteps<float>();

    [Fact]
    public void Without_an_adjustment_the_step_is_minus_alpha_times_the_gradient()
    {
        double[] w = [1, -2, 0.5, 3, 0, 7, -1, 2, 4], g = [0.5, 0.25, -1, 2, 8, -4, 0, 1, -0.5];
        double[] start = [.. w];
        Sgd.Update<double>(w, g, 0.5, GradientAdjustment<double>.None);
        for (int i = 0; i < w.Length; i++)
        {
            Assert.Equal(start[i] - (0.5 * g[i]), w[i]);
        }
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        var error = Assert.Throws<ArgumentException>(() => Sgd.Update<double>(new double[9], new double[8], 0.1, GradientAdjustment<double>.None));
        Assert.Equal("gradients", error.ParamName);
        Assert.Contains("holds 8 values but the parameters span 9", error.Message, StringComparison.Ordinal);
    }

    private static void ThreeSteps<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double alpha = Steps.Round<T>(0.05);
        T[] w = Steps.As<T>(Steps.Weights());
        double[] expected = Steps.Round<T>(Steps.Weights());
        for (int step = 1; step <= 3; step++)
        {
            double[] g = Steps.Round<T>(Steps.Gradient(step));
            Sgd.Update<T>(w, Steps.As<T>(g), T.CreateTruncating(alpha), Steps.Adjustment<T>());
            for (int i = 0; i < Steps.Length; i++)
            {
                // W ← W − α·g′.
                expected[i] -= alpha * Steps.Adjust<T>(g[i], expected[i]);
            }
        }

        Steps.Check(expected, w, "W");
    }
}
