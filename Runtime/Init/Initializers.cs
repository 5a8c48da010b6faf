using System;
using System.Numerics;

namespace StaticNet.Init;

/// <summary>
/// Weight initialization schemes from the course notes. <c>fanIn</c> is the number of inputs each unit
/// sums over (for a convolution: in-channels × kernel area) and <c>fanOut</c> the number of units each input
/// feeds (out-channels × kernel area). The "matching" schemes keep the variance of activations roughly
/// constant from layer to layer: Xavier/Glorot for sigmoid and tanh, He for the ReLU family.
/// </summary>
public static class Initializers
{
    /// <summary>Every value set to <paramref name="value"/>. For weights this causes the symmetry problem (SN0011).</summary>
    public static void Constant<T>(Span<T> values, double value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => values.Fill(T.CreateChecked(value));

    /// <summary>Uniform on [−<paramref name="bound"/>, <paramref name="bound"/>).</summary>
    public static void Uniform<T>(Span<T> values, double bound, ref SeededRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckPositive(bound, nameof(bound));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(((2 * random.NextDouble()) - 1) * bound);
        }
    }

    /// <summary>Normal with mean 0 and standard deviation <paramref name="standardDeviation"/>.</summary>
    public static void Normal<T>(Span<T> values, double standardDeviation, ref SeededRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckPositive(standardDeviation, nameof(standardDeviation));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(random.NextNormal() * standardDeviation);
        }
    }

    /// <summary>Xavier/Glorot uniform: U(±√(6 / (fanIn + fanOut))).</summary>
    public static void XavierUniform<T>(Span<T> values, int fanIn, int fanOut, ref SeededRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Uniform(values, Math.Sqrt(6.0 / Fans(fanIn, fanOut)), ref random);

    /// <summary>Xavier/Glorot normal: N(0, 2 / (fanIn + fanOut)).</summary>
    public static void XavierNormal<T>(Span<T> values, int fanIn, int fanOut, ref SeededRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Normal(values, Math.Sqrt(2.0 / Fans(fanIn, fanOut)), ref random);

    /// <summary>LeCun normal: N(0, 1 / fanIn).</summary>
    public static void LeCunNormal<T>(Span<T> values, int fanIn, ref SeededRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Normal(values, Math.Sqrt(1.0 / Fans(fanIn, 0)), ref random);

    /// <summary>He/Kaiming normal: N(0, 2 / fanIn).</summary>
    public static void HeNormal<T>(Span<T> values, int fanIn, ref SeededRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Normal(values, Math.Sqrt(2.0 / Fans(fanIn, 0)), ref random);

    /// <summary>He/Kaiming uniform: U(±√(6 / fanIn)).</summary>
    public static void HeUniform<T>(Span<T> values, int fanIn, ref SeededRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Uniform(values, Math.Sqrt(6.0 / Fans(fanIn, 0)), ref random);

    private static double Fans(int fanIn, int fanOut)
    {
        if (fanIn <= 0 || fanOut < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fanIn), $"Fan-in must be positive and fan-out not negative, but they are {fanIn} and {fanOut}.");
        }

        return (double)fanIn + fanOut;
    }

    private static void CheckPositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be a positive, finite number.");
        }
    }
}
