using System;
using System.Linq;
using StaticNet.Data;
using StaticNet.Init;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public class StandardizerTests
{
    [Fact]
    public void Per_feature_statistics_are_the_mean_and_population_deviation_of_each_position()
    {
        var train = new Dataset<double>([1, 10, 100, 3, 10, 200, 5, 10, 600], [0, 1, 0], 2, 3);

        Standardizer standardizer = Standardizer.PerFeature(train);

        Assert.Equal(3, standardizer.GroupCount);
        Assert.Equal(1, standardizer.GroupLength);
        Assert.Equal([3, 10, 300], standardizer.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), standardizer.StandardDeviation[0], 12);
        Assert.Equal(1, standardizer.StandardDeviation[1]);
        Assert.Equal(Math.Sqrt(140000.0 / 3), standardizer.StandardDeviation[2], 9);

        standardizer.Apply(train);

        Assert.Equal(-2 / Math.Sqrt(8.0 / 3), train.Images[0], 12);
        Assert.Equal(0, train.Images[1]);
        Assert.Equal(0, train.Images[4]);
        Assert.Equal(300 / Math.Sqrt(140000.0 / 3), train.Images[8], 12);
    }

    [Fact]
    public void The_test_set_is_standardized_with_the_training_statistics()
    {
        var train = new Dataset<float>([0, 2, 4, 6], [0, 0, 1, 1], 2, 1);
        var test = new Dataset<float>([3, 8], [0, 1], 2, 1);

        Standardizer standardizer = Standardizer.PerFeature(train);
        standardizer.Apply(train);
        standardizer.Apply(test);

        float deviation = (float)Math.Sqrt(5);
        Assert.Equal(new[] { 0f, 5 / deviation }, test.Images);
        Assert.Equal(0, train.Images.Average(), 6);
    }

    [Fact]
    public void Standardized_random_features_have_mean_zero_and_deviation_one()
    {
        var random = new SeededRandom(5);
        var values = new double[1000 * 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ((i % 4) * 10) + ((1 + (i % 4)) * random.NextNormal());
        }

        var train = new Dataset<double>(values, new int[1000], 1, 4);

        Standardizer.PerFeature(train).Apply(train);
        Standardizer after = Standardizer.PerFeature(train);

        Assert.All(after.Mean, m => Assert.Equal(0, m, 9));
        Assert.All(after.StandardDeviation, d => Assert.Equal(1, d, 9));
    }

    [Fact]
    public void Per_channel_statistics_pool_every_position_of_a_channel()
    {
        // Two samples of [2 channels, 1, 2]: channel 0 holds 1, 3, 5, 7; channel 1 holds 10, 10, 10, 10.
        var train = new Dataset<double>([1, 3, 10, 10, 5, 7, 10, 10], [0, 1], 2, 2, 1, 2);

        Standardizer standardizer = Standardizer.PerChannel(train);

        Assert.Equal(2, standardizer.GroupCount);
        Assert.Equal(2, standardizer.GroupLength);
        Assert.Equal([4, 10], standardizer.Mean);
        Assert.Equal([Math.Sqrt(5), 1], standardizer.StandardDeviation);
        standardizer.Apply(train);
        Assert.Equal(new double[] { -3 / Math.Sqrt(5), -1 / Math.Sqrt(5), 0, 0, 1 / Math.Sqrt(5), 3 / Math.Sqrt(5), 0, 0 }, train.Images);
        var flat = new Dataset<double>([1, 2], [0], 1, 2);
        Assert.Contains("use PerFeature", Assert.Throws<ArgumentException>(() => Standardizer.PerChannel(flat)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invert_undoes_apply_and_saved_statistics_rebuild_the_same_standardizer()
    {
        var targets = new double[] { 100, 250, 400, 130 };
        Standardizer fitted = Standardizer.Fit<double>(targets, sampleLength: 2, groupCount: 2);
        var rebuilt = new Standardizer(fitted.Mean.ToArray(), fitted.StandardDeviation.ToArray(), 2);
        double[] copy = targets.ToArray();

        fitted.Apply<double>(targets);
        rebuilt.Apply<double>(copy);
        Assert.Equal(targets, copy);
        fitted.Invert<double>(targets);

        Assert.Equal(new double[] { 100, 250, 400, 130 }, targets.Select(t => Math.Round(t, 9)));
        Assert.Throws<ArgumentException>(() => new Standardizer([0.0], [0.0], 1));
    }

    [Fact]
    public void Samples_of_another_length_are_rejected_and_applying_to_a_batch_allocates_nothing()
    {
        Standardizer standardizer = Standardizer.PerFeature(new Dataset<float>([1, 2, 3, 4, 5, 6], [0, 0], 1, 3));
        var batch = new float[30];

        Assert.Throws<ArgumentException>(() => standardizer.Apply(new Dataset<float>([1, 2], [0], 1, 2)));
        Assert.Throws<ArgumentException>(() => standardizer.Apply<float>(batch.AsSpan(0, 4)));
        standardizer.Apply<float>(batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        standardizer.Apply<float>(batch);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
