using System;
using System.Collections.Generic;
using System.Numerics;

namespace StaticNet.Data;

/// <summary>
/// A labelled data set held in memory: every sample's values in one contiguous array, sample-major
/// (<see cref="Count"/> × <see cref="SampleLength"/>), in the channel-first layout the networks take,
/// and one class label per sample. Because samples are contiguous, any run of them is a ready-made
/// network input with no copy.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Dataset<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly int[] sampleShape;

    /// <summary>Wraps <paramref name="images"/> and <paramref name="labels"/> (not copied) after checking they agree.</summary>
    /// <param name="images">All samples' values, sample-major: <c>labels.Length × SampleLength</c> of them.</param>
    /// <param name="labels">One class label per sample, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">How many classes there are.</param>
    /// <param name="sampleShape">One sample's shape, channel first, e.g. <c>[1, 28, 28]</c>.</param>
    /// <exception cref="ArgumentException">
    /// The shape is empty or has a size below 1, the number of images and labels differ, or a label is out of range.
    /// </exception>
    public Dataset(T[] images, int[] labels, int classCount, params int[] sampleShape)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (sampleShape.Length == 0 || Array.Exists(sampleShape, size => size < 1))
        {
            throw new ArgumentException($"A sample shape needs at least one dimension and every size ≥ 1, but got [{string.Join(", ", sampleShape)}].", nameof(sampleShape));
        }

        long sampleLength = 1;
        foreach (int size in sampleShape)
        {
            sampleLength *= size;
        }

        if (sampleLength > int.MaxValue || images.Length % sampleLength != 0)
        {
            throw new ArgumentException(
                $"The images hold {images.Length} values, which is not a whole number of samples of shape [{string.Join(", ", sampleShape)}] ({sampleLength} values each).",
                nameof(images));
        }

        long imageCount = images.Length / sampleLength;
        if (imageCount != labels.Length)
        {
            throw new ArgumentException(
                $"The data set has {imageCount} images but {labels.Length} labels; every image needs exactly one label.",
                nameof(labels));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {i} is {labels[i]}, outside the {classCount} classes 0 to {classCount - 1}.", nameof(labels));
            }
        }

        Images = images;
        Labels = labels;
        ClassCount = classCount;
        SampleLength = (int)sampleLength;
        this.sampleShape = (int[])sampleShape.Clone();
    }

    /// <summary>All samples' values, sample-major: sample <c>i</c> is <c>[i × SampleLength, (i + 1) × SampleLength)</c>.</summary>
    public T[] Images { get; }

    /// <summary>One class label per sample, each in [0, <see cref="ClassCount"/>).</summary>
    public int[] Labels { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Labels.Length;

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The number of values in one sample: the product of <see cref="SampleShape"/>.</summary>
    public int SampleLength { get; }

    /// <summary>One sample's shape, channel first.</summary>
    public IReadOnlyList<int> SampleShape => sampleShape;

    /// <summary>The values of sample <paramref name="index"/>.</summary>
    /// <param name="index">A sample index in [0, <see cref="Count"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public ReadOnlySpan<T> Sample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsSpan(index * SampleLength, SampleLength);
    }

    /// <summary>The values of <paramref name="count"/> consecutive samples starting at <paramref name="start"/>, ready to feed a network.</summary>
    /// <param name="start">The first sample.</param>
    /// <param name="count">How many samples.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the data set.</exception>
    public ReadOnlySpan<T> Samples(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        return Images.AsSpan(start * SampleLength, count * SampleLength);
    }

    /// <summary>Standardizes every value in place: x ← (x − <paramref name="mean"/>) / <paramref name="standardDeviation"/>.</summary>
    /// <param name="mean">The value subtracted.</param>
    /// <param name="standardDeviation">The divisor, greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The standard deviation is not positive.</exception>
    public void Normalize(T mean, T standardDeviation)
    {
        if (!(standardDeviation > T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be greater than 0.");
        }

        T scale = T.One / standardDeviation;
        Span<T> values = Images;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] - mean) * scale;
        }
    }

    /// <summary>The mean and (population) standard deviation of all values, computed in double precision.</summary>
    public (double Mean, double StandardDeviation) Statistics()
    {
        double sum = 0, sumOfSquares = 0;
        foreach (T value in Images)
        {
            double x = double.CreateChecked(value);
            sum += x;
            sumOfSquares += x * x;
        }

        double mean = sum / Images.Length;
        return (mean, Math.Sqrt(Math.Max(0, (sumOfSquares / Images.Length) - (mean * mean))));
    }
}
