using System;
using System.Collections.Generic;
using System.Numerics;

namespace StaticNet.Data;

/// <summary>
/// Standardization statistics computed once, on a training set, and applied to any set: x ← (x − mean) / deviation,
/// with one mean and (population) standard deviation per feature (every position of a sample,
/// <see cref="PerFeature{T}"/>) or per channel (every channel of <c>[C, H, W]</c> samples, <see cref="PerChannel{T}"/>).
/// Fit it on the training set and apply the same object to the validation and test sets, so they are scaled by the
/// training statistics and nothing about them leaks into training.
/// </summary>
/// <remarks>
/// A feature or channel whose training values are all equal (a border pixel that is always 0) gets deviation 1, so
/// it becomes 0 rather than NaN. Statistics are computed in double precision, in two passes.
/// </remarks>
public sealed class Standardizer
{
    private readonly double[] mean;
    private readonly double[] deviation;

    /// <summary>Rebuilds a standardizer from saved statistics, one mean and deviation per group of values.</summary>
    /// <param name="mean">The mean of every group.</param>
    /// <param name="standardDeviation">The deviation of every group, each greater than 0 and finite.</param>
    /// <param name="sampleLength">Values per sample: a multiple of the number of groups, split into equal contiguous groups.</param>
    /// <exception cref="ArgumentException">The lists differ in length, a deviation is not positive, or the sample length is not a multiple of the groups.</exception>
    public Standardizer(IReadOnlyList<double> mean, IReadOnlyList<double> standardDeviation, int sampleLength)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        if (mean.Count == 0 || mean.Count != standardDeviation.Count)
        {
            throw new ArgumentException($"Expected one mean and one deviation per group, but got {mean.Count} means and {standardDeviation.Count} deviations.", nameof(standardDeviation));
        }

        if (sampleLength < 1 || sampleLength % mean.Count != 0)
        {
            throw new ArgumentException($"A sample of {sampleLength} values cannot be split into {mean.Count} equal groups.", nameof(sampleLength));
        }

        this.mean = new double[mean.Count];
        deviation = new double[mean.Count];
        for (int g = 0; g < mean.Count; g++)
        {
            if (!double.IsFinite(mean[g]) || !(standardDeviation[g] > 0) || !double.IsFinite(standardDeviation[g]))
            {
                throw new ArgumentException($"Group {g} has mean {mean[g]} and deviation {standardDeviation[g]}; expected a finite mean and a finite deviation greater than 0.", nameof(standardDeviation));
            }

            this.mean[g] = mean[g];
            deviation[g] = standardDeviation[g];
        }

