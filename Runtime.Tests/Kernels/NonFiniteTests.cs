using System;
using System.Linq;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

public class NonFiniteTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(1022)]
    public void Finds_the_first_NaN_or_infinity_wherever_it_is(int position)
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            double[] doubles = Enumerable.Range(0, 1023).Select(i => Math.Sin(i) * 1e300).ToArray();
            float[] floats = Enumerable.Range(0, 1023).Select(i => (float)Math.Sin(i) * 3e38f).ToArray();
            doubles[position] = bad;
            floats[position] = (float)bad;
            doubles[^1] = bad;
            floats[^1] = (float)bad;

            Assert.Equal(position, NonFinite.IndexOf<double>(doubles));
            Assert.Equal(position, NonFinite.IndexOf<float>(floats));
        }
    }

    [Fact]
    public void Finite_values_subnormals_zeros_and_extremes_pass()
    {
        float[] floats = [.. Enumerable.Repeat(float.Epsilon, 200), -0f, 0f, float.MaxValue, float.MinValue, 1e-40f];
        double[] doubles = [.. Enumerable.Repeat(double.Epsilon, 200), -0d, 0d, double.MaxValue, double.MinValue, 1e-310];

        Assert.Equal(-1, NonFinite.IndexOf<float>(floats));
        Assert.Equal(-1, NonFinite.IndexOf<double>(doubles));
        Assert.Equal(-1, NonFinite.IndexOf<float>(ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void The_outer_product_check_agrees_with_scanning_the_product_the_gradient_is()
    {
        // Magnitudes around the square root of the largest value, so that some largest products round to it and some
        // past it, with zeros, subnormals, NaN and infinities (0·∞ is NaN); the product as a dense layer's weight gradient
        // at batch 1 makes it (Gemm.TransposedMultiply over k = 1), then the scan decides.
        Agrees<float>(64, float.Epsilon);
        Agrees<double>(512, double.Epsilon);
        Assert.True(NonFinite.OuterProductIsFinite<float>([MathF.Pow(2, 64)], [MathF.BitDecrement(MathF.Pow(2, 64))]), "2^64·(2^64 − ulp) is the largest float");
        Assert.False(NonFinite.OuterProductIsFinite<float>([MathF.Pow(2, 64)], [MathF.Pow(2, 64)]), "2^128 rounds to ∞");
        Assert.False(NonFinite.OuterProductIsFinite<float>([0f, 1f], [float.PositiveInfinity]), "0·∞ is NaN");
        Assert.True(NonFinite.OuterProductIsFinite<float>(ReadOnlySpan<float>.Empty, [float.NaN]), "no products");
    }

    [Fact]
    public void The_largest_magnitude_is_the_largest_absolute_value_and_NaN_wins()
    {
        var random = new Random(3);
        for (int length = 0; length < 80; length++)
        {
            float[] floats = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 39)))).ToArray();
            double[] doubles = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-320, 309))).ToArray();
            Assert.Equal(length == 0 ? 0f : floats.Max(MathF.Abs), NonFinite.LargestMagnitude<float>(floats));
            Assert.Equal(length == 0 ? 0d : doubles.Max(Math.Abs), NonFinite.LargestMagnitude<double>(doubles));
            if (length > 0)
            {
                int at = random.Next(length);
                floats[at] = float.NegativeInfinity;
                doubles[at] = double.NegativeInfinity;
                Assert.Equal(float.PositiveInfinity, NonFinite.LargestMagnitude<float>(floats));
                Assert.Equal(double.PositiveInfinity, NonFinite.LargestMagnitude<double>(doubles));
                floats[random.Next(length)] = -float.NaN;
                doubles[random.Next(length)] = -double.NaN;
                Assert.True(float.IsNaN(NonFinite.LargestMagnitude<float>(floats)), $"length {length}");
                Assert.True(double.IsNaN(NonFinite.LargestMagnitude<double>(doubles)), $"length {length}");
            }
        }
    }

    [Fact]
    public void The_dense_check_over_a_batch_agrees_with_scanning_the_gradients()
    {
        // The gradients a dense layer computes over a batch, ∂W = δᵀ·x and ∂b = Σ δ, then the scan decides. Large values
        // sit in some samples only, so that the bound (the largest |δ| times the largest |x|, times the batch) often
        // overflows while every sum stays finite: then only reading the gradients gives the answer.
        DenseAgrees<float>(64, float.Epsilon);
        DenseAgrees<double>(512, double.Epsilon);
    }

    private static void DenseAgrees<T>(int halfExponent, T tiny)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(11);
        int overflowing = 0, finiteBeyondBound = 0, withinBound = 0;
        double largest = double.CreateTruncating(T.BitDecrement(T.PositiveInfinity));
        for (int trial = 0; trial < 3000; trial++)
        {
            int batch = 2 + random.Next(33), units = 1 + random.Next(12), inputs = 1 + random.Next(20);
            double large = new[] { 0, 0.002, 0.01, 0.05 }[random.Next(4)]; // the share of values near the square root of the largest
            T[] deltas = Enumerable.Range(0, batch * units).Select(_ => Value(random, large)).ToArray();
            T[] x = Enumerable.Range(0, batch * inputs).Select(_ => Value(random, large)).ToArray();
            if (random.Next(20) == 0)
            {
                T[] target = random.Next(2) == 0 ? deltas : x;
                target[random.Next(target.Length)] = random.Next(3) switch { 0 => T.NaN, 1 => T.PositiveInfinity, _ => T.NegativeInfinity };
            }

            T[] weights = new T[units * inputs];
            T[] bias = new T[units];
            Gemm.TransposedMultiply<T>(deltas, x, weights, units, inputs, batch);
            Bias.SumRows<T>(deltas, bias, batch);
            bool expected = NonFinite.IndexOf<T>(weights) < 0 && NonFinite.IndexOf<T>(bias) < 0;
            Assert.True(expected == NonFinite.DenseGradientsAreFinite<T>(deltas, x, batch, weights, bias), $"{typeof(T).Name} trial {trial}: batch {batch}, {units} units, {inputs} inputs");
            double bound = 2.0 * batch * double.CreateTruncating(T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<T>(deltas)))
                * Math.Max(1, double.CreateTruncating(T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<T>(x))));
            _ = !expected ? overflowing++ : bound <= largest ? withinBound++ : finiteBeyondBound++;
        }

        // Each way of answering occurs often: settled by the bound, finite only by reading the gradients, and not finite.
        Assert.True(withinBound > 300 && finiteBeyondBound > 300 && overflowing > 300, $"{typeof(T).Name}: {withinBound} finite within the bound, {finiteBeyondBound} beyond it, {overflowing} not finite");

        T Value(Random random, double large) => random.NextDouble() < large
            ? T.CreateTruncating((random.Next(2) == 0 ? -1 : 1) * Math.Pow(2, halfExponent - 1 + (random.NextDouble() * 2)))
            : random.Next(100) switch { 0 => T.Zero, 1 => tiny, _ => T.CreateTruncating((random.NextDouble() * 8) - 4) };
    }

    private static void Agrees<T>(int halfExponent, T tiny)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(5);
        int overflowing = 0, finite = 0;
        for (int trial = 0; trial < 4000; trial++)
        {
            int m = 1 + random.Next(20), n = 1 + random.Next(40);
            T[] a = Enumerable.Range(0, m).Select(_ => Value(random)).ToArray();
            T[] b = Enumerable.Range(0, n).Select(_ => Value(random)).ToArray();
            T[] product = new T[m * n];
            Gemm.TransposedMultiply<T>(a, b, product, m, n, 1);
            bool expected = NonFinite.IndexOf<T>(product) < 0;
            Assert.True(expected == NonFinite.OuterProductIsFinite<T>(a, b), $"{typeof(T).Name} trial {trial}: [{string.Join(", ", a)}] ⊗ [{string.Join(", ", b)}]");
            _ = expected ? finite++ : overflowing++;
        }

        // Both outcomes occur often.
        Assert.True(finite > 500 && overflowing > 500, $"{typeof(T).Name}: {finite} finite, {overflowing} not");

        // Mostly small values, now and then one near the square root of the largest (whose products with another such
        // overflow about half the time), and rarely NaN, ∞, zero or the smallest subnormal.
        T Value(Random random) => random.Next(400) switch
        {
            0 => T.NaN,
            1 => T.PositiveInfinity,
            2 => T.Zero,
            3 => tiny,
            < 14 => T.CreateTruncating((random.Next(2) == 0 ? -1 : 1) * Math.Pow(2, halfExponent - 1 + (random.NextDouble() * 2))),
            _ => T.CreateTruncating((random.NextDouble() * 8) - 4),
        };
    }
}
