using System;
using System.Numerics;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>Batch normalization against a naive double reference, a worked example, and central differences.</summary>
public class NormalizationTests
{
    private const double Epsilon = 1e-3;

    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(3, 2, 5)]
    [InlineData(4, 3, 19)]
    public void Training_matches_the_reference_in_double(int batch, int channels, int area) => Training<double>(batch, channels, area, 1e-12);

    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(3, 2, 5)]
    [InlineData(4, 3, 19)]
    public void Training_matches_the_reference_in_float(int batch, int channels, int area) => Training<float>(batch, channels, area, 1e-5);

    [Fact]
    public void Training_normalizes_a_worked_example()
    {
        double[] input = [1, 2, 3, 4], output = new double[4], normalized = new double[4];
        double[] mean = new double[1], variance = new double[1], inverseStd = new double[1];
        Normalization.BatchNormTraining<double>(input, output, normalized, [1.0], [0.0], mean, variance, inverseStd, batch: 4, channels: 1, area: 1, epsilon: 0);
        Assert.Equal(2.5, mean[0]);
        Assert.Equal(1.25, variance[0]);
        Numbers.Close(1 / Math.Sqrt(1.25), inverseStd[0], 1e-15, "inverseStd");
        for (int i = 0; i < 4; i++)
        {
            Numbers.Close((input[i] - 2.5) / Math.Sqrt(1.25), normalized[i], 1e-15, $"normalized [{i}]");
            Assert.Equal(normalized[i], output[i]);
        }
    }

    [Fact]
    public void Training_with_a_large_offset_keeps_the_variance_accurate()
    {
        // E[x²] − μ² would lose every digit of a variance of 1.25 beside a mean of 1e8; two passes do not.
        double[] input = [1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4], output = new double[4], normalized = new double[4];
        double[] mean = new double[1], variance = new double[1], inverseStd = new double[1];
        Normalization.BatchNormTraining<double>(input, output, normalized, [1.0], [0.0], mean, variance, inverseStd, 4, 1, 1, 0.0);
        Numbers.Close(1.25, variance[0], 1e-12, "variance");
    }

    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(2, 3, 7)]
    public void Inference_matches_the_formula(int batch, int channels, int area)
    {
        var random = new Random(batch + channels + area);
        int size = batch * channels * area;
        double[] input = Numbers.Uniform<double>(random, size, -3, 3), gamma = Numbers.Uniform<double>(random, channels, 0.5, 2), beta = Numbers.Uniform<double>(random, channels);
        double[] runningMean = Numbers.Uniform<double>(random, channels), runningVariance = Numbers.Uniform<double>(random, channels, 0.1, 3);
        double[] output = new double[size];
        float[] outputFloat = new float[size];
        Normalization.BatchNormInference<double>(input, output, gamma, beta, runningMean, runningVariance, batch, channels, area, Epsilon);
        Normalization.BatchNormInference<float>(Single(input), outputFloat, Single(gamma), Single(beta), Single(runningMean), Single(runningVariance), batch, channels, area, (float)Epsilon);

        double[] expected = new double[size];
        for (int i = 0; i < size; i++)
        {
            int c = i / area % channels;
            expected[i] = (gamma[c] * (input[i] - runningMean[c]) / Math.Sqrt(runningVariance[c] + Epsilon)) + beta[c];
        }

        Numbers.AllClose<double>(expected, output, 1e-14, "double");
        Numbers.AllClose<float>(expected, outputFloat, 1e-5, "float");

        Normalization.BatchNormInference<double>(input, input, gamma, beta, runningMean, runningVariance, batch, channels, area, Epsilon);
        Assert.Equal(output, input); // in place
    }

    [Fact]
    public void Running_statistics_move_by_the_momentum_with_the_unbiased_variance()
    {
        // count 4: the unbiased variance is 4/3 of the biased one. rm = 0.9·[0, 1] + 0.1·[2, −1];
        // rv = 0.9·[1, 2] + 0.1·(4/3)·[0.75, 3] = [0.9 + 0.1, 1.8 + 0.4].
        double[] runningMean = [0, 1], runningVariance = [1, 2];
        Normalization.UpdateRunningStatistics<double>(runningMean, runningVariance, [2.0, -1.0], [0.75, 3.0], count: 4, momentum: 0.1);
        Numbers.AllClose<double>([0.2, 0.8], runningMean, 1e-15, "running mean");
        Numbers.AllClose<double>([1.0, 2.2], runningVariance, 1e-15, "running variance");

        float[] meanFloat = [0, 1], varianceFloat = [1, 2];
        Normalization.UpdateRunningStatistics<float>(meanFloat, varianceFloat, [2f, -1f], [0.75f, 3f], 4, 0.1f);
        Numbers.AllClose<float>([0.2, 0.8], meanFloat, 1e-7, "running mean (float)");
        Numbers.AllClose<float>([1.0, 2.2], varianceFloat, 1e-7, "running variance (float)");
    }

    [Fact]
    public void Running_statistics_need_two_values_and_a_momentum_in_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.UpdateRunningStatistics<double>(new double[2], new double[2], new double[2], new double[2], 1, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.UpdateRunningStatistics<double>(new double[2], new double[2], new double[2], new double[2], 0, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.UpdateRunningStatistics<double>(new double[2], new double[2], new double[2], new double[2], 4, 1.5));
        Assert.Throws<ArgumentException>(() => Normalization.UpdateRunningStatistics<double>(new double[2], new double[2], new double[3], new double[2], 4, 0.1));
    }

    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(4, 3, 1)]
    [InlineData(3, 2, 5)]
    [InlineData(2, 3, 11)]
    public void Backward_matches_central_differences(int batch, int channels, int area)
    {
        var random = new Random((batch * 100) + (channels * 10) + area);
        int size = batch * channels * area;
        double[] input = Numbers.Uniform<double>(random, size, -2, 2), weights = Numbers.Uniform<double>(random, size);
        double[] gamma = Numbers.Uniform<double>(random, channels, 0.5, 2), beta = Numbers.Uniform<double>(random, channels);

        // L = Σ w ⊙ y, so ∂L/∂y = w.
        double Loss()
        {
            double[] output = new double[size];
            Normalization.BatchNormTraining<double>(input, output, new double[size], gamma, beta, new double[channels], new double[channels], new double[channels], batch, channels, area, Epsilon);
            return Numbers.Dot(weights, output);
        }

        double[] normalized = new double[size], inverseStd = new double[channels];
        Normalization.BatchNormTraining<double>(input, new double[size], normalized, gamma, beta, new double[channels], new double[channels], inverseStd, batch, channels, area, Epsilon);
        double[] gammaGradient = new double[channels], betaGradient = new double[channels], inputGradient = new double[size];
        gammaGradient.AsSpan().Fill(double.NaN); // overwritten, not added to
        betaGradient.AsSpan().Fill(double.NaN);
        Normalization.BatchNormBackward<double>(weights, normalized, gamma, inverseStd, gammaGradient, betaGradient, inputGradient, batch, channels, area);

        Compare(inputGradient, GradientCheck.CentralDifferences(input, Loss), "∂x");
        Compare(gammaGradient, GradientCheck.CentralDifferences(gamma, Loss), "∂γ");
        Compare(betaGradient, GradientCheck.CentralDifferences(beta, Loss), "∂β");

        // Per channel, ∂x sums to zero: shifting a channel's inputs changes nothing.
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int i = 0; i < size; i++)
            {
                sum += i / area % channels == c ? inputGradient[i] : 0;
            }

            Numbers.Close(0, sum, 1e-12, $"Σ ∂x of channel {c}");
        }

        // Without an input gradient the parameter gradients are the same.
        double[] gammaOnly = new double[channels], betaOnly = new double[channels];
        Normalization.BatchNormBackward<double>(weights, normalized, gamma, inverseStd, gammaOnly, betaOnly, Span<double>.Empty, batch, channels, area);
        Assert.Equal(gammaGradient, gammaOnly);
        Assert.Equal(betaGradient, betaOnly);
    }

    [Fact]
    public void Backward_in_float_matches_double()
    {
        const int batch = 4, channels = 3, area = 13, size = batch * channels * area;
        var random = new Random(8);
        double[] dy = Numbers.Uniform<double>(random, size), input = Numbers.Uniform<double>(random, size, -2, 2), gamma = Numbers.Uniform<double>(random, channels, 0.5, 2);
        double[] normalized = new double[size], inverseStd = new double[channels];
        Normalization.BatchNormTraining<double>(input, new double[size], normalized, gamma, new double[channels], new double[channels], new double[channels], inverseStd, batch, channels, area, Epsilon);
        double[] gammaGradient = new double[channels], betaGradient = new double[channels], inputGradient = new double[size];
        Normalization.BatchNormBackward<double>(dy, normalized, gamma, inverseStd, gammaGradient, betaGradient, inputGradient, batch, channels, area);
        float[] gammaFloat = new float[channels], betaFloat = new float[channels], inputFloat = new float[size];
        Normalization.BatchNormBackward<float>(Single(dy), Single(normalized), Single(gamma), Single(inverseStd), gammaFloat, betaFloat, inputFloat, batch, channels, area);
        Numbers.AllClose<float>(gammaGradient, gammaFloat, 1e-5, "∂γ");
        Numbers.AllClose<float>(betaGradient, betaFloat, 1e-5, "∂β");
        Numbers.AllClose<float>(inputGradient, inputFloat, 1e-5, "∂x");
    }

    [Fact]
    public void Spans_that_do_not_fit_the_shape_throw()
    {
        const int batch = 3, channels = 2, area = 5, size = batch * channels * area;
        Assert.Throws<ArgumentException>(() => Normalization.BatchNormTraining<float>(
            new float[size - 1], new float[size], new float[size], new float[channels], new float[channels], new float[channels], new float[channels], new float[channels], batch, channels, area, 1e-5f));
        Assert.Throws<ArgumentException>(() => Normalization.BatchNormTraining<float>(
            new float[size], new float[size], new float[size], new float[channels], new float[channels + 1], new float[channels], new float[channels], new float[channels], batch, channels, area, 1e-5f));
        Assert.Throws<ArgumentException>(() => Normalization.BatchNormInference<float>(
            new float[size], new float[size], new float[channels], new float[channels], new float[channels], new float[1], batch, channels, area, 1e-5f));
        Assert.Throws<ArgumentException>(() => Normalization.BatchNormBackward<float>(
            new float[size], new float[size], new float[channels], new float[channels], new float[channels], new float[channels], new float[size + 1], batch, channels, area));
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.BatchNormInference<float>(
            [], [], [], [], [], [], 0, 0, 1, 1e-5f));

        float[] gradient = new float[size];
        Assert.Throws<ArgumentException>(() => Normalization.BatchNormBackward<float>(
            gradient, new float[size], new float[channels], new float[channels], new float[channels], new float[channels], gradient, batch, channels, area));
    }

    private static void Training<T>(int batch, int channels, int area, double tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random((batch * 100) + (channels * 10) + area);
        int size = batch * channels * area;
        double[] input = Numbers.Uniform<double>(random, size, -1, 3), gamma = Numbers.Uniform<double>(random, channels, 0.5, 2), beta = Numbers.Uniform<double>(random, channels);
        input = Numbers.ToDouble<T>(Convert<T>(input)); // the values T can hold
        gamma = Numbers.ToDouble<T>(Convert<T>(gamma));
        beta = Numbers.ToDouble<T>(Convert<T>(beta));
        T epsilon = T.CreateTruncating(Epsilon);
        double eps = double.CreateTruncating(epsilon);

        // The reference: per channel, the N = batch·area values c, c + area, … of each sample.
        double[] expectedMean = new double[channels], expectedVariance = new double[channels], expectedInverse = new double[channels];
        double[] expectedNormalized = new double[size], expectedOutput = new double[size];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0, squares = 0;
            for (int s = 0; s < batch; s++)
            {
                for (int p = 0; p < area; p++)
                {
                    sum += input[(((s * channels) + c) * area) + p];
                }
            }

            double mean = sum / (batch * area);
            for (int s = 0; s < batch; s++)
            {
                for (int p = 0; p < area; p++)
                {
                    double d = input[(((s * channels) + c) * area) + p] - mean;
                    squares += d * d;
                }
            }

            expectedMean[c] = mean;
            expectedVariance[c] = squares / (batch * area);
            expectedInverse[c] = 1 / Math.Sqrt(expectedVariance[c] + eps);
            for (int s = 0; s < batch; s++)
            {
                for (int p = 0; p < area; p++)
                {
                    int i = (((s * channels) + c) * area) + p;
                    expectedNormalized[i] = (input[i] - mean) / Math.Sqrt(expectedVariance[c] + eps);
                    expectedOutput[i] = (gamma[c] * expectedNormalized[i]) + beta[c];
                }
            }
        }

        T[] output = new T[size], normalized = new T[size], means = new T[channels], variance = new T[channels], inverseStd = new T[channels];
        Normalization.BatchNormTraining<T>(Convert<T>(input), output, normalized, Convert<T>(gamma), Convert<T>(beta), means, variance, inverseStd, batch, channels, area, epsilon);
        Numbers.AllClose<T>(expectedMean, means, tolerance, "mean");
        Numbers.AllClose<T>(expectedVariance, variance, tolerance, "variance");
        Numbers.AllClose<T>(expectedInverse, inverseStd, tolerance, "inverseStd");
        Numbers.AllClose<T>(expectedNormalized, normalized, tolerance, "normalized");
        Numbers.AllClose<T>(expectedOutput, output, tolerance, "output");

        // In place: output over input gives the same values.
        T[] inPlace = Convert<T>(input);
        Normalization.BatchNormTraining<T>(inPlace, inPlace, new T[size], Convert<T>(gamma), Convert<T>(beta), new T[channels], new T[channels], new T[channels], batch, channels, area, epsilon);
        Assert.Equal(output, inPlace);
    }

    private static void Compare(double[] analytic, double[] numeric, string what)
    {
        double error = GradientCheck.MaxRelativeError(analytic, numeric, GradientCheck.NoiseFloor, out int worst);
        Assert.True(error <= 1e-6, $"{what}: relative error {error:E2} at [{worst}] (analytic {analytic[worst]:R}, numeric {numeric[worst]:R}).");
    }

    private static T[] Convert<T>(double[] values)
        where T : IBinaryFloatingPointIeee754<T> => Array.ConvertAll(values, T.CreateTruncating);

    private static float[] Single(double[] values) => Convert<float>(values);
}
