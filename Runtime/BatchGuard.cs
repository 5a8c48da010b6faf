using System;

namespace StaticNet;

/// <summary>
/// Argument checks the generated code runs once per call, before any work, so a wrong span length is
/// a clear exception rather than a corrupted batch. Public because generated code lives in your assembly.
/// </summary>
public static class BatchGuard
{
    /// <summary>Returns how many samples of <paramref name="sampleLength"/> values <paramref name="length"/> holds.</summary>
    /// <exception cref="ArgumentException">The length is zero or not a whole number of samples.</exception>
    public static int CountSamples(int length, int sampleLength, string parameterName)
    {
        if (length == 0 || length % sampleLength != 0)
        {
            throw new ArgumentException(
                $"{parameterName} holds {length} values, which is not a whole, non-zero number of samples of {sampleLength} values each.",
                parameterName);
        }

        return length / sampleLength;
    }

    /// <summary>Checks that a span holds exactly the values <paramref name="samples"/> samples need.</summary>
    /// <exception cref="ArgumentException">The span is shorter or longer.</exception>
    public static void CheckLength(int length, int samples, int sampleLength, string parameterName)
    {
        if (length != samples * sampleLength)
        {
            throw new ArgumentException(
                $"{parameterName} holds {length} values, but {samples} samples of {sampleLength} need {samples * sampleLength}.",
                parameterName);
        }
    }

    /// <summary>Checks that a training batch has <paramref name="minimum"/> to <paramref name="capacity"/> samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// It has more than the network's batch capacity, or fewer than <paramref name="minimum"/> (batch norm needs two
    /// samples to estimate a variance).
    /// </exception>
    public static void CheckTrainingBatch(int samples, int capacity, int minimum = 1)
    {
        if (samples < 1 || samples > capacity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(samples),
                samples,
                $"A training step takes 1 to {capacity} samples (the network's BatchCapacity), but got {samples}.");
        }

        if (samples < minimum)
        {
            throw new ArgumentOutOfRangeException(
                nameof(samples),
                samples,
                $"This network has batch normalization, which estimates each feature's variance from the batch: a training step needs at least {minimum} samples, but got {samples}. Use larger batches (a last partial batch of one sample can be dropped).");
        }
    }

    /// <summary>
    /// Checks that every label is a class index, before a training step changes anything (the loss checks them too,
    /// but only after the forward pass has overwritten the layers' outputs).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is not in [0, <paramref name="classes"/>).</exception>
    public static void CheckLabels(ReadOnlySpan<int> labels, int classes)
    {
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[r], $"Label {labels[r]} of sample {r} is not a class index in [0, {classes}).");
            }
        }
    }

    /// <summary>Checks an optimizer step count and returns it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is negative.</exception>
    public static long CheckStep(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return step;
    }

    /// <summary>Checks a learning rate and returns it.</summary>
    /// <param name="learningRate">The rate.</param>
    /// <param name="largest">The largest value of the network's element type: a rate beyond it would overflow to ∞.</param>
    /// <exception cref="ArgumentOutOfRangeException">It is negative, NaN, infinite, or larger than <paramref name="largest"/>.</exception>
    public static double CheckLearningRate(double learningRate, double largest)
    {
        if (!(learningRate >= 0) || double.IsInfinity(learningRate) || learningRate > largest)
        {
            throw new ArgumentOutOfRangeException(
                nameof(learningRate),
                learningRate,
                $"The learning rate must be a finite number, 0 or more, that the network's element type can hold (at most {largest:G3}).");
        }

        return learningRate;
    }
}
