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
}
