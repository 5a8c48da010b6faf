using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace StaticNet.Kernels;

/// <summary>
/// Batch normalization. Data is sample-major, <c>[batch, channels, area]</c> (area 1 after a dense layer, the
/// plane's positions after a convolution); each channel is normalized over its N = batch·area values. Sums are
/// accumulated in <see cref="double"/> whatever the element type, and the results written in the element type.
/// </summary>
public static class Normalization
{
    /// <summary>
    /// The training forward pass. Per channel: μ = the mean, σ² = the biased variance (divided by N, computed from the
    /// squared deviations after the mean, not as E[x²] − μ²), <c>inverseStd = 1/√(σ² + ε)</c>; then
    /// <c>x̂ = (x − μ)·inverseStd</c> into <paramref name="normalized"/> (kept for the backward pass) and
    /// <c>y = γ·x̂ + β</c> into <paramref name="output"/>, which may alias <paramref name="input"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    /// <exception cref="ArgumentException">A span's length does not fit the shape.</exception>
    public static void BatchNormTraining<T>(
        ReadOnlySpan<T> input,
        Span<T> output,
        Span<T> normalized,
        ReadOnlySpan<T> gamma,
        ReadOnlySpan<T> beta,
        Span<T> mean,
        Span<T> variance,
        Span<T> inverseStd,
        int batch,
        int channels,
        int area,
        T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int size = Size(batch, channels, area);
        CheckData(input.Length, size, nameof(input), batch, channels, area);
        CheckData(output.Length, size, nameof(output), batch, channels, area);
        CheckData(normalized.Length, size, nameof(normalized), batch, channels, area);
        CheckChannels(gamma.Length, channels, nameof(gamma));
        CheckChannels(beta.Length, channels, nameof(beta));
        CheckChannels(mean.Length, channels, nameof(mean));
        CheckChannels(variance.Length, channels, nameof(variance));
        CheckChannels(inverseStd.Length, channels, nameof(inverseStd));

        double count = (double)batch * area;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int s = 0; s < batch; s++)
            {
                ReadOnlySpan<T> x = input.Slice(((s * channels) + c) * area, area);
                sum += Reduce<T, Value>(x, x, 0);
            }

            double mu = sum / count;
            double squares = 0;
            for (int s = 0; s < batch; s++)
            {
                ReadOnlySpan<T> x = input.Slice(((s * channels) + c) * area, area);
                squares += Reduce<T, SquaredDeviation>(x, x, mu);
            }

