using System;
using System.IO;
using System.Linq;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public sealed class FashionMnistTests : IDisposable
{
    private readonly IdxTestFiles files = new();

    public void Dispose() => files.Dispose();

    [SkippableFact]
    public void Loads_the_installed_data_set()
    {
        Skip.IfNot(FashionMnist.Exists(), $"Fashion-MNIST is not installed in {FashionMnist.DefaultDirectory} (apt-get install dataset-fashion-mnist).");

        (Dataset<float> train, Dataset<float> test) = FashionMnist.Load<float>();

        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        foreach (Dataset<float> set in new[] { train, test })
        {
            Assert.Equal(784, set.SampleLength);
            Assert.Equal([1, 28, 28], set.SampleShape);
            Assert.Equal(10, set.ClassCount);
            Assert.All(set.Images, value => Assert.InRange(value, 0f, 1f));
            Assert.Equal(Enumerable.Range(0, 10), set.Labels.Distinct().Order());
        }

        Assert.Equal(1f, train.Images.Max());
        (double mean, double deviation) = train.Statistics();
        Assert.Equal(FashionMnist.PixelMean, mean, 4);
        Assert.Equal(FashionMnist.PixelStandardDeviation, deviation, 4);
    }

    [SkippableFact]
    public void Normalized_training_pixels_have_mean_zero_and_deviation_one()
    {
        Skip.IfNot(FashionMnist.Exists(), "Fashion-MNIST is not installed.");

        (Dataset<double> train, _) = FashionMnist.Load<double>(normalize: true);

        (double mean, double deviation) = train.Statistics();
        Assert.Equal(0, mean, 3);
        Assert.Equal(1, deviation, 3);
    }

    [Fact]
    public void Missing_files_are_listed_with_how_to_get_them()
    {
        files.WriteLabels(FashionMnist.TrainLabelsFile, 3, gzip: true);
        files.WriteLabels("t10k-labels-idx1-ubyte", 3, gzip: false);

        Assert.False(FashionMnist.Exists(files.Directory));
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load<float>(files.Directory));

        Assert.Contains(files.Directory, error.Message, StringComparison.Ordinal);
        Assert.Contains("missing train-images-idx3-ubyte.gz, t10k-images-idx3-ubyte.gz.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("labels", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message, StringComparison.Ordinal);
        Assert.Contains("--data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_of_small_idx_files_loads_gzipped_or_raw()
    {
        files.WriteImages(FashionMnist.TrainImagesFile, 6, 28, 28, gzip: true);
        files.WriteLabels(FashionMnist.TrainLabelsFile, 6, gzip: true);
        files.WriteImages("t10k-images-idx3-ubyte", 4, 28, 28, gzip: false);
        files.WriteLabels("t10k-labels-idx1-ubyte", 4, gzip: false);

        Assert.True(FashionMnist.Exists(files.Directory));
        (Dataset<float> train, Dataset<float> test) = FashionMnist.Load<float>(files.Directory);

        Assert.Equal(6, train.Count);
        Assert.Equal(4, test.Count);
        Assert.Equal(3 / 255f, test.Sample(3)[0]);
    }
}
