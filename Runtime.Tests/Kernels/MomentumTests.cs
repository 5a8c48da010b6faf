using System;
using System.Numerics;
using StaticNet.Optimizers;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

public class MomentumTests
{
    [Fact]
    public void One_float_step_matches_the_notes_elementwise_for_every_tail_length() => OneStep<float>();

    [Fact]
    public void One_double_step_matches_the_notes_elementwise_for_every_tail_length() => OneStep<double>();

    [Fact]
    public void Zero_momentum_is_plain_gradient_descent()
    {
        var random = new Random(5);
        foreach (int length in new[] { 1, 7, 16, 33, 70 })
        {
            double[] w = Numbers.Uniform<double>(random, length), v = Numbers.Uniform<double>(random, length), g = Numbers.Uniform<double>(random, length);
            double[] start = [.. w];
            Momentum.Update<double>(w, v, g, learningRate: 0.1, momentum: 0, weightDecay: 0);
            for (int i = 0; i < length; i++)
            {
                // The old velocity is forgotten: W ← W − αg.
                Numbers.Close(start[i] - (0.1 * g[i]), w[i], 1e-15, $"length {length} W[{i}]");
                Numbers.Close(-0.1 * g[i], v[i], 1e-15, $"length {length} V[{i}]");
            }
        }
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Assert.Throws<ArgumentException>(() => Momentum.Update<float>(new float[4], new float[3], new float[4], 0.1f, 0.9f, 0));
        Assert.Throws<ArgumentException>(() => Momentum.Update<float>(new float[4], new float[4], new float[5], 0.1f, 0.9f, 0));
    }

    private static void OneStep<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(typeof(T).Name.Length);
        const double alpha = 0.05, mu = 0.9, lambda = 1e-3;
        double epsilon = Numbers.Epsilon<T>();
        for (int length = 1; length <= 70; length++)
        {
            T[] w = Numbers.Uniform<T>(random, length), v = Numbers.Uniform<T>(random, length), g = Numbers.Uniform<T>(random, length);
            double[] w0 = Numbers.ToDouble<T>(w), v0 = Numbers.ToDouble<T>(v), g0 = Numbers.ToDouble<T>(g);
            Momentum.Update<T>(w, v, g, T.CreateChecked(alpha), T.CreateChecked(mu), T.CreateChecked(lambda));
            for (int i = 0; i < length; i++)
            {
                double velocity = (mu * v0[i]) - (alpha * (g0[i] + (lambda * w0[i])));
                Numbers.Close(velocity, double.CreateChecked(v[i]), 8 * epsilon, $"{typeof(T).Name} length {length} V[{i}]");
                Numbers.Close(w0[i] + velocity, double.CreateChecked(w[i]), 8 * epsilon, $"{typeof(T).Name} length {length} W[{i}]");
            }
        }
    }
}
