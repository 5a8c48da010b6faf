using System;
using System.Numerics;
using System.Runtime.InteropServices;
using StaticNet.Optimizers;
using StaticNet.Runtime.Tests.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class MomentumTests
{
    [Fact]
    public void One_float_step_matches_the_notes_elementwise_for_every_tail_length() => OneStep<float>();

    [Fact]
    public void One_double_step_matches_the_notes_elementwise_for_every_tail_length() => OneStep<double>();

    [Fact]
    public void Three_double_steps_match_the_scalar_reference() => ThreeSteps<double>();

    [Fact]
    public void Three_float_steps_match_the_double_reference() => ThreeSteps<float>();

    [Fact]
    public void Zero_momentum_is_plain_gradient_descent()
    {
        var random = new Random(5);
        foreach (int length in new[] { 1, 7, 16, 33, 70 })
        {
            double[] w = Numbers.Uniform<double>(random, length), v = Numbers.Uniform<double>(random, length), g = Numbers.Uniform<double>(random, length);
            double[] start = [.. w];
            Momentum.Update<double>(w, v, g, learningRate: 0.1, momentum: 0, GradientAdjustment<double>.None);
            for (int i = 0; i < length; i++)
            {
                // The old velocity is forgotten: W ← W − αg.
                Numbers.Close(start[i] - (0.1 * g[i]), w[i], 1e-15, $"length {length} W[{i}]");
                Numbers.Close(-0.1 * g[i], v[i], 1e-15, $"length {length} V[{i}]");
            }
        }
    }

    [Fact]
    public void Zero_momentum_equals_Sgd_bit_for_bit_over_three_float_steps() => SameAsSgd<float>();

    [Fact]
    public void Zero_momentum_equals_Sgd_bit_for_bit_over_three_double_steps() => SameAsSgd<double>();

    [Fact]
    public void Mismatched_lengths_throw()
    {
        var error = Assert.Throws<ArgumentException>(() => Momentum.Update<float>(new float[4], new float[3], new float[4], 0.1f, 0.9f, GradientAdjustment<float>.None));
        Assert.Equal("velocity", error.ParamName);
        Assert.Contains("holds 3 values but the parameters span 4", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => Momentum.Update<float>(new float[4], new float[4], new float[5], 0.1f, 0.9f, GradientAdjustment<float>.None));
        Assert.Equal("gradients", error.ParamName);
    }

    private static void OneStep<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(typeof(T).Name.Length);
        const double alpha = 0.05, mu = 0.9, lambda = 1e-3;
        double epsilon = Numbers.Epsilon<T>();
        GradientAdjustment<T> decay = GradientAdjustment<T>.None.WithRegularization(T.CreateChecked(lambda), T.Zero);
        for (int length = 1; length <= 70; length++)
        {
            T[] w = Numbers.Uniform<T>(random, length), v = Numbers.Uniform<T>(random, length), g = Numbers.Uniform<T>(random, length);
            double[] w0 = Numbers.ToDouble<T>(w), v0 = Numbers.ToDouble<T>(v), g0 = Numbers.ToDouble<T>(g);
            Momentum.Update<T>(w, v, g, T.CreateChecked(alpha), T.CreateChecked(mu), decay);
            for (int i = 0; i < length; i++)
            {
                double velocity = (mu * v0[i]) - (alpha * (g0[i] + (lambda * w0[i])));
                Numbers.Close(velocity, double.CreateChecked(v[i]), 8 * epsilon, $"{typeof(T).Name} length {length} V[{i}]");
                Numbers.Close(w0[i] + velocity, double.CreateChecked(w[i]), 8 * epsilon, $"{typeof(T).Name} length {length} W[{i}]");
            }
        }
    }

    private static void ThreeSteps<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double alpha = Steps.Round<T>(0.05), mu = Steps.Round<T>(0.9);
        T[] w = Steps.As<T>(Steps.Weights()), v = new T[Steps.Length];
        double[] expectedW = Steps.Round<T>(Steps.Weights()), expectedV = new double[Steps.Length];
        for (int step = 1; step <= 3; step++)
        {
            double[] g = Steps.Round<T>(Steps.Gradient(step));
            Momentum.Update<T>(w, v, Steps.As<T>(g), T.CreateTruncating(alpha), T.CreateTruncating(mu), Steps.Adjustment<T>());
            for (int i = 0; i < Steps.Length; i++)
            {
                // The notes: V ← μV − α·g′; W ← W + V.
                expectedV[i] = (mu * expectedV[i]) - (alpha * Steps.Adjust<T>(g[i], expectedW[i]));
                expectedW[i] += expectedV[i];
            }
        }

        Steps.Check(expectedV, v, "V");
        Steps.Check(expectedW, w, "W");
    }

    private static void SameAsSgd<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T alpha = T.CreateTruncating(0.05);
        T[] momentumW = Steps.As<T>(Steps.Weights()), sgdW = Steps.As<T>(Steps.Weights());
        // A velocity left from earlier steps: μ = 0 forgets it.
        T[] v = Numbers.Uniform<T>(new Random(3), Steps.Length);
        for (int step = 1; step <= 3; step++)
        {
            T[] g = Steps.As<T>(Steps.Gradient(step));
            Momentum.Update<T>(momentumW, v, g, alpha, T.Zero, Steps.Adjustment<T>());
            Sgd.Update<T>(sgdW, g, alpha, Steps.Adjustment<T>());
            Assert.True(
                MemoryMarshal.AsBytes(momentumW.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(sgdW.AsSpan())),
                $"{typeof(T).Name} step {step}: momentum 0 and SGD differ in some bit.");
        }
    }
}
