using System;
using System.Collections.Generic;
using System.Numerics;

namespace StaticNet.Data;

/// <summary>
/// A data set held in memory: every sample's values in one contiguous array, sample-major
/// (<see cref="Count"/> × <see cref="SampleLength"/>), in the channel-first layout the networks take, and
/// either one class label per sample (classification; <see cref="HasLabels"/>) or one target vector per sample
/// (regression, autoencoders; <see cref="Targets"/>). Because samples are contiguous, any run of them is a
/// ready-made network input with no copy.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Dataset<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly int[] sampleShape;
    private readonly int[] targetShape;
    private readonly IReadOnlyList<string>? classNames;

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
        SampleLength = CheckShape(sampleShape, nameof(sampleShape));
        long imageCount = CountSamples(images, sampleShape, SampleLength, nameof(images));
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
        Targets = [];
        Count = labels.Length;
        ClassCount = classCount;
        this.sampleShape = (int[])sampleShape.Clone();
        targetShape = [];
    }

    /// <summary>
    /// Wraps <paramref name="inputs"/> and <paramref name="targets"/> (not copied) as a data set of target vectors,
    /// for regression or autoencoders, after checking they agree. Such a data set has no labels:
    /// <see cref="HasLabels"/> is false, <see cref="Labels"/> is empty and <see cref="ClassCount"/> is 0.
    /// </summary>
    /// <param name="inputs">All samples' values, sample-major.</param>
    /// <param name="targets">All samples' targets, sample-major: as many samples as <paramref name="inputs"/> holds.
    /// May be <paramref name="inputs"/> itself (see <see cref="Autoencoder"/>).</param>
    /// <param name="sampleShape">One sample's shape, channel first, e.g. <c>[1, 28, 28]</c> or <c>[4]</c>.</param>
    /// <param name="targetShape">One target's shape, e.g. <c>[1]</c> for one value per sample.</param>
    /// <exception cref="ArgumentException">
    /// A shape is empty or has a size below 1, or the inputs and targets are not whole samples of their shapes, or
    /// their sample counts differ.
    /// </exception>
    public Dataset(T[] inputs, T[] targets, int[] sampleShape, int[] targetShape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentNullException.ThrowIfNull(targetShape);
        SampleLength = CheckShape(sampleShape, nameof(sampleShape));
        TargetLength = CheckShape(targetShape, nameof(targetShape));
        long inputCount = CountSamples(inputs, sampleShape, SampleLength, nameof(inputs));
        long targetCount = CountSamples(targets, targetShape, TargetLength, nameof(targets));
        if (inputCount != targetCount)
        {
            throw new ArgumentException(
                $"The data set has {inputCount} input samples but {targetCount} targets; every sample needs exactly one target.",
                nameof(targets));
        }

        Images = inputs;
        Labels = [];
        Targets = targets;
        Count = (int)inputCount;
        ClassCount = 0;
        this.sampleShape = (int[])sampleShape.Clone();
        this.targetShape = (int[])targetShape.Clone();
    }

    /// <summary>
    /// A data set whose targets are its inputs, for an autoencoder: <see cref="Targets"/> is the very same array as
    /// <see cref="Images"/> (not a copy), so standardizing the inputs standardizes the targets too.
    /// </summary>
    /// <param name="inputs">All samples' values, sample-major.</param>
    /// <param name="sampleShape">One sample's shape, channel first.</param>
    /// <exception cref="ArgumentException">The shape is invalid or the inputs are not whole samples of it.</exception>
    public static Dataset<T> Autoencoder(T[] inputs, params int[] sampleShape)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        return new Dataset<T>(inputs, inputs, sampleShape, sampleShape);
    }

    /// <summary>
    /// All samples' values (the inputs), sample-major: sample <c>i</c> is <c>[i × SampleLength, (i + 1) × SampleLength)</c>.
    /// </summary>
    public T[] Images { get; }

    /// <summary>One class label per sample, each in [0, <see cref="ClassCount"/>); empty when the data set has targets instead.</summary>
    public int[] Labels { get; }

    /// <summary>
    /// All samples' target vectors, sample-major: target <c>i</c> is <c>[i × TargetLength, (i + 1) × TargetLength)</c>;
    /// empty when the data set has labels instead.
    /// </summary>
    public T[] Targets { get; }

    /// <summary>Whether the samples have class labels (true) or target vectors (false).</summary>
    public bool HasLabels => TargetLength == 0;

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The number of classes; 0 when the data set has targets instead of labels.</summary>
    public int ClassCount { get; }

    /// <summary>The number of values in one sample: the product of <see cref="SampleShape"/>.</summary>
    public int SampleLength { get; }

    /// <summary>One sample's shape, channel first.</summary>
    public IReadOnlyList<int> SampleShape => sampleShape;

    /// <summary>The number of values in one target: the product of <see cref="TargetShape"/>; 0 for a labelled data set.</summary>
    public int TargetLength { get; }

    /// <summary>One target's shape; empty for a labelled data set.</summary>
    public IReadOnlyList<int> TargetShape => targetShape;

    /// <summary>
    /// The name of every class, indexed by label, when known (a CSV file's label column of names gives them); null
    /// otherwise. Setting it checks that there is one name per class.
    /// </summary>
    /// <exception cref="ArgumentException">The number of names is not <see cref="ClassCount"/>.</exception>
    public IReadOnlyList<string>? ClassNames
    {
        get => classNames;
        init
        {
            if (value is not null && value.Count != ClassCount)
            {
                throw new ArgumentException($"The data set has {ClassCount} classes but {value.Count} class names were given.", nameof(value));
            }

            classNames = value;
        }
    }

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

    /// <summary>The target vector of sample <paramref name="index"/>.</summary>
    /// <param name="index">A sample index in [0, <see cref="Count"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    /// <exception cref="InvalidOperationException">The data set has labels, not targets.</exception>
    public ReadOnlySpan<T> Target(int index)
    {
        ThrowIfLabelled();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Targets.AsSpan(index * TargetLength, TargetLength);
    }

    /// <summary>The targets of <paramref name="count"/> consecutive samples starting at <paramref name="start"/>, ready to feed a regressor.</summary>
    /// <param name="start">The first sample.</param>
    /// <param name="count">How many samples.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the data set.</exception>
    /// <exception cref="InvalidOperationException">The data set has labels, not targets.</exception>
    public ReadOnlySpan<T> SampleTargets(int start, int count)
    {
        ThrowIfLabelled();
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        return Targets.AsSpan(start * TargetLength, count * TargetLength);
    }

    /// <summary>Standardizes every input value in place: x ← (x − <paramref name="mean"/>) / <paramref name="standardDeviation"/>.</summary>
    /// <remarks>For statistics per feature or per channel, computed on a training set and reused on a test set, see <see cref="Standardizer"/>.</remarks>
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

    /// <summary>The mean and (population) standard deviation of all input values, computed in double precision.</summary>
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

    private void ThrowIfLabelled()
    {
        if (HasLabels)
        {
            throw new InvalidOperationException("The data set has class labels, not target vectors; read Labels instead.");
        }
    }

    /// <summary>Checks a shape and returns its product.</summary>
    private static int CheckShape(int[] shape, string parameterName)
    {
        if (shape.Length == 0 || Array.Exists(shape, size => size < 1))
        {
            throw new ArgumentException($"A shape needs at least one dimension and every size ≥ 1, but got [{string.Join(", ", shape)}].", parameterName);
        }

        long length = 1;
        foreach (int size in shape)
        {
            length *= size;
            if (length > int.MaxValue)
            {
                throw new ArgumentException($"The shape [{string.Join(", ", shape)}] has more than {int.MaxValue} values.", parameterName);
            }
        }

        return (int)length;
    }

    /// <summary>How many samples of <paramref name="length"/> values <paramref name="values"/> holds; throws unless whole.</summary>
    private static long CountSamples(T[] values, int[] shape, int length, string parameterName)
    {
        if (values.Length % length != 0)
        {
            throw new ArgumentException(
                $"The {parameterName} hold {values.Length} values, which is not a whole number of samples of shape [{string.Join(", ", shape)}] ({length} values each).",
                parameterName);
        }

        return values.Length / length;
    }
}
