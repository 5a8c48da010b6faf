using System;
using System.IO;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public sealed class DatasetTests : IDisposable
{
    private readonly IdxTestFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Samples_are_contiguous_slices_of_the_images()
    {
        float[] images = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        var dataset = new Dataset<float>(images, [0, 1, 2], 3, 2, 2);

        Assert.Equal(3, dataset.Count);
        Assert.Equal(4, dataset.SampleLength);
        Assert.Equal([2, 2], dataset.SampleShape);
        Assert.Equal(new float[] { 4, 5, 6, 7 }, dataset.Sample(1).ToArray());
        Assert.Equal(new float[] { 4, 5, 6, 7, 8, 9, 10, 11 }, dataset.Samples(1, 2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Sample(3));
    }

    [Fact]
    public void Fewer_labels_than_images_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset<double>(new double[12], [0, 1], 10, 4));

        Assert.Contains("3 images but 2 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_that_are_not_whole_samples_are_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[10], [0, 1], 10, 4));

        Assert.Contains("10 values, which is not a whole number of samples of shape [4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_outside_the_classes_are_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[8], [0, 10], 10, 4));

        Assert.Contains("Label 1 is 10, outside the 10 classes 0 to 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Idx_files_with_different_counts_are_a_clear_error()
    {
        string images = files.WriteImages("images", 5, 3, 3, gzip: true);
        string labels = files.WriteLabels("labels", 4, gzip: false);

        var error = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadPair<float>(images, labels));

        Assert.Contains($"'{images}' holds 5 images but '{labels}' holds 4 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_idx_pair_loads_scaled_to_the_unit_interval()
    {
        string images = files.WriteImages("images", 5, 3, 3, gzip: true);
        string labels = files.WriteLabels("labels", 5, gzip: true);

        Dataset<double> dataset = FashionMnist.LoadPair<double>(images, labels);

        Assert.Equal([1, 3, 3], dataset.SampleShape);
        Assert.Equal([0, 1, 2, 3, 4], dataset.Labels);
        Assert.Equal((4 + 2 + 1) / 255.0, dataset.Sample(4)[(2 * 3) + 1], 12);
    }

    [Fact]
    public void Normalize_standardizes_in_place()
    {
        var dataset = new Dataset<double>([1, 3, 5, 7], [0, 1], 2, 2);

        dataset.Normalize(4, 2);

        Assert.Equal(new double[] { -1.5, -0.5, 0.5, 1.5 }, dataset.Images);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Normalize(0, 0));
    }

    [Fact]
    public void A_data_set_of_targets_has_no_labels_and_slices_its_targets()
    {
        double[] inputs = [1, 2, 3, 4, 5, 6];
        double[] targets = [10, 11, 20, 21, 30, 31];
        var dataset = new Dataset<double>(inputs, targets, [2], [2]);

        Assert.False(dataset.HasLabels);
        Assert.Empty(dataset.Labels);
        Assert.Equal(0, dataset.ClassCount);
        Assert.Equal(3, dataset.Count);
        Assert.Equal(2, dataset.TargetLength);
        Assert.Equal([2], dataset.TargetShape);
        Assert.Same(targets, dataset.Targets);
        Assert.Equal(new double[] { 20, 21 }, dataset.Target(1).ToArray());
        Assert.Equal(new double[] { 20, 21, 30, 31 }, dataset.SampleTargets(1, 2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Target(3));
    }

    [Fact]
    public void A_labelled_data_set_has_no_targets()
    {
        var dataset = new Dataset<float>(new float[4], [0, 1], 2, 2);

        Assert.True(dataset.HasLabels);
        Assert.Empty(dataset.Targets);
        Assert.Equal(0, dataset.TargetLength);
        Assert.Empty(dataset.TargetShape);
        var error = Assert.Throws<InvalidOperationException>(() => dataset.Target(0));
        Assert.Contains("class labels, not target vectors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_targets_than_inputs_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[12], new float[2], [4], [1]));

        Assert.Contains("3 input samples but 2 targets", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[12], new float[5], [4], [2]));
        Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[12], new float[3], [4], [0]));
    }

    [Fact]
    public void An_autoencoder_data_set_shares_its_inputs_as_targets()
    {
        float[] images = [1, 2, 3, 4, 5, 6, 7, 8];
        var dataset = Dataset<float>.Autoencoder(images, 1, 2, 2);

        Assert.Same(images, dataset.Targets);
        Assert.Equal([1, 2, 2], dataset.TargetShape);
        Assert.Equal(2, dataset.Count);
        dataset.Normalize(1, 2);
        Assert.Equal(3.5f, dataset.Target(1)[3]);
    }

    [Fact]
    public void Class_names_must_number_the_classes()
    {
        var named = new Dataset<float>(new float[2], [0, 1], 2, 1) { ClassNames = ["cat", "dog"] };

        Assert.Equal(["cat", "dog"], named.ClassNames);
        Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[2], [0, 1], 2, 1) { ClassNames = ["cat"] });
    }
}
