using System;
using System.Numerics;
using StaticNet.Optimizers;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class AdaGradTests
{
    [Fact]
    public void Three_double_steps_match_the_scalar_reference() => ThreeSteps<double>();

    [Fact]
    public void Three_float_steps_match_the_double_reference() => ThreeSteps<float>();

    [Fact]
    public void The_first_step_from_a_zero_sum_moves_each_weight_by_about_alpha()
    {
        double[] w = [1, -2, 3, 0.5, -0.25], g = [0.5, -1, 2, 4, 1e-3], sum = new double[5];
        double[] start = [.. w];
        AdaGrad.Update<double>(w, sum, g, 0.01, 1e-10, GradientAdjustment<double>.None);
        for (int i = 0; i < w.Length; i++)
        {
            // G = g², so the step is α·g/(|g| + ε) ≈ α·sign(g).
            Assert.Equal(g[i] * g[i], sum[i]);
            Assert.Equal(-0.01 * Math.Sign(g[i]), w[i] - start[i], 1e-9);
        }
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        var error = Assert.Throws<ArgumentException>(() => AdaGrad.Update<double>(new double[3], new double[2], new double[3], 0.1, 1e-10, GradientAdjustment<double>.None));
        Assert.Equal("sum", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => AdaGrad.Update<double>(new double[3], new double[3], new double[4], 0.1, 1e-10, GradientAdjustment<double>.None));
        Assert.Equal("gradients", error.ParamName);
    }

    private static void ThreeSteps<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double alpha = Steps.Round<T>(0.05), epsilon = Steps.Round<T>(1e-7);
        T[] w = Steps.As<T>(Steps.Weights()), sum = new T[Steps.Length];
        double[] expectedW = Steps.Round<T>(Steps.Weights()), expectedSum = new double[Steps.Length];
        for (int step = 1; step <= 3; step++)
        {
            double[] g = Steps.Round<T>(Steps.Gradient(step));
            AdaGrad.Update<T>(w, sum, Steps.As<T>(g), T.CreateTruncating(alpha), T.CreateTruncating(epsilon), Steps.Adjustment<T>());
            for (int i = 0; i < Steps.Length; i++)
            {
                // G ← G + g′²; W ← W − α·g′/(√G + ε).
                double adjusted = Steps.Adjust<T>(g[i], expectedW[i]);
                expectedSum[i] += adjusted * adjusted;
                expectedW[i] -= alpha * adjusted / (Math.Sqrt(expectedSum[i]) + epsilon);
            }
        }

        Steps.Check(expectedSum, sum, "G");
        Steps.Check(expectedW, w, "W");
    }
}
