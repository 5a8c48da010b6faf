using System;
using System.Linq;
using System.Numerics;
using StaticNet.Init;
using Xunit;

namespace StaticNet.Runtime.Tests.Init;

/// <summary>
/// Statistics of every initializer on 100 000 samples: the mean within 4 standard errors of 0 and the
/// variance within 3 % of the scheme's formula (the sampling spread of the variance is about 0.45 % for
/// a normal and 0.28 % for a uniform at this size, so 3 % is loose and the fixed seeds make it exact).
/// </summary>
public class InitializerTests
{
    private const int Count = 100_000;

    public enum Scheme
    {
        /// <summary>U(±0.3).</summary>
        Uniform,

        /// <summary>N(0, 0.05²).</summary>
        Normal,

        /// <summary>Xavier uniform.</summary>
        XavierUniform,

        /// <summary>Xavier normal.</summary>
        XavierNormal,

        /// <summary>LeCun normal.</summary>
        LeCunNormal,

        /// <summary>He normal.</summary>
        HeNormal,

        /// <summary>He uniform.</summary>
        HeUniform,
    }

    public static TheoryData<Scheme, int, int> Cases
    {
        get
        {
            var data = new TheoryData<Scheme, int, int>();
            foreach (Scheme scheme in Enum.GetValues<Scheme>())
            {
                data.Add(scheme, 784, 128);
                data.Add(scheme, 150, 6); // a convolution: 6 channels × 5×5 in, 6 out… (fan-in C·k·k, fan-out C_out·k·k)
                data.Add(scheme, 3, 1);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_samples_have_mean_zero_and_the_formula_variance(Scheme scheme, int fanIn, int fanOut) => CheckStatistics<double>(scheme, fanIn, fanOut);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_samples_have_mean_zero_and_the_formula_variance(Scheme scheme, int fanIn, int fanOut) => CheckStatistics<float>(scheme, fanIn, fanOut);

    [Fact]
    public void He_normal_on_784_to_128_has_variance_two_over_784()
    {
        var random = new SeededRandom(42, 1);
        float[] weights = new float[784 * 128];
        Initializers.HeNormal<float>(weights, 784, ref random);
        (double mean, double variance) = Moments(weights.Select(w => (double)w).ToArray());
        Assert.InRange(variance, 0.97 * 2.0 / 784, 1.03 * 2.0 / 784);
        Assert.InRange(Math.Abs(mean), 0, 4 * Math.Sqrt(2.0 / 784 / weights.Length));
    }

    [Fact]
    public void Normal_samples_have_the_normal_shape()
    {
        var random = new SeededRandom(3);
        double[] values = new double[Count];
        Initializers.Normal<double>(values, 1, ref random);
        double withinOne = values.Count(v => Math.Abs(v) < 1) / (double)Count;
        double withinTwo = values.Count(v => Math.Abs(v) < 2) / (double)Count;
        Assert.InRange(withinOne, 0.6827 - 0.006, 0.6827 + 0.006);
        Assert.InRange(withinTwo, 0.9545 - 0.004, 0.9545 + 0.004);
    }

    [Fact]
    public void Constant_fills_every_value()
    {
        double[] values = new double[37];
        Initializers.Constant<double>(values, 0.1);
        Assert.All(values, v => Assert.Equal(0.1, v));
        float[] zeros = Enumerable.Repeat(1f, 5).ToArray();
        Initializers.Constant<float>(zeros, 0);
        Assert.All(zeros, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void The_same_seed_and_stream_give_identical_weights_and_other_streams_differ()
    {
        float[] first = Draw(7, 0), again = Draw(7, 0), otherStream = Draw(7, 1), otherSeed = Draw(8, 0);
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherStream);
        Assert.NotEqual(first, otherSeed);
        Assert.True(first.Zip(otherStream).Count(p => p.First == p.Second) < 3, "streams should not share values");

        static float[] Draw(int seed, int stream)
        {
            var random = new SeededRandom(seed, stream);
            float[] values = new float[256];
            Initializers.XavierUniform<float>(values, 16, 16, ref random);
            return values;
        }
    }

    [Fact]
    public void Invalid_arguments_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.Uniform<float>(v, 0, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.Uniform<float>(v, -1, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.Uniform<float>(v, double.NaN, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.Normal<float>(v, double.PositiveInfinity, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.Normal<float>(v, 0, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.XavierUniform<float>(v, 0, 10, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.XavierNormal<float>(v, 10, -1, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.LeCunNormal<float>(v, 0, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.HeNormal<float>(v, -3, ref r)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Call((v, r) => Initializers.HeUniform<float>(v, 0, ref r)));
    }

    private delegate void Initialize(Span<float> values, SeededRandom random);

    private static void Call(Initialize initialize) => initialize(new float[4], new SeededRandom(1));

    private static void CheckStatistics<T>(Scheme scheme, int fanIn, int fanOut)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new SeededRandom(fanIn + fanOut, (int)scheme);
        T[] values = new T[Count];
        (double variance, double bound) = scheme switch
        {
            Scheme.Uniform => (0.09 / 3, 0.3),
            Scheme.Normal => (0.05 * 0.05, double.PositiveInfinity),
            Scheme.XavierUniform => (6.0 / (fanIn + fanOut) / 3, Math.Sqrt(6.0 / (fanIn + fanOut))),
            Scheme.XavierNormal => (2.0 / (fanIn + fanOut), double.PositiveInfinity),
            Scheme.LeCunNormal => (1.0 / fanIn, double.PositiveInfinity),
            Scheme.HeNormal => (2.0 / fanIn, double.PositiveInfinity),
            _ => (6.0 / fanIn / 3, Math.Sqrt(6.0 / fanIn)),
        };
        switch (scheme)
        {
            case Scheme.Uniform: Initializers.Uniform<T>(values, 0.3, ref random); break;
            case Scheme.Normal: Initializers.Normal<T>(values, 0.05, ref random); break;
            case Scheme.XavierUniform: Initializers.XavierUniform<T>(values, fanIn, fanOut, ref random); break;
            case Scheme.XavierNormal: Initializers.XavierNormal<T>(values, fanIn, fanOut, ref random); break;
            case Scheme.LeCunNormal: Initializers.LeCunNormal<T>(values, fanIn, ref random); break;
            case Scheme.HeNormal: Initializers.HeNormal<T>(values, fanIn, ref random); break;
            default: Initializers.HeUniform<T>(values, fanIn, ref random); break;
        }

        double[] samples = values.Select(v => double.CreateChecked(v)).ToArray();
        (double mean, double sampleVariance) = Moments(samples);
        double standardError = Math.Sqrt(variance / Count);
        Assert.True(Math.Abs(mean) < 4 * standardError, $"{scheme} {fanIn}→{fanOut}: mean {mean} is more than 4 standard errors ({standardError}) from 0");
        Assert.True(Math.Abs(sampleVariance - variance) < 0.03 * variance, $"{scheme} {fanIn}→{fanOut}: variance {sampleVariance}, expected {variance} within 3 %");
        double largest = samples.Max(Math.Abs);
        Assert.True(largest <= bound, $"{scheme} {fanIn}→{fanOut}: |w| reached {largest}, beyond the bound {bound}");
        if (!double.IsPositiveInfinity(bound))
        {
            Assert.True(largest > 0.99 * bound, $"{scheme}: the samples should fill the interval up to {bound}, but stop at {largest}");
        }
    }

    private static (double Mean, double Variance) Moments(double[] values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, variance);
    }
}
