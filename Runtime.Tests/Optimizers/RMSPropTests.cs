using System;
using System.Numerics;
using StaticNet.Optimizers;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class RMSPropTests
{
    [Fact]
    public void Three_double_steps_match_the_scalar_reference() => ThreeSteps<double>();

    [Fact]
    public void Three_float_steps_match_the_double_reference() => ThreeSteps<float>();

    [Fact]
    public void The_first_step_from_zero_divides_by_the_root_of_the_new_average()
    {
        double[] w = [1, -2, 3, 0.5, -0.25], g = [0.5, -1, 2, 4, 1e-3], s = new double[5];
        double[] start = [.. w];
        RMSProp.Update<double>(w, s, g, 0.01, 0.99, 1e-8, GradientAdjustment<double>.None);
        for (int i = 0; i < w.Length; i++)
        {
            // S = (1−ρ)·g² ≈ 0.01·g², so the step is α·g/(√(1−ρ)·|g| + ε) ≈ 10α·sign(g).
            Assert.Equal((1 - 0.99) * g[i] * g[i], s[i]);
            Assert.Equal(-0.1 * Math.Sign(g[i]), w[i] - start[i], 1e-5);
        }
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        var error = Assert.Throws<ArgumentException>(() => RMSProp.Update<double>(new double[3], new double[4], new double[3], 0.1, 0.9, 1e-8, GradientAdjustment<double>.None));
        Assert.Equal("squareAverage", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => RMSProp.Update<double>(new double[3], new double[3], new double[2], 0.1, 0.9, 1e-8, GradientAdjustment<double>.None));
        Assert.Equal("gradients", error.ParamName);
    }

    private static void ThreeSteps<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double alpha = Steps.Round<T>(0.01), rho = Steps.Round<T>(0.9), epsilon = Steps.Round<T>(1e-7);
        T[] w = Steps.As<T>(Steps.Weights()), s = new T[Steps.Length];
        double[] expectedW = Steps.Round<T>(Steps.Weights()), expectedS = new double[Steps.Length];
        for (int step = 1; step <= 3; step++)
        {
            double[] g = Steps.Round<T>(Steps.Gradient(step));
            RMSProp.Update<T>(w, s, Steps.As<T>(g), T.CreateTruncating(alpha), T.CreateTruncating(rho), T.CreateTruncating(epsilon), Steps.Adjustment<T>());
            for (int i = 0; i < Steps.Length; i++)
            {
                // S ← ρS + (1−ρ)g′²; W ← W − α·g′/(√S + ε).
                double adjusted = Steps.Adjust<T>(g[i], expectedW[i]);
                expectedS[i] = (rho * expectedS[i]) + ((1 - rho) * adjusted * adjusted);
                expectedW[i] -= alpha * adjusted / (Math.Sqrt(expectedS[i]) + epsilon);
            }
        }

        Steps.Check(expectedS, s, "S");
        Steps.Check(expectedW, w, "W");
    }
}
