using System;
using System.Collections.Generic;
using System.Linq;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public class ImageAugmentationTests
{
    /// <summary>A batch of <paramref name="count"/> samples [channels, height, width] whose every value is distinct and non-zero.</summary>
    private static float[] Batch(int count, int channels, int height, int width) =>
        Enumerable.Range(1, count * channels * height * width).Select(i => (float)i).ToArray();

    /// <summary>The crop at offset (p + dy, p + dx) of the image padded by p with <paramref name="fill"/>, computed the slow, obvious way.</summary>
    private static float[] PaddedCrop(float[] sample, int channels, int height, int width, int p, int dy, int dx, float fill)
    {
        int ph = height + (2 * p), pw = width + (2 * p);
        var padded = new float[channels * ph * pw];
        Array.Fill(padded, fill);
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    padded[(((c * ph) + y + p) * pw) + x + p] = sample[(((c * height) + y) * width) + x];
                }
            }
        }

        var crop = new float[sample.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    crop[(((c * height) + y) * width) + x] = padded[(((c * ph) + y + p + dy) * pw) + x + p + dx];
                }
            }
        }

        return crop;
    }

    [Fact]
    public void A_shift_in_place_equals_the_crop_of_the_padded_image()
    {
        float[] original = Batch(1, 2, 4, 5);
        for (int dy = -3; dy <= 3; dy++)
        {
            for (int dx = -4; dx <= 4; dx++)
            {
                float[] shifted = original.ToArray();
                ImageAugmentation.Shift<float>(shifted, 2, 4, 5, dy, dx, -1f);
                Assert.Equal(PaddedCrop(original, 2, 4, 5, 4, dy, dx, -1f), shifted);
            }
        }
    }

    [Fact]
    public void A_shift_moves_a_pixel_by_the_offset()
    {
        var image = new float[5 * 5];
        image[(2 * 5) + 2] = 1;

        ImageAugmentation.Shift<float>(image, 1, 5, 5, dy: 1, dx: -2, 0f);

        Assert.Equal(1, image.Sum());
        Assert.Equal(1, image[(1 * 5) + 4]);
    }

    [Fact]
    public void Random_shifts_are_crops_of_the_padded_image_at_every_offset()
    {
        const int Count = 300, P = 2;
        float[] original = Batch(Count, 1, 6, 6);
        float[] batch = original.ToArray();
        var augmentation = new ImageAugmentation([1, 6, 6], seed: 4) { Padding = P };

        augmentation.Apply<float>(batch, Count);

        var offsets = new HashSet<(int, int)>();
        for (int s = 0; s < Count; s++)
        {
            float[] before = original.AsSpan(s * 36, 36).ToArray();
            float[] after = batch.AsSpan(s * 36, 36).ToArray();
            (int, int)[] matches = (from dy in Enumerable.Range(-P, (2 * P) + 1)
                                    from dx in Enumerable.Range(-P, (2 * P) + 1)
                                    where PaddedCrop(before, 1, 6, 6, P, dy, dx, 0).SequenceEqual(after)
                                    select (dy, dx)).ToArray();
            Assert.Single(matches);
            offsets.Add(matches[0]);
        }

        Assert.Equal(25, offsets.Count);
    }

    [Fact]
    public void A_certain_flip_mirrors_every_row_and_half_the_samples_flip_by_default()
    {
        float[] original = Batch(2, 3, 2, 4);
        float[] flipped = original.ToArray();
        new ImageAugmentation([3, 2, 4], seed: 1) { HorizontalFlip = true, FlipProbability = 1 }.Apply<float>(flipped, 2);

        Assert.Equal(new float[] { 4, 3, 2, 1, 8, 7, 6, 5 }, flipped[..8]);
        Assert.Equal(original.Chunk(4).SelectMany(row => row.Reverse()), flipped);

        const int Count = 1000;
        float[] many = Batch(Count, 1, 1, 2);
        new ImageAugmentation([1, 1, 2], seed: 1) { HorizontalFlip = true }.Apply<float>(many, Count);
        int flips = Enumerable.Range(0, Count).Count(s => many[2 * s] > many[(2 * s) + 1]);
        Assert.InRange(flips, 440, 560);
    }

    [Fact]
    public void Gaussian_noise_has_the_requested_deviation()
    {
        var batch = new double[20000];
        new ImageAugmentation([1, 100, 100], seed: 3) { GaussianNoise = 0.3 }.Apply<double>(batch, 2);

        double mean = batch.Average();
        double deviation = Math.Sqrt(batch.Select(v => (v - mean) * (v - mean)).Average());
        Assert.Equal(0, mean, 1);
        Assert.InRange(deviation, 0.29, 0.31);
    }

    [Fact]
    public void The_same_seed_gives_the_same_augmented_batches_and_epochs_restart_their_stream()
    {
        ImageAugmentation Make(int seed) => new([1, 8, 8], seed) { Padding = 2, HorizontalFlip = true, GaussianNoise = 0.1 };
        float[] original = Batch(16, 1, 8, 8);
        List<float[]> Run(ImageAugmentation augmentation, int batches)
        {
            var results = new List<float[]>();
            for (int b = 0; b < batches; b++)
            {
                float[] batch = original.ToArray();
                augmentation.Apply<float>(batch, 16);
                results.Add(batch);
            }

            return results;
        }

        ImageAugmentation first = Make(9);
        List<float[]> a = Run(first, 3);
        List<float[]> b = Run(Make(9), 3);
        List<float[]> other = Run(Make(10), 3);
        first.StartEpoch(0);
        List<float[]> restarted = Run(first, 3);
        first.StartEpoch(1);
        List<float[]> nextEpoch = Run(first, 1);

        Assert.Equal(a, b);
        Assert.Equal(a, restarted);
        Assert.NotEqual(a[0], other[0]);
        Assert.NotEqual(a[0], a[1]);
        Assert.NotEqual(a[0], nextEpoch[0]);
    }

    [Fact]
    public void Augmenting_a_batch_allocates_nothing()
    {
        var augmentation = new ImageAugmentation([3, 32, 32], seed: 2) { Padding = 4, HorizontalFlip = true, GaussianNoise = 0.05, PadValue = -1 };
        var batch = new float[64 * 3 * 32 * 32];
        augmentation.Apply<float>(batch, 64);

        Assert.Equal(0, Allocations.Steady(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                augmentation.Apply<float>(batch, 64);
            }
        }));
    }

    [Fact]
    public void A_sampler_augments_its_batches_reproducibly_without_touching_the_data_set()
    {
        Dataset<float> dataset = SyntheticImages.Generate<float>(100, seed: 1);
        float[] pristine = dataset.Images.ToArray();
        ImageAugmentation Augment() => new(dataset.SampleShape, seed: 5) { Padding = 3, HorizontalFlip = true };
        var plain = new BatchSampler<float>(dataset, 16, seed: 2);
        var augmented = new BatchSampler<float>(dataset, 16, seed: 2) { Augmentation = Augment() };
        var reference = Augment();

        augmented.StartEpoch(2);
        plain.StartEpoch(2);
        reference.StartEpoch(2);
        var batches = new List<float[]>();
        while (augmented.NextBatch() && plain.NextBatch())
        {
            float[] expected = plain.Inputs.ToArray();
            reference.Apply<float>(expected, plain.CurrentBatchSize);
            Assert.Equal(expected, augmented.Inputs.ToArray());
            Assert.NotEqual(plain.Inputs.ToArray(), augmented.Inputs.ToArray());
            batches.Add(augmented.Inputs.ToArray());
        }

        Assert.Equal(pristine, dataset.Images);
        var resumed = new BatchSampler<float>(dataset, 16, seed: 2) { Augmentation = Augment() };
        resumed.StartEpoch(2);
        resumed.NextBatch();
        Assert.Equal(batches[0], resumed.Inputs.ToArray());

        long before = GC.GetAllocatedBytesForCurrentThread();
        augmented.StartEpoch(3);
        while (augmented.NextBatch())
        {
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Bad_shapes_and_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ImageAugmentation([784], seed: 0));
        Assert.Throws<ArgumentException>(() => new ImageAugmentation([1, 0, 28], seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageAugmentation([1, 4, 4], seed: 0) { Padding = 4 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageAugmentation([1, 4, 4], seed: 0) { FlipProbability = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageAugmentation([1, 4, 4], seed: 0).Apply<float>(new float[16], 2));
        Dataset<float> dataset = SyntheticImages.Generate<float>(4, seed: 1);
        Assert.Throws<ArgumentException>(() => new BatchSampler<float>(dataset, 2, seed: 0) { Augmentation = new ImageAugmentation([1, 4, 4], seed: 0) });
        Assert.Equal(28, new ImageAugmentation([28, 28], seed: 0).Width);
    }

    [Fact]
    public void The_trainer_augments_training_batches_and_rejects_target_sets()
    {
        Dataset<float> train = SyntheticImages.Generate<float>(64, seed: 1);
        var trainer = new StaticNet.Training.Trainer<float>(new Training.SoftmaxRegression(784, 10, learningRate: 0.1f), train, null, batchSize: 32, seed: 0);
        var augmentation = new ImageAugmentation(train.SampleShape, seed: 1) { Padding = 2 };

        trainer.Augmentation = augmentation;
        trainer.Train(epochs: 2);

        Assert.Same(augmentation, trainer.Augmentation);
        Assert.Equal(1, augmentation.Epoch);
        var targets = Dataset<float>.Autoencoder(new float[784 * 2], 784);
        var error = Assert.Throws<ArgumentException>(() => new StaticNet.Training.Trainer<float>(new Training.SoftmaxRegression(784, 10, learningRate: 0.1f), targets, null, 2, 0));
        Assert.Contains("has target vectors, but the network is a classifier", error.Message, StringComparison.Ordinal);
    }
}