            double sigma2 = squares / count;
            mean[c] = T.CreateTruncating(mu);
            variance[c] = T.CreateTruncating(sigma2);
            inverseStd[c] = T.CreateTruncating(1 / Math.Sqrt(sigma2 + double.CreateTruncating(epsilon)));
        }

        for (int s = 0; s < batch; s++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = ((s * channels) + c) * area;
                Span<T> xHat = normalized.Slice(start, area);
                ShiftScale<T>(input.Slice(start, area), xHat, mean[c], inverseStd[c], T.Zero);
                ShiftScale<T>(xHat, output.Slice(start, area), T.Zero, gamma[c], beta[c]);
            }
        }
    }

    /// <summary>
    /// The inference forward pass with the running statistics: <c>y = γ·(x − runningMean)/√(runningVariance + ε) + β</c>.
    /// <paramref name="output"/> may alias <paramref name="input"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    /// <exception cref="ArgumentException">A span's length does not fit the shape.</exception>
    public static void BatchNormInference<T>(
        ReadOnlySpan<T> input,
        Span<T> output,
        ReadOnlySpan<T> gamma,
        ReadOnlySpan<T> beta,
        ReadOnlySpan<T> runningMean,
        ReadOnlySpan<T> runningVariance,
        int batch,
        int channels,
        int area,
        T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int size = Size(batch, channels, area);
        CheckData(input.Length, size, nameof(input), batch, channels, area);
        CheckData(output.Length, size, nameof(output), batch, channels, area);
        CheckChannels(gamma.Length, channels, nameof(gamma));
        CheckChannels(beta.Length, channels, nameof(beta));
        CheckChannels(runningMean.Length, channels, nameof(runningMean));
        CheckChannels(runningVariance.Length, channels, nameof(runningVariance));

        double eps = double.CreateTruncating(epsilon);
        for (int c = 0; c < channels; c++)
        {
            T scale = T.CreateTruncating(double.CreateTruncating(gamma[c]) / Math.Sqrt(double.CreateTruncating(runningVariance[c]) + eps));
            for (int s = 0; s < batch; s++)
            {
                int start = ((s * channels) + c) * area;
                ShiftScale<T>(input.Slice(start, area), output.Slice(start, area), runningMean[c], scale, beta[c]);
            }
        }
    }

    /// <summary>
    /// Moves the running statistics toward a batch's, as PyTorch does: <c>rm ← (1 − m)·rm + m·μ</c> and
    /// <c>rv ← (1 − m)·rv + m·σ²·count/(count − 1)</c>, the running variance taking the unbiased estimate.
    /// <paramref name="count"/> is the N = batch·area values each of <paramref name="mean"/> and
    /// <paramref name="variance"/> (biased, as <see cref="BatchNormTraining{T}"/> writes it) came from.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 2, or <paramref name="momentum"/> is not in [0, 1].</exception>
    /// <exception cref="ArgumentException">The four spans' lengths differ.</exception>
    public static void UpdateRunningStatistics<T>(Span<T> runningMean, Span<T> runningVariance, ReadOnlySpan<T> mean, ReadOnlySpan<T> variance, int count, T momentum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The unbiased variance needs at least 2 values per channel.");
        }

        if (!(momentum >= T.Zero && momentum <= T.One))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be in [0, 1].");
        }

        int channels = runningMean.Length;
        CheckChannels(runningVariance.Length, channels, nameof(runningVariance));
        CheckChannels(mean.Length, channels, nameof(mean));
        CheckChannels(variance.Length, channels, nameof(variance));

        double m = double.CreateTruncating(momentum);
        double correction = count / (count - 1.0);
        for (int c = 0; c < channels; c++)
        {
            runningMean[c] = T.CreateTruncating(((1 - m) * double.CreateTruncating(runningMean[c])) + (m * double.CreateTruncating(mean[c])));
            runningVariance[c] = T.CreateTruncating(((1 - m) * double.CreateTruncating(runningVariance[c])) + (m * double.CreateTruncating(variance[c]) * correction));
        }
    }

    /// <summary>
    /// The backward pass of <see cref="BatchNormTraining{T}"/>, through μ and σ² as well as x̂. Per channel, sums over its
    /// N values: <c>∂γ = Σ dy·x̂</c> and <c>∂β = Σ dy</c>, which overwrite <paramref name="gammaGradient"/> and
    /// <paramref name="betaGradient"/>; and <c>∂x = γ·inverseStd/N · (N·dy − Σ dy − x̂·Σ dy·x̂)</c> into
    /// <paramref name="inputGradient"/>, unless it is empty (a first layer needs no input gradient).
    /// <paramref name="inputGradient"/> must not overlap <paramref name="outputGradient"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    /// <exception cref="ArgumentException">A span's length does not fit the shape, or the two gradients overlap.</exception>
    public static void BatchNormBackward<T>(
        ReadOnlySpan<T> outputGradient,
        ReadOnlySpan<T> normalized,
        ReadOnlySpan<T> gamma,
        ReadOnlySpan<T> inverseStd,
        Span<T> gammaGradient,
        Span<T> betaGradient,
        Span<T> inputGradient,
        int batch,
        int channels,
        int area)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int size = Size(batch, channels, area);
        CheckData(outputGradient.Length, size, nameof(outputGradient), batch, channels, area);
        CheckData(normalized.Length, size, nameof(normalized), batch, channels, area);
        CheckChannels(gamma.Length, channels, nameof(gamma));
        CheckChannels(inverseStd.Length, channels, nameof(inverseStd));
        CheckChannels(gammaGradient.Length, channels, nameof(gammaGradient));
        CheckChannels(betaGradient.Length, channels, nameof(betaGradient));
        bool wantInput = !inputGradient.IsEmpty;
        if (wantInput)
        {
            CheckData(inputGradient.Length, size, nameof(inputGradient), batch, channels, area);
            if (outputGradient.Overlaps(inputGradient))
            {
                throw new ArgumentException("The input gradient must not overlap the output gradient.", nameof(inputGradient));
            }
        }

        double count = (double)batch * area;
        for (int c = 0; c < channels; c++)
        {
            double sumDy = 0, sumDyXHat = 0;
            for (int s = 0; s < batch; s++)
            {
                int start = ((s * channels) + c) * area;
                ReadOnlySpan<T> dy = outputGradient.Slice(start, area);
                sumDy += Reduce<T, Value>(dy, dy, 0);
                sumDyXHat += Reduce<T, Product>(dy, normalized.Slice(start, area), 0);
            }

            gammaGradient[c] = T.CreateTruncating(sumDyXHat);
            betaGradient[c] = T.CreateTruncating(sumDy);
            if (!wantInput)
            {
                continue;
            }

            // ∂x = k·dy − (k·Σ dy·x̂/N)·x̂ − k·Σ dy/N with k = γ·inverseStd.
            double k = double.CreateTruncating(gamma[c]) * double.CreateTruncating(inverseStd[c]);
            T scale = T.CreateTruncating(k), slope = T.CreateTruncating(-k * sumDyXHat / count), offset = T.CreateTruncating(-k * sumDy / count);
            for (int s = 0; s < batch; s++)
            {
                int start = ((s * channels) + c) * area;
                Combine<T>(outputGradient.Slice(start, area), normalized.Slice(start, area), inputGradient.Slice(start, area), scale, slope, offset);
            }
        }
    }

    /// <summary><c>destination = (source − shift)·scale + offset</c>; the two spans may be the same.</summary>
    private static void ShiftScale<T>(ReadOnlySpan<T> source, Span<T> destination, T shift, T scale, T offset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> shifts = new(shift), scales = new(scale), offsets = new(offset);
            for (; i + Vector<T>.Count <= source.Length; i += Vector<T>.Count)
            {
                (((new Vector<T>(source[i..]) - shifts) * scales) + offsets).CopyTo(destination[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = ((source[i] - shift) * scale) + offset;
        }
    }

    /// <summary><c>destination = x·scale + y·slope + offset</c>.</summary>
    private static void Combine<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, T scale, T slope, T offset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> scales = new(scale), slopes = new(slope), offsets = new(offset);
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
            {
                ((new Vector<T>(x[i..]) * scales) + (new Vector<T>(y[i..]) * slopes) + offsets).CopyTo(destination[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = (x[i] * scale) + (y[i] * slope) + offset;
        }
    }

    /// <summary>
    /// Σ TTerm(x_i, y_i, shift) in <see cref="double"/>: float vectors are widened to two double vectors, double vectors
    /// used as they are, and other types summed one value at a time.
    /// </summary>
    private static double Reduce<T, TTerm>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, double shift)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTerm : ITerm
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> xs = MemoryMarshal.Cast<T, float>(x), ys = MemoryMarshal.Cast<T, float>(y);
            Vector<double> shifts = new(shift), sums = Vector<double>.Zero;
            for (; i + Vector<float>.Count <= xs.Length; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(xs[i..]), out Vector<double> xLow, out Vector<double> xHigh);
                Vector.Widen(new Vector<float>(ys[i..]), out Vector<double> yLow, out Vector<double> yHigh);
                sums += TTerm.Of(xLow, yLow, shifts) + TTerm.Of(xHigh, yHigh, shifts);
            }

            sum = Vector.Sum(sums);
        }
        else if (Vector.IsHardwareAccelerated && typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> xs = MemoryMarshal.Cast<T, double>(x), ys = MemoryMarshal.Cast<T, double>(y);
            Vector<double> shifts = new(shift), sums = Vector<double>.Zero;
            for (; i + Vector<double>.Count <= xs.Length; i += Vector<double>.Count)
            {
                sums += TTerm.Of(new Vector<double>(xs[i..]), new Vector<double>(ys[i..]), shifts);
            }

            sum = Vector.Sum(sums);
        }

        for (; i < x.Length; i++)
        {
            sum += TTerm.Of(double.CreateTruncating(x[i]), double.CreateTruncating(y[i]), shift);
        }

        return sum;
    }

    private static int Size(int batch, int channels, int area)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(area);
        long size = (long)batch * channels * area;
        if (size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), $"batch × channels × area = {batch} × {channels} × {area} is more values than a span holds.");
        }

        return (int)size;
    }

    private static void CheckData(int length, int size, string name, int batch, int channels, int area)
    {
        if (length != size)
        {
            throw new ArgumentException($"{name} holds {length} values but batch × channels × area = {batch} × {channels} × {area} = {size}.", name);
        }
    }

    private static void CheckChannels(int length, int channels, string name)
    {
        if (length != channels)
        {
            throw new ArgumentException($"{name} holds {length} values but there are {channels} channels; it needs one per channel.", name);
        }
    }

    /// <summary>One term of a <see cref="Reduce{T, TTerm}"/> sum, on scalars and on vectors.</summary>
    private interface ITerm
    {
        static abstract double Of(double x, double y, double shift);

        static abstract Vector<double> Of(Vector<double> x, Vector<double> y, Vector<double> shift);
    }

    /// <summary>x: for Σ x.</summary>
    private readonly struct Value : ITerm
    {
        public static double Of(double x, double y, double shift) => x;

        public static Vector<double> Of(Vector<double> x, Vector<double> y, Vector<double> shift) => x;
    }

    /// <summary>(x − shift)²: for the variance about the mean.</summary>
    private readonly struct SquaredDeviation : ITerm
    {
        public static double Of(double x, double y, double shift) => (x - shift) * (x - shift);

        public static Vector<double> Of(Vector<double> x, Vector<double> y, Vector<double> shift) => (x - shift) * (x - shift);
    }

    /// <summary>x·y: for Σ dy·x̂.</summary>
    private readonly struct Product : ITerm
    {
        public static double Of(double x, double y, double shift) => x * y;

        public static Vector<double> Of(Vector<double> x, Vector<double> y, Vector<double> shift) => x * y;
    }
}
