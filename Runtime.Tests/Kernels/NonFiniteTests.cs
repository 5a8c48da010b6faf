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
