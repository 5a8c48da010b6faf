using System;
using System.Numerics;
using StaticNet.Optimizers;
using StaticNet.Runtime.Tests.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

/// <summary>
/// The fixed problem every optimizer is checked on for three steps: 37 weights (the vector loop and a scalar tail
/// both run for float and for double), a different gradient each step, and an adjustment that scales, clips, and
/// adds L2 and L1 terms. Weights 3 (in the vector loop) and 36 (in the tail) start at 0, where the L1 subgradient is 0.
/// References are computed in double from the inputs as rounded to the element type under test.
/// </summary>
internal static class Steps
{
    public const int Length = 37;

    public const double Scale = 0.8, Clip = 0.6, L2 = 1e-3, L1 = 1e-4;

    public static double[] Weights()
    {
        double[] w = Numbers.Uniform<double>(new Random(11), Length);
        w[3] = 0;
        w[36] = 0;
        return w;
    }

    /// <summary>The gradient of step 1, 2 or 3: up to 1.5 in size, so 0.8·g crosses the clip value 0.6 in both loops.</summary>
    public static double[] Gradient(int step)
    {
        double[] g = Numbers.Uniform<double>(new Random(100 + step), Length, -1.5, 1.5);
        g[36] = step % 2 == 0 ? 1.4 : -1.3;
        return g;
    }

    public static GradientAdjustment<T> Adjustment<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(T.CreateTruncating(Scale), T.CreateTruncating(Clip), T.CreateTruncating(L2), T.CreateTruncating(L1));

    /// <summary>The reference adjustment, <c>clamp(scale·g, −clip, clip) + l2·w + l1·sign(w)</c>, with T's coefficients.</summary>
    public static double Adjust<T>(double gradient, double weight)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double scale = Round<T>(Scale), clip = Round<T>(Clip), l2 = Round<T>(L2), l1 = Round<T>(L1);
        double scaled = scale * gradient;
        double clipped = scaled > clip ? clip : scaled < -clip ? -clip : scaled;
        return clipped + (l2 * weight) + (l1 * Math.Sign(weight));
    }

    /// <summary><paramref name="value"/> rounded to T and back.</summary>
    public static double Round<T>(double value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => double.CreateTruncating(T.CreateTruncating(value));

    public static double[] Round<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Array.ConvertAll(values, Round<T>);

    public static T[] As<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Array.ConvertAll(values, T.CreateTruncating);

    /// <summary>In double: every value within 1e-12 of the reference; otherwise within 1e-5 relative (to max(1, |expected|)).</summary>
    public static void Check<T>(double[] expected, T[] actual, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        bool exact = typeof(T) == typeof(double);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = exact ? 1e-12 : 1e-5 * Math.Max(1, Math.Abs(expected[i]));
            Numbers.Close(expected[i], double.CreateTruncating(actual[i]), tolerance, $"{typeof(T).Name} {what}[{i}]");
        }
    }
}
