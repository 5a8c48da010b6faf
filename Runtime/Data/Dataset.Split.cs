using System;
using System.Collections.Generic;
using System.Linq;
using StaticNet.Init;

namespace StaticNet.Data;

/// <content>Subsets and seeded random splits: plain (by fractions or counts) and stratified (by class).</content>
public sealed partial class Dataset<T>
{
    /// <summary>The <see cref="SeededRandom"/> stream the splits draw from, apart from the samplers' (one per epoch).</summary>
    public const int SplitStream = 0x53504C54;

    /// <summary>
    /// A new data set of the samples at <paramref name="indices"/>, in that order, copied (inputs and labels or
    /// targets), with the same shapes, classes and class names. An index may repeat (a bootstrap sample). An
    /// autoencoder set's subset is an autoencoder set again.
    /// </summary>
    /// <param name="indices">Sample indices, each in [0, <see cref="Count"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public Dataset<T> Subset(ReadOnlySpan<int> indices)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"Index {i} of the subset is {indices[i]}, outside the data set's samples 0 to {Count - 1}.");
            }
        }

        var inputs = new T[indices.Length * SampleLength];
        for (int i = 0; i < indices.Length; i++)
        {
            Sample(indices[i]).CopyTo(inputs.AsSpan(i * SampleLength, SampleLength));
        }

        if (HasLabels)
        {
            var labels = new int[indices.Length];
            for (int i = 0; i < indices.Length; i++)
            {
                labels[i] = Labels[indices[i]];
            }

            return new Dataset<T>(inputs, labels, ClassCount, sampleShape) { ClassNames = ClassNames };
        }

        if (ReferenceEquals(Images, Targets))
        {
            return Autoencoder(inputs, sampleShape);
        }

        var targets = new T[indices.Length * TargetLength];
        for (int i = 0; i < indices.Length; i++)
        {
            Target(indices[i]).CopyTo(targets.AsSpan(i * TargetLength, TargetLength));
        }

        return new Dataset<T>(inputs, targets, sampleShape, targetShape);
    }

    /// <summary>
    /// Splits the samples at random in two: the first part holds <paramref name="firstFraction"/> of them (rounded to
    /// the nearest count), the second the rest. Each part keeps its samples in their stored order. The same seed
    /// gives the same split.
    /// </summary>
    /// <param name="firstFraction">The first part's share, in [0, 1], e.g. 0.8 for an 80/20 split.</param>
    /// <param name="seed">Seeds the shuffle.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in [0, 1].</exception>
    public (Dataset<T> First, Dataset<T> Second) Split(double firstFraction, int seed)
    {
        CheckFraction(firstFraction);
        Dataset<T>[] parts = Split([firstFraction, 1 - firstFraction], seed);
        return (parts[0], parts[1]);
    }

    /// <summary>Splits the samples at random in two: <paramref name="firstCount"/> in the first part, the rest in the second; see <see cref="Split(double, int)"/>.</summary>
    /// <param name="firstCount">The first part's size, in [0, <see cref="Count"/>].</param>
    /// <param name="seed">Seeds the shuffle.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is not in [0, Count].</exception>
    public (Dataset<T> First, Dataset<T> Second) Split(int firstCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstCount, Count);
        Dataset<T>[] parts = Split([firstCount, Count - firstCount], seed);
        return (parts[0], parts[1]);
    }

    /// <summary>
    /// Splits the samples at random into as many parts as <paramref name="fractions"/> has, e.g. <c>[0.8, 0.1, 0.1]</c>
    /// for training, validation and test. Part sizes are rounded so they add up to <see cref="Count"/> (largest
    /// remainders first). Each part keeps its samples in their stored order; the same seed gives the same split.
    /// </summary>
    /// <param name="fractions">Each part's share, each at least 0, adding up to 1.</param>
    /// <param name="seed">Seeds the shuffle.</param>
    /// <exception cref="ArgumentException">A fraction is negative, or they do not add up to 1.</exception>
    public Dataset<T>[] Split(double[] fractions, int seed) => Split(Apportion(Count, fractions), seed);

    /// <summary>Splits the samples at random into parts of the given sizes; see <see cref="Split(double[], int)"/>.</summary>
    /// <param name="counts">Each part's size, each at least 0, adding up to <see cref="Count"/>.</param>
    /// <param name="seed">Seeds the shuffle.</param>
    /// <exception cref="ArgumentException">A count is negative, or they do not add up to <see cref="Count"/>.</exception>
    public Dataset<T>[] Split(int[] counts, int seed)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Length == 0 || counts.Any(count => count < 0) || counts.Sum(count => (long)count) != Count)
        {
            throw new ArgumentException($"Expected part sizes of at least 0 adding up to the {Count} samples, but got [{string.Join(", ", counts)}].", nameof(counts));
        }

        var order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new SeededRandom(seed, SplitStream);
        random.Shuffle<int>(order);
        var parts = new Dataset<T>[counts.Length];
        int start = 0;
        for (int p = 0; p < counts.Length; p++)
        {
            int[] part = order[start..(start + counts[p])];
            Array.Sort(part);
            parts[p] = Subset(part);
            start += counts[p];
        }

        return parts;
    }

    /// <summary>
    /// Splits the samples at random in two with every class in the same proportion in both parts: the first part
    /// holds <paramref name="firstFraction"/> of each class (to within one sample). Needs labels. Each part keeps
    /// its samples in their stored order; the same seed gives the same split.
    /// </summary>
    /// <param name="firstFraction">The first part's share, in [0, 1].</param>
    /// <param name="seed">Seeds the shuffles.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The data set has targets, not labels.</exception>
    public (Dataset<T> First, Dataset<T> Second) StratifiedSplit(double firstFraction, int seed)
    {
        CheckFraction(firstFraction);
        Dataset<T>[] parts = StratifiedSplit([firstFraction, 1 - firstFraction], seed);
        return (parts[0], parts[1]);
    }

    /// <summary>
    /// Splits the samples at random into as many parts as <paramref name="fractions"/> has, with every class in the
    /// same proportion in each part. Part sizes add up as in <see cref="Split(double[], int)"/>; each class is divided
    /// in the given proportions to within one sample (the roundings that make the part sizes add up go to the
    /// classes with the largest remainders). Needs labels.
    /// </summary>
    /// <param name="fractions">Each part's share, each at least 0, adding up to 1.</param>
    /// <param name="seed">Seeds the shuffles.</param>
    /// <exception cref="ArgumentException">A fraction is negative, or they do not add up to 1.</exception>
    /// <exception cref="InvalidOperationException">The data set has targets, not labels.</exception>
    public Dataset<T>[] StratifiedSplit(double[] fractions, int seed)
    {
        if (!HasLabels)
        {
            throw new InvalidOperationException("A stratified split needs class labels, but the data set has target vectors; use Split.");
        }

        int[] totals = Apportion(Count, fractions);
        int parts = fractions.Length;
        var members = new List<int>[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < Count; i++)
        {
            members[Labels[i]].Add(i);
        }

        // Each class gets the floor of its share of every part; the samples left over go where the parts still
        // need samples, largest fractional share first.
        var counts = new int[ClassCount, parts];
        var leftover = new int[ClassCount];
        var need = (int[])totals.Clone();
        var remainders = new List<(double Remainder, int Class, int Part)>();
        for (int c = 0; c < ClassCount; c++)
        {
            leftover[c] = members[c].Count;
            for (int p = 0; p < parts; p++)
            {
                double exact = members[c].Count * fractions[p];
                counts[c, p] = (int)Math.Floor(exact);
                leftover[c] -= counts[c, p];
                need[p] -= counts[c, p];
                remainders.Add((exact - counts[c, p], c, p));
            }
        }

        foreach ((_, int c, int p) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Class).ThenBy(r => r.Part))
        {
            if (leftover[c] > 0 && need[p] > 0)
            {
                counts[c, p]++;
                leftover[c]--;
                need[p]--;
            }
        }

        for (int c = 0; c < ClassCount; c++)
        {
            for (int p = 0; p < parts && leftover[c] > 0; p++)
            {
                int take = Math.Min(leftover[c], need[p]);
                counts[c, p] += take;
                leftover[c] -= take;
                need[p] -= take;
            }
        }

        var random = new SeededRandom(seed, SplitStream);
        var indices = new List<int>[parts];
        for (int p = 0; p < parts; p++)
        {
            indices[p] = [];
        }

        for (int c = 0; c < ClassCount; c++)
        {
            int[] order = members[c].ToArray();
            random.Shuffle<int>(order);
            int start = 0;
            for (int p = 0; p < parts; p++)
            {
                indices[p].AddRange(order.AsSpan(start, counts[c, p]));
                start += counts[c, p];
            }
        }

        var result = new Dataset<T>[parts];
        for (int p = 0; p < parts; p++)
        {
            indices[p].Sort();
            result[p] = Subset(indices[p].ToArray());
        }

        return result;
    }

    /// <summary>Part sizes for <paramref name="fractions"/> of <paramref name="total"/>, adding up to it: floors, then one more for the largest remainders.</summary>
    private static int[] Apportion(int total, double[] fractions)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        double sum = fractions.Sum();
        if (fractions.Length == 0 || fractions.Any(f => !(f >= 0) || double.IsInfinity(f)) || Math.Abs(sum - 1) > 1e-9)
        {
            throw new ArgumentException($"Expected fractions of at least 0 adding up to 1, but got [{string.Join(", ", fractions)}] (sum {sum}).", nameof(fractions));
        }

        var counts = new int[fractions.Length];
        for (int p = 0; p < fractions.Length; p++)
        {
            counts[p] = (int)Math.Floor(total * fractions[p]);
        }

        int missing = total - counts.Sum();
        foreach (int p in Enumerable.Range(0, fractions.Length).OrderByDescending(p => (total * fractions[p]) - counts[p]).ThenBy(p => p).Take(missing))
        {
            counts[p]++;
        }

        return counts;
    }

    private static void CheckFraction(double fraction)
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be between 0 and 1.");
        }
    }
}
