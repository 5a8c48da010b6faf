using System.Linq;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public class SyntheticImagesTests
{
    [Fact]
    public void The_same_seed_gives_the_same_images()
    {
        Dataset<float> first = SyntheticImages.Generate<float>(50, seed: 11);
        Dataset<float> second = SyntheticImages.Generate<float>(50, seed: 11);
        Dataset<float> other = SyntheticImages.Generate<float>(50, seed: 12);

        Assert.Equal(first.Images, second.Images);
        Assert.Equal(first.Labels, second.Labels);
        Assert.NotEqual(first.Images, other.Images);
    }

    [Fact]
    public void Images_are_28_by_28_in_the_unit_interval_with_balanced_classes()
    {
        Dataset<double> dataset = SyntheticImages.Generate<double>(200, seed: 1);

        Assert.Equal([1, 28, 28], dataset.SampleShape);
        Assert.Equal(10, dataset.ClassCount);
        Assert.All(dataset.Images, value => Assert.InRange(value, 0, 1));
        Assert.All(dataset.Labels.CountBy(label => label), pair => Assert.Equal(20, pair.Value));
    }

    [Fact]
    public void Samples_of_one_class_differ_from_each_other()
    {
        Dataset<float> dataset = SyntheticImages.Generate<float>(20, seed: 3, noise: 0);

        Assert.Equal(dataset.Labels[0], dataset.Labels[10]);
        Assert.NotEqual(dataset.Sample(0).ToArray(), dataset.Sample(10).ToArray());
        Assert.True(dataset.Sample(0).ToArray().Max() > 0.4f, "the figure is drawn");
    }
}
