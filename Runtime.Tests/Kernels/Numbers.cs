using System;
using System.Numerics;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>Test data and comparisons shared by the kernel tests; references are computed in double.</summary>
internal static class Numbers
{
    /// <summary>The gap between 1 and the next larger <typeparamref name="T"/>.</summary>
    public static double Epsilon<T>()
        where T : IBinaryFloatingPointIeee754<T> => double.CreateChecked(T.BitIncrement(T.One) - T.One);

    public static T[] Uniform<T>(Random random, int length, double low = -1, double high = 1)
        where T : IBinaryFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(low + ((high - low) * random.NextDouble()));
        }

        return values;
    }

    public static double[] ToDouble<T>(ReadOnlySpan<T> values)
        where T : IBinaryFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateChecked(values[i]);
        }

        return result;
    }

    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
        {
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):R}, tolerance {tolerance:R}).");
        }
    }

    /// <summary>Each value within <paramref name="relative"/> of its expectation, relative to max(1, |expected|).</summary>
    public static void AllClose<T>(ReadOnlySpan<double> expected, ReadOnlySpan<T> actual, double relative, string what)
        where T : IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Close(expected[i], double.CreateChecked(actual[i]), relative * Math.Max(1, Math.Abs(expected[i])), $"{what} [{i}]");
        }
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
