using System;
using System.Linq;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public class SplitTests
{
    /// <summary>Sample i holds the single value i; labels follow <paramref name="classSizes"/> in blocks (class 0 first).</summary>
    private static Dataset<double> Numbered(params int[] classSizes)
    {
        int[] labels = classSizes.SelectMany((size, c) => Enumerable.Repeat(c, size)).ToArray();
        double[] values = Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray();
        return new Dataset<double>(values, labels, classSizes.Length, 1) { ClassNames = classSizes.Select((_, c) => $"c{c}").ToArray() };
    }

    private static int[] Ids(Dataset<double> part) => part.Images.Select(v => (int)v).ToArray();

    [Fact]
    public void Subset_copies_the_chosen_samples_in_order_with_their_labels()
    {
        Dataset<double> dataset = Numbered(3, 3);

        Dataset<double> subset = dataset.Subset([4, 0, 4]);

        Assert.Equal([4, 0, 4], Ids(subset));
        Assert.Equal([1, 0, 1], subset.Labels);
        Assert.Equal(2, subset.ClassCount);
        Assert.Equal(["c0", "c1"], subset.ClassNames);
        subset.Images[0] = 99;
        Assert.Equal(4, dataset.Images[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Subset([0, 6]));
        Assert.Equal(0, dataset.Subset([]).Count);
    }

    [Fact]
    public void Subsets_of_target_and_autoencoder_sets_keep_their_kind()
    {
        var targets = new Dataset<float>([1, 2, 3], [10, 11, 20, 21, 30, 31], [1], [2]);
        Dataset<float> autoencoder = Dataset<float>.Autoencoder([1, 2, 3, 4], 2);

        Dataset<float> picked = targets.Subset([2, 0]);
        Dataset<float> pickedAuto = autoencoder.Subset([1]);

        Assert.Equal(new float[] { 30, 31, 10, 11 }, picked.Targets);
        Assert.Equal([2], picked.TargetShape);
        Assert.Same(pickedAuto.Images, pickedAuto.Targets);
        Assert.Equal(new float[] { 3, 4 }, pickedAuto.Targets);
    }

    [Theory]
    [InlineData(103, 0.8, 82)]
    [InlineData(10, 0.25, 3)]
    [InlineData(10, 0, 0)]
    [InlineData(10, 1, 10)]
    public void A_fraction_split_has_rounded_sizes_and_partitions_the_samples(int count, double fraction, int expectedFirst)
    {
        Dataset<double> dataset = Numbered(count);

        (Dataset<double> first, Dataset<double> second) = dataset.Split(fraction, seed: 7);

        Assert.Equal(expectedFirst, first.Count);
        Assert.Equal(count - expectedFirst, second.Count);
        Assert.Equal(Enumerable.Range(0, count), Ids(first).Concat(Ids(second)).Order());
        Assert.Equal(Ids(first).Order(), Ids(first));
    }

    [Fact]
    public void Multi_way_splits_by_fractions_or_counts_add_up()
    {
        Dataset<double> dataset = Numbered(101);

        Dataset<double>[] byFractions = dataset.Split([0.7, 0.2, 0.1], seed: 1);
        Dataset<double>[] byCounts = dataset.Split([50, 1, 50], seed: 1);
        (Dataset<double> thirty, Dataset<double> rest) = dataset.Split(30, seed: 1);

        Assert.Equal([71, 20, 10], byFractions.Select(p => p.Count));
        Assert.Equal([50, 1, 50], byCounts.Select(p => p.Count));
        Assert.Equal((30, 71), (thirty.Count, rest.Count));
        Assert.Equal(Enumerable.Range(0, 101), byFractions.SelectMany(Ids).Order());
        Assert.Throws<ArgumentException>(() => dataset.Split([0.7, 0.2], seed: 1));
        Assert.Throws<ArgumentException>(() => dataset.Split([50, 50], seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Split(1.5, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Split(102, seed: 1));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        Dataset<double> dataset = Numbered(40, 60);

        int[] first = Ids(dataset.Split(0.5, seed: 3).First);
        int[] again = Ids(dataset.Split(0.5, seed: 3).First);
        int[] other = Ids(dataset.Split(0.5, seed: 4).First);
        int[] stratified = Ids(dataset.StratifiedSplit(0.5, seed: 3).First);
        int[] stratifiedAgain = Ids(dataset.StratifiedSplit(0.5, seed: 3).First);
        int[] stratifiedOther = Ids(dataset.StratifiedSplit(0.5, seed: 4).First);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(Enumerable.Range(0, 50), first);
        Assert.Equal(stratified, stratifiedAgain);
        Assert.NotEqual(stratified, stratifiedOther);
    }

    [Fact]
    public void A_stratified_split_keeps_every_class_in_proportion()
    {
        // Imbalanced: 500, 300, 150 and 50 samples. A plain split drifts; a stratified one is exact.
        Dataset<double> dataset = Numbered(500, 300, 150, 50);

        (Dataset<double> train, Dataset<double> test) = dataset.StratifiedSplit(0.8, seed: 11);

        Assert.Equal(800, train.Count);
        Assert.Equal([400, 240, 120, 40], Enumerable.Range(0, 4).Select(c => train.Labels.Count(l => l == c)));
        Assert.Equal([100, 60, 30, 10], Enumerable.Range(0, 4).Select(c => test.Labels.Count(l => l == c)));
        Assert.Equal(Enumerable.Range(0, 1000), Ids(train).Concat(Ids(test)).Order());
        Assert.All(train.Labels.Zip(Ids(train)), pair => Assert.Equal(dataset.Labels[pair.Second], pair.First));
    }

    [Fact]
    public void An_uneven_stratified_split_is_within_one_sample_per_class_and_the_sizes_add_up()
    {
        int[] sizes = [7, 13, 5, 1, 9];
        Dataset<double> dataset = Numbered(sizes);
        double[] fractions = [0.6, 0.25, 0.15];

        Dataset<double>[] parts = dataset.StratifiedSplit(fractions, seed: 2);

        Assert.Equal([21, 9, 5], parts.Select(p => p.Count));
        for (int c = 0; c < sizes.Length; c++)
        {
            for (int p = 0; p < parts.Length; p++)
            {
                int inPart = parts[p].Labels.Count(l => l == c);
                Assert.InRange(inPart, Math.Floor(sizes[c] * fractions[p]), Math.Ceiling(sizes[c] * fractions[p]));
            }
        }

        Assert.Equal(Enumerable.Range(0, 35), parts.SelectMany(Ids).Order());
    }

    [Fact]
    public void A_stratified_split_needs_labels()
    {
        var targets = new Dataset<float>([1, 2], [3, 4], [1], [1]);

        Assert.Throws<InvalidOperationException>(() => targets.StratifiedSplit(0.5, seed: 0));
        Assert.Equal(1, targets.Split(0.5, seed: 0).First.Count);
    }
}