        SampleLength = sampleLength;
        GroupLength = sampleLength / mean.Count;
    }

    /// <summary>The mean of every feature or channel.</summary>
    public IReadOnlyList<double> Mean => mean;

    /// <summary>The standard deviation of every feature or channel (1 where the training values were constant).</summary>
    public IReadOnlyList<double> StandardDeviation => deviation;

    /// <summary>The number of groups with their own statistics: features, or channels.</summary>
    public int GroupCount => mean.Length;

    /// <summary>Contiguous values per group within a sample: 1 per feature, H × W per channel.</summary>
    public int GroupLength { get; }

    /// <summary>Values per sample.</summary>
    public int SampleLength { get; }

    /// <summary>Statistics of every input position (feature) over the samples of <paramref name="training"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="training">The training set, with at least one sample.</param>
    /// <exception cref="ArgumentException">The set is empty.</exception>
    public static Standardizer PerFeature<T>(Dataset<T> training) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        return Fit<T>(training.Images, training.SampleLength, training.SampleLength);
    }

    /// <summary>Statistics of every channel (the first dimension of <c>[C, …]</c> samples) over all samples and positions of <paramref name="training"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="training">The training set, with at least one sample shaped <c>[C, …]</c> (two dimensions or more).</param>
    /// <exception cref="ArgumentException">The set is empty, or its samples have one dimension only.</exception>
    public static Standardizer PerChannel<T>(Dataset<T> training) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.SampleShape.Count < 2)
        {
            throw new ArgumentException(
                $"Per-channel statistics need samples shaped [C, …], but these are [{string.Join(", ", training.SampleShape)}]; use PerFeature.",
                nameof(training));
        }

        return Fit<T>(training.Images, training.SampleLength, training.SampleShape[0]);
    }

    /// <summary>
    /// Statistics of <paramref name="groupCount"/> equal contiguous groups of every sample of <paramref name="values"/>,
    /// e.g. of a set's <see cref="Dataset{T}.Targets"/> with <c>groupCount = TargetLength</c> to standardize regression targets.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="values">Whole samples, sample-major; at least one.</param>
    /// <param name="sampleLength">Values per sample.</param>
    /// <param name="groupCount">Groups per sample, dividing <paramref name="sampleLength"/>: the sample length per feature, the channels per channel.</param>
    /// <exception cref="ArgumentException">The values are empty or not whole samples, or the groups do not divide the sample.</exception>
    public static Standardizer Fit<T>(ReadOnlySpan<T> values, int sampleLength, int groupCount) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        if (sampleLength % groupCount != 0)
        {
            throw new ArgumentException($"A sample of {sampleLength} values cannot be split into {groupCount} equal groups.", nameof(groupCount));
        }

        if (values.IsEmpty || values.Length % sampleLength != 0)
        {
            throw new ArgumentException($"Expected at least one whole sample of {sampleLength} values, but got {values.Length} values.", nameof(values));
        }

        int groupLength = sampleLength / groupCount;
        long perGroup = (long)(values.Length / sampleLength) * groupLength;
        var sum = new double[groupCount];
        var min = new double[groupCount];
        var max = new double[groupCount];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (int i = 0; i < values.Length; i++)
        {
            int g = i % sampleLength / groupLength;
            double x = double.CreateChecked(values[i]);
            sum[g] += x;
            min[g] = Math.Min(min[g], x);
            max[g] = Math.Max(max[g], x);
        }

        var mean = new double[groupCount];
        for (int g = 0; g < groupCount; g++)
        {
            mean[g] = sum[g] / perGroup;
        }

        var squares = new double[groupCount];
        for (int i = 0; i < values.Length; i++)
        {
            int g = i % sampleLength / groupLength;
            double d = double.CreateChecked(values[i]) - mean[g];
            squares[g] += d * d;
        }

        var deviation = new double[groupCount];
        for (int g = 0; g < groupCount; g++)
        {
            if (!double.IsFinite(sum[g]) || !double.IsFinite(squares[g]))
            {
                throw new ArgumentException($"Group {g} holds values that are not finite; standardization needs finite values.", nameof(values));
            }

            deviation[g] = min[g] == max[g] ? 1 : Math.Sqrt(squares[g] / perGroup);
        }

        return new Standardizer(mean, deviation, sampleLength);
    }

    /// <summary>Standardizes the inputs of <paramref name="dataset"/> in place (for an autoencoder set, its targets too, being the same array).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="dataset">A set whose samples have <see cref="SampleLength"/> values.</param>
    /// <exception cref="ArgumentException">The samples have another length.</exception>
    public void Apply<T>(Dataset<T> dataset) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Apply<T>(dataset.Images);
    }

    /// <summary>Standardizes whole samples in place: x ← (x − mean) / deviation of its group. Allocates nothing.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="values">Whole samples of <see cref="SampleLength"/> values, sample-major (a batch, or a set's inputs).</param>
    /// <exception cref="ArgumentException">The values are not whole samples.</exception>
    public void Apply<T>(Span<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckWhole(values.Length);
        for (int start = 0; start < values.Length; start += SampleLength)
        {
            for (int g = 0; g < mean.Length; g++)
            {
                double m = mean[g], scale = 1 / deviation[g];
                Span<T> group = values.Slice(start + (g * GroupLength), GroupLength);
                for (int k = 0; k < group.Length; k++)
                {
                    group[k] = T.CreateChecked((double.CreateChecked(group[k]) - m) * scale);
                }
            }
        }
    }

    /// <summary>Undoes <see cref="Apply{T}(Span{T})"/> in place: x ← x × deviation + mean, e.g. to read standardized regression outputs in the original units.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="values">Whole samples of <see cref="SampleLength"/> values, sample-major.</param>
    /// <exception cref="ArgumentException">The values are not whole samples.</exception>
    public void Invert<T>(Span<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckWhole(values.Length);
        for (int start = 0; start < values.Length; start += SampleLength)
        {
            for (int g = 0; g < mean.Length; g++)
            {
                double m = mean[g], d = deviation[g];
                Span<T> group = values.Slice(start + (g * GroupLength), GroupLength);
                for (int k = 0; k < group.Length; k++)
                {
                    group[k] = T.CreateChecked((double.CreateChecked(group[k]) * d) + m);
                }
            }
        }
    }

    private void CheckWhole(int length)
    {
        if (length % SampleLength != 0)
        {
            throw new ArgumentException($"Expected whole samples of {SampleLength} values, but got {length} values.");
        }
    }
}
