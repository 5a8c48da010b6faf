using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;

namespace StaticNet.Data;

/// <summary>Builds data sets from arrays read out of files (IDX, NumPy), with messages naming the files.</summary>
internal static class ArrayDatasets
{
    /// <summary>
    /// A labelled data set from an inputs array shaped <c>[N, …]</c> and a labels array shaped <c>[N]</c> or <c>[N, 1]</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">The arrays disagree, a value is not finite or a label is out of range.</exception>
    public static Dataset<T> Labelled<T>(
        string inputsName, T[] inputs, IReadOnlyList<int> inputShape,
        string labelsName, int[] labels, IReadOnlyList<int> labelShape,
        int classCount, double scale, int[]? sampleShape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        int[] shape = SampleShape(inputsName, inputShape, sampleShape);
        if (!(labelShape.Count == 1 || (labelShape.Count == 2 && labelShape[1] == 1)))
        {
            throw new InvalidDataException($"'{labelsName}': expected labels shaped [N] or [N, 1], found [{string.Join(", ", labelShape)}].");
        }

        int count = inputShape.Count == 0 ? 1 : inputShape[0];
        if (labels.Length != count)
        {
            throw new InvalidDataException(
                $"'{inputsName}' holds {count} samples but '{labelsName}' holds {labels.Length} labels; expected one label per sample.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || (classCount > 0 && labels[i] >= classCount))
            {
                string range = classCount > 0 ? $"0 to {classCount - 1}" : "0 or more";
                throw new InvalidDataException($"'{labelsName}': label {i} is {labels[i]}, expected {range}.");
            }
        }

        int classes = classCount > 0 ? classCount : (labels.Length == 0 ? 1 : labels.Max() + 1);
        Prepare(inputsName, inputs, inputShape, scale);
        return new Dataset<T>(inputs, labels, classes, shape);
    }

    /// <summary>
    /// A data set of target vectors from an inputs array shaped <c>[N, …]</c> and a targets array shaped <c>[N, …]</c>
    /// (<c>[N]</c> is one value per sample).
    /// </summary>
    /// <exception cref="InvalidDataException">The arrays disagree or a value is not finite.</exception>
    public static Dataset<T> WithTargets<T>(
        string inputsName, T[] inputs, IReadOnlyList<int> inputShape,
        string targetsName, T[] targets, IReadOnlyList<int> targetShape,
        double scale, int[]? sampleShape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int[] shape = SampleShape(inputsName, inputShape, sampleShape);
        int[] oneTarget = SampleShape(targetsName, targetShape, null);
        int count = inputShape.Count == 0 ? 1 : inputShape[0];
        int targetCount = targetShape.Count == 0 ? 1 : targetShape[0];
        if (targetCount != count)
        {
            throw new InvalidDataException(
                $"'{inputsName}' holds {count} samples but '{targetsName}' holds {targetCount} targets; expected one target per sample.");
        }

        Prepare(inputsName, inputs, inputShape, scale);
        Prepare(targetsName, targets, targetShape, 1);
        return new Dataset<T>(inputs, targets, shape, oneTarget);
    }

    /// <summary>One sample's shape: the requested one (checked against the array) or the array's shape after the first dimension, [1] for rank 1.</summary>
    private static int[] SampleShape(string name, IReadOnlyList<int> arrayShape, int[]? requested)
    {
        if (arrayShape.Count == 0)
        {
            throw new InvalidDataException($"'{name}': expected an array with a sample dimension first, found a scalar (shape []).");
        }

        int[] natural = arrayShape.Count == 1 ? [1] : arrayShape.Skip(1).ToArray();
        if (requested is null)
        {
            if (Array.Exists(natural, size => size < 1))
            {
                throw new InvalidDataException($"'{name}': samples of shape [{string.Join(", ", natural)}] hold no values.");
            }

            return natural;
        }

        long naturalLength = natural.Aggregate(1L, (product, size) => product * size);
        long requestedLength = requested.Aggregate(1L, (product, size) => product * size);
        if (naturalLength != requestedLength || Array.Exists(requested, size => size < 1))
        {
            throw new ArgumentException(
                $"The sample shape [{string.Join(", ", requested)}] ({requestedLength} values) does not fit the samples of '{name}', shaped [{string.Join(", ", natural)}] ({naturalLength} values).",
                nameof(requested));
        }

        return (int[])requested.Clone();
    }

    /// <summary>Scales the values in place and rejects the first one that is not finite.</summary>
    private static void Prepare<T>(string name, T[] values, IReadOnlyList<int> shape, double scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!double.IsFinite(scale) || scale == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be finite and not 0.");
        }

        bool rescale = scale != 1;
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new InvalidDataException(
                    $"'{name}': the value at {BinaryElements.FormatIndex(i, shape)} is {values[i]}; missing or infinite values are not accepted.");
            }

            if (rescale)
            {
                // In double, so that 51 × (1 / 255) rounds once, to the float nearest 0.2.
                values[i] = T.CreateChecked(double.CreateChecked(values[i]) * scale);
            }
        }
    }
}
