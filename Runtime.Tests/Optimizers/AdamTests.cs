using System;
using System.Numerics;
using StaticNet.Optimizers;
using StaticNet.Runtime.Tests.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class AdamTests
{
    private const double Alpha = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    [Fact]
    public void Three_double_steps_match_the_scalar_reference() => ThreeSteps<double>(decoupledWeightDecay: 0);

    [Fact]
    public void Three_float_steps_match_the_double_reference() => ThreeSteps<float>(decoupledWeightDecay: 0);

    [Fact]
    public void Three_double_AdamW_steps_match_the_scalar_reference() => ThreeSteps<double>(decoupledWeightDecay: 0.01);

    [Fact]
    public void Three_float_AdamW_steps_match_the_double_reference() => ThreeSteps<float>(decoupledWeightDecay: 0.01);

    [Fact]
    public void At_step_1_each_weight_moves_by_alpha_g_over_the_size_of_g_plus_epsilon()
    {
        var random = new Random(8);
        double[] g = Numbers.Uniform<double>(random, Steps.Length, 0.1, 2);
        for (int i = 0; i < g.Length; i += 2)
        {
            g[i] = -g[i];
        }

        // Weights from 0, so the new weight is minus the update without a rounding of its own.
        double[] w = new double[Steps.Length], m = new double[Steps.Length], v = new double[Steps.Length];
        Adam.Update<double>(w, m, v, g, Alpha, Beta1, Beta2, Epsilon, step: 1, decoupledWeightDecay: 0, GradientAdjustment<double>.None);
        for (int i = 0; i < g.Length; i++)
        {
            double update = -w[i];
            // m̂ = g and v̂ = g², so the update is α·g/(|g| + ε): in exact arithmetic, and here to a few roundings.
            double exact = Alpha * g[i] / (Math.Abs(g[i]) + Epsilon);
            Numbers.Close(exact, update, 4e-15 * Alpha, $"update[{i}]");
            // |g| ≫ ε: the first step is α·sign(g), whatever the size of g.
            Numbers.Close(Alpha * Math.Sign(g[i]), update, Alpha * 1e-6, $"update[{i}] against α·sign(g)");
        }
    }

    [Fact]
    public void AdamW_shrinks_the_weights_by_one_minus_alpha_lambda_even_with_zero_gradients()
    {
        const double lambda = 0.01;
        foreach (long step in new long[] { 1, 2, 50 })
        {
            double[] w = Steps.Weights(), start = [.. w], m = new double[Steps.Length], v = new double[Steps.Length];
            Adam.Update<double>(w, m, v, new double[Steps.Length], Alpha, Beta1, Beta2, Epsilon, step, lambda, GradientAdjustment<double>.None);
            for (int i = 0; i < w.Length; i++)
            {
                // Zero moments: the Adam step is 0/ε = 0, so only the decay acts, and it stays out of the moments.
                Assert.Equal(start[i] * (1 - (Alpha * lambda)), w[i]);
                Assert.Equal(0, m[i]);
                Assert.Equal(0, v[i]);
            }
        }
    }

    [Fact]
    public void Plain_Adam_leaves_the_weights_alone_with_zero_gradients_but_L2_moves_them()
    {
        double[] w = Steps.Weights(), start = [.. w], m = new double[Steps.Length], v = new double[Steps.Length];
        Adam.Update<double>(w, m, v, new double[Steps.Length], Alpha, Beta1, Beta2, Epsilon, 1, 0, GradientAdjustment<double>.None);
        Assert.Equal(start, w);

        // L2 through the adjustment joins the gradient: g′ = λw, so the first step is α·g′/(|g′| + ε) ≈ α·sign(w),
        // not a shrink by αλ.
        Adam.Update<double>(w, m, v, new double[Steps.Length], Alpha, Beta1, Beta2, Epsilon, 1, 0, GradientAdjustment<double>.None.WithRegularization(0.01, 0));
        for (int i = 0; i < w.Length; i++)
        {
            double adjusted = 0.01 * start[i];
            Numbers.Close(start[i] - (Alpha * adjusted / (Math.Abs(adjusted) + Epsilon)), w[i], 1e-15, $"W[{i}]");
        }
    }

    [Fact]
    public void The_step_counts_from_one()
    {
        double[] w = new double[4], m = new double[4], v = new double[4], g = new double[4];
        Assert.Throws<ArgumentOutOfRangeException>("step", () => Adam.Update<double>(w, m, v, g, Alpha, Beta1, Beta2, Epsilon, 0, 0, GradientAdjustment<double>.None));
        Assert.Throws<ArgumentOutOfRangeException>("step", () => Adam.Update<double>(w, m, v, g, Alpha, Beta1, Beta2, Epsilon, -1, 0, GradientAdjustment<double>.None));
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        static void Run(int w, int m, int v, int g) =>
            Adam.Update<float>(new float[w], new float[m], new float[v], new float[g], 1e-3f, 0.9f, 0.999f, 1e-8f, 1, 0, GradientAdjustment<float>.None);

        Assert.Equal("firstMoment", Assert.Throws<ArgumentException>(() => Run(9, 8, 9, 9)).ParamName);
        Assert.Equal("secondMoment", Assert.Throws<ArgumentException>(() => Run(9, 9, 10, 9)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => Run(9, 9, 9, 1)).ParamName);
    }

    private static void ThreeSteps<T>(double decoupledWeightDecay)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double alpha = Steps.Round<T>(Alpha), beta1 = Steps.Round<T>(Beta1), beta2 = Steps.Round<T>(Beta2);
        double epsilon = Steps.Round<T>(Epsilon), lambda = Steps.Round<T>(decoupledWeightDecay);
        T[] w = Steps.As<T>(Steps.Weights()), m = new T[Steps.Length], v = new T[Steps.Length];
        double[] expectedW = Steps.Round<T>(Steps.Weights()), expectedM = new double[Steps.Length], expectedV = new double[Steps.Length];
        for (int step = 1; step <= 3; step++)
        {
            double[] g = Steps.Round<T>(Steps.Gradient(step));
            Adam.Update<T>(w, m, v, Steps.As<T>(g), T.CreateTruncating(alpha), T.CreateTruncating(beta1), T.CreateTruncating(beta2),
                T.CreateTruncating(epsilon), step, T.CreateTruncating(lambda), Steps.Adjustment<T>());
            double stepSize = alpha / (1 - Math.Pow(beta1, step)), correction2 = Math.Sqrt(1 - Math.Pow(beta2, step));
            for (int i = 0; i < Steps.Length; i++)
            {
                // g′ from W before the decay; W ← W(1 − αλ); m ← β₁m + (1−β₁)g′; v ← β₂v + (1−β₂)g′²;
                // W ← W − (α/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε).
                double adjusted = Steps.Adjust<T>(g[i], expectedW[i]);
                expectedW[i] *= 1 - (alpha * lambda);
                expectedM[i] = (beta1 * expectedM[i]) + ((1 - beta1) * adjusted);
                expectedV[i] = (beta2 * expectedV[i]) + ((1 - beta2) * adjusted * adjusted);
                expectedW[i] -= stepSize * expectedM[i] / ((Math.Sqrt(expectedV[i]) / correction2) + epsilon);
            }
        }

        Steps.Check(expectedM, m, "m");
        Steps.Check(expectedV, v, "v");
        Steps.Check(expectedW, w, "W");
    }
}
