using System;
using System.Numerics;
using StaticNet.Optimizers;
using StaticNet.Runtime.Tests.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

public class NesterovTests
{
    [Fact]
    public void Three_double_steps_match_the_scalar_reference() => ThreeSteps<double>();

    [Fact]
    public void Three_float_steps_match_the_double_reference() => ThreeSteps<float>();

    /// <summary>
    /// The notes' form, <c>V ← μV − α∇J(W + μV); W ← W + V</c>, on <c>J(W) = ½Σ aᵢWᵢ²</c> with the gradient taken at
    /// the look-ahead point, against the kernel fed the gradient at its own weights. With <c>P₀ = W₀</c>, <c>b₀ = 0</c>
    /// and <c>V₀ = 0</c>, induction gives <c>b = −V/α</c> (<c>V′ = μV − α∇J(P) = −α(μb + ∇J(P)) = −α·b′</c>) and
    /// <c>P = W + μV</c> (<c>W′ + μV′ = P − μV + (1+μ)V′ = P − α(∇J(P) + μb′)</c>) after every step.
    /// </summary>
    [Fact]
    public void Its_weights_are_the_notes_look_ahead_point_on_a_quadratic()
    {
        const int length = Steps.Length, steps = 25;
        const double alpha = 0.1, mu = 0.9;
        double[] a = Numbers.Uniform<double>(new Random(21), length, 0.5, 2);
        double[] notesW = Numbers.Uniform<double>(new Random(22), length), notesV = new double[length];
        double[] p = [.. notesW], b = new double[length], gradient = new double[length];
        double largestGap = 0;
        for (int step = 1; step <= steps; step++)
        {
            for (int i = 0; i < length; i++)
            {
                // The notes: the gradient at the look-ahead point W + μV.
                double lookAhead = notesW[i] + (mu * notesV[i]);
                notesV[i] = (mu * notesV[i]) - (alpha * a[i] * lookAhead);
                notesW[i] += notesV[i];
                // The kernel: the gradient at its own weights.
                gradient[i] = a[i] * p[i];
            }

            Nesterov.Update<double>(p, b, gradient, alpha, mu, GradientAdjustment<double>.None);
            for (int i = 0; i < length; i++)
            {
                Numbers.Close(notesW[i] + (mu * notesV[i]), p[i], 1e-12, $"step {step}: W[{i}] against the notes' W + μV");
                Numbers.Close(-notesV[i] / alpha, b[i], 1e-12, $"step {step}: b[{i}] against −V/α");
                largestGap = Math.Max(largestGap, Math.Abs(p[i] - notesW[i]));
            }
        }

        // The identity is not the trivial one: the two weight sequences themselves differ.
        Assert.True(largestGap > 1e-2, $"The kernel's W and the notes' W never differ by more than {largestGap}.");
    }

    [Fact]
    public void The_first_step_takes_the_gradient_as_the_buffer_as_PyTorch_does()
    {
        double[] w = [1, -2, 3, 0.5, -0.25], g = [0.5, -1, 2, 4, 1], b = new double[5];
        double[] start = [.. w];
        Nesterov.Update<double>(w, b, g, 0.1, 0.9, GradientAdjustment<double>.None);
        for (int i = 0; i < w.Length; i++)
        {
            Assert.Equal(g[i], b[i]);
            // W ← W − α(g + μg).
            Assert.Equal(start[i] - (0.1 * (g[i] + (0.9 * g[i]))), w[i]);
        }
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        var error = Assert.Throws<ArgumentException>(() => Nesterov.Update<float>(new float[5], new float[4], new float[5], 0.1f, 0.9f, GradientAdjustment<float>.None));
        Assert.Equal("buffer", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => Nesterov.Update<float>(new float[5], new float[5], new float[6], 0.1f, 0.9f, GradientAdjustment<float>.None));
        Assert.Equal("gradients", error.ParamName);
    }

    private static void ThreeSteps<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double alpha = Steps.Round<T>(0.05), mu = Steps.Round<T>(0.9);
        T[] w = Steps.As<T>(Steps.Weights()), b = new T[Steps.Length];
        double[] expectedW = Steps.Round<T>(Steps.Weights()), expectedB = new double[Steps.Length];
        for (int step = 1; step <= 3; step++)
        {
            double[] g = Steps.Round<T>(Steps.Gradient(step));
            Nesterov.Update<T>(w, b, Steps.As<T>(g), T.CreateTruncating(alpha), T.CreateTruncating(mu), Steps.Adjustment<T>());
            for (int i = 0; i < Steps.Length; i++)
            {
                // b ← μb + g′; W ← W − α(g′ + μb).
                double adjusted = Steps.Adjust<T>(g[i], expectedW[i]);
                expectedB[i] = (mu * expectedB[i]) + adjusted;
                expectedW[i] -= alpha * (adjusted + (mu * expectedB[i]));
            }
        }

        Steps.Check(expectedB, b, "b");
        Steps.Check(expectedW, w, "W");
    }
}
