using System;

namespace StaticNet.Runtime.Tests;

/// <summary>Central finite differences and the error measure the gradient tests compare them with.</summary>
internal static class GradientCheck
{
    /// <summary>The step h of (J(w + h) − J(w − h)) / 2h.</summary>
    public const double Step = 1e-5;

    /// <summary>
    /// Central differences carry an absolute rounding noise of about ε·|J|/h ≈ 1e-11, so entries smaller than this are
    /// compared on this scale rather than their own.
    /// </summary>
    public const double NoiseFloor = 1e-4;

    /// <summary>∂loss/∂values[i] for every i by central differences; each value is restored after its two evaluations.</summary>
    public static double[] CentralDifferences(Span<double> values, Func<double> loss)
    {
        var derivatives = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double original = values[i];
            values[i] = original + Step;
            double plus = loss();
            values[i] = original - Step;
            double minus = loss();
            values[i] = original;
            derivatives[i] = (plus - minus) / (2 * Step);
        }

        return derivatives;
    }

    /// <summary>The largest |actual − expected| / max(|actual|, |expected|, <paramref name="floor"/>), and where it is.</summary>
    public static double MaxRelativeError(double[] actual, double[] expected, double floor, out int worst)
    {
        double largest = 0;
        worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double scale = Math.Max(Math.Max(Math.Abs(actual[i]), Math.Abs(expected[i])), floor);
            double error = Math.Abs(actual[i] - expected[i]) / scale;
            if (error > largest)
            {
                largest = error;
                worst = i;
            }
        }

        return largest;
    }
}
