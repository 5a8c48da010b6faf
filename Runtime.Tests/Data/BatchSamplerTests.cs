using System;
using System.Collections.Generic;
using System.Linq;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public class BatchSamplerTests
{
    /// <summary>Sample i holds the values i and −i, and label i mod 10, so a batch tells which samples it holds.</summary>
    private static Dataset<float> Numbered(int count)
    {
        var images = new float[count * 2];
        for (int i = 0; i < count; i++)
        {
            images[2 * i] = i;
            images[(2 * i) + 1] = -i;
        }

        return new Dataset<float>(images, Enumerable.Range(0, count).Select(i => i % 10).ToArray(), 10, 2);
    }

    private static List<int[]> Epoch(BatchSampler<float> sampler, int epoch)
    {
        var batches = new List<int[]>();
        sampler.StartEpoch(epoch);
        while (sampler.NextBatch())
        {
            batches.Add(sampler.Indices.ToArray());
        }

        return batches;
    }

    [Fact]
    public void The_same_seed_gives_the_same_order()
    {
        Dataset<float> dataset = Numbered(100);
        var first = new BatchSampler<float>(dataset, 8, seed: 3);
        var second = new BatchSampler<float>(dataset, 8, seed: 3);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(Epoch(first, epoch).SelectMany(b => b), Epoch(second, epoch).SelectMany(b => b));
        }

        var other = new BatchSampler<float>(dataset, 8, seed: 4);
        Assert.NotEqual(Epoch(first, 0).SelectMany(b => b), Epoch(other, 0).SelectMany(b => b));
    }

    [Fact]
    public void Every_sample_appears_exactly_once_per_epoch_with_its_values_and_label()
    {
        Dataset<float> dataset = Numbered(103);
        var sampler = new BatchSampler<float>(dataset, 10, seed: 1);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            var seen = new List<int>();
            sampler.StartEpoch(epoch);
            while (sampler.NextBatch())
            {
                ReadOnlySpan<float> inputs = sampler.Inputs;
                for (int b = 0; b < sampler.CurrentBatchSize; b++)
                {
                    int index = (int)inputs[2 * b];
                    Assert.Equal(-index, inputs[(2 * b) + 1]);
                    Assert.Equal(index % 10, sampler.Labels[b]);
                    Assert.Equal(index, sampler.Indices[b]);
                    seen.Add(index);
                }
            }

            Assert.Equal(Enumerable.Range(0, 103), seen.Order());
        }
    }

    [Fact]
    public void Different_epochs_have_different_orders()
    {
        var sampler = new BatchSampler<float>(Numbered(100), 16, seed: 5);

        int[] first = Epoch(sampler, 0).SelectMany(b => b).ToArray();
        int[] second = Epoch(sampler, 1).SelectMany(b => b).ToArray();

        Assert.NotEqual(first, second);
        Assert.NotEqual(Enumerable.Range(0, 100), first);
    }

    [Fact]
    public void The_last_batch_holds_the_remainder()
    {
        var sampler = new BatchSampler<float>(Numbered(70), 32, seed: 0);

        List<int[]> batches = Epoch(sampler, 0);

        Assert.Equal(3, sampler.BatchCount);
        Assert.Equal([32, 32, 6], batches.Select(b => b.Length));
        Assert.False(sampler.NextBatch());
        Assert.Equal(0, sampler.CurrentBatchSize);
        Assert.True(sampler.Inputs.IsEmpty);
    }

    [Fact]
    public void Without_shuffling_the_order_is_the_stored_order()
    {
        var sampler = new BatchSampler<float>(Numbered(20), 7, seed: 0, shuffle: false);

        Assert.Equal(Enumerable.Range(0, 20), Epoch(sampler, 4).SelectMany(b => b));
    }

    [Fact]
    public void Drawing_a_batch_allocates_nothing()
    {
        Dataset<float> dataset = SyntheticImages.Generate<float>(500, seed: 2);
        var sampler = new BatchSampler<float>(dataset, 32, seed: 9);
        int batches = 0;
        long allocated = Allocations.Steady(
            () =>
            {
                while (sampler.NextBatch())
                {
                    batches++;
                }
            },
            prepare: () =>
            {
                sampler.StartEpoch(0);
                sampler.NextBatch();
                batches = 0;
            });
        Assert.Equal(15, batches);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Batches_of_a_target_data_set_carry_each_sample_s_target()
    {
        var inputs = new float[50];
        var targets = new float[75];
        for (int i = 0; i < 25; i++)
        {
            inputs[2 * i] = i;
            targets[3 * i] = 10 * i;
            targets[(3 * i) + 2] = -i;
        }

        var sampler = new BatchSampler<float>(new Dataset<float>(inputs, targets, [2], [3]), 4, seed: 6);
        var seen = new List<int>();
        while (sampler.NextBatch())
        {
            Assert.True(sampler.Labels.IsEmpty);
            Assert.Equal(3 * sampler.CurrentBatchSize, sampler.Targets.Length);
            for (int b = 0; b < sampler.CurrentBatchSize; b++)
            {
                int index = (int)sampler.Inputs[2 * b];
                Assert.Equal(10 * index, sampler.Targets[3 * b]);
                Assert.Equal(-index, sampler.Targets[(3 * b) + 2]);
                seen.Add(index);
            }
        }

        Assert.Equal(Enumerable.Range(0, 25), seen.Order());
    }
}
