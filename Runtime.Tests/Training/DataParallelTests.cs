using System;
using System.Linq;
using System.Numerics.Tensors;
using StaticNet.Data;
using StaticNet.Samples;
using StaticNet.Training;
using Xunit;

namespace StaticNet.Runtime.Tests.Training;

/// <summary>
/// Data-parallel training: the same shards give bit-identical weights on one thread or two; the shards' gradients
/// add up to the whole batch's; <c>ComputeGradients</c> then <c>ApplyGradients</c> is <c>TrainStep</c>.
/// </summary>
public class DataParallelTests
{
    /// <summary>Three classes of 8×8 images: a bright row, column or diagonal, in noise.</summary>
    private static Dataset<float> Patterns(int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * 64];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = random.Next(3);
            int at = random.Next(8);
            for (int y = 0; y < 8; y++)
            {
                for (int x = 0; x < 8; x++)
                {
                    bool on = labels[s] switch { 0 => y == at, 1 => x == at, _ => x == y };
                    images[(s * 64) + (y * 8) + x] = (on ? 1f : 0f) + (float)((random.NextDouble() - 0.5) * 0.6);
                }
            }
        }

        return new Dataset<float>(images, labels, 3, 1, 8, 8);
    }

    private static float[] Train(int threads, int shards, int epochs = 3, int batch = 16)
    {
        var network = new ShardedClassifier();
        var trainer = new Trainer<float>(network, Patterns(200, seed: 1), Patterns(60, seed: 2), batch, seed: 3)
        {
            Threads = threads,
            Shards = shards,
        };
        TrainingHistory history = trainer.Train(epochs);
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
        return network.Parameters.ToArray();
    }

    [Theory]
    [InlineData(2, 16)]
    [InlineData(2, 13)] // 13 samples: shards of 7 and 6, and the last batch of each epoch (200 % 13 = 5) of 3 and 2
    [InlineData(3, 16)]
    public void The_same_shards_give_bit_identical_weights_on_one_thread_or_several(int shards, int batch)
    {
        float[] oneThread = Train(threads: 1, shards, batch: batch);
        float[] manyThreads = Train(threads: shards, shards, batch: batch);

        Assert.Equal(oneThread.Select(BitConverter.SingleToInt32Bits), manyThreads.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(new ShardedClassifier().Parameters.ToArray(), oneThread); // it trained
    }

    [Fact]
    public void Two_shards_train_as_well_as_one_and_differ_from_it_only_by_rounding_and_dropout()
    {
        var data = Patterns(200, seed: 1);
        var test = Patterns(300, seed: 4);
        foreach (int shards in new[] { 1, 2 })
        {
            var network = new ShardedClassifier();
            var trainer = new Trainer<float>(network, data, null, 16, seed: 3) { Threads = shards };
            trainer.Train(8);
            (_, double accuracy) = Metrics.Evaluate(network, test);
            Assert.True(accuracy > 0.9, $"{shards} shard(s): test accuracy {accuracy:P1}");
        }
    }

    [Fact]
    public void The_sum_covers_every_parameter_of_a_network_larger_than_its_stretches()
    {
        // 101,770 parameters: each of 2 threads sums 50,896 of them (50,874 for the second), 4,096 at a time, the last
        // stretch of each short. After the step the network's gradients hold the shards' weighted sum.
        var random = new Random(4);
        float[] x = Enumerable.Range(0, 32 * Mlp.InputLength).Select(_ => (float)random.NextDouble()).ToArray();
        int[] y = Enumerable.Range(0, 32).Select(i => i % 10).ToArray();
        var plain = new Mlp();
        var sharded = new Mlp();
        plain.TrainStep(x, y);
        using (var parallel = new DataParallel<float>(sharded, shards: 3, threads: 2))
        {
            parallel.TrainStep(x, y, Span<float>.Empty);
        }

        float scale = TensorPrimitives.MaxMagnitude<float>(plain.Gradients);
        Assert.True(scale > 0);
        for (int p = 0; p < plain.Gradients.Length; p++)
        {
            Assert.True(Math.Abs(plain.Gradients[p] - sharded.Gradients[p]) <= 1e-5f * scale, $"gradient {p}: {sharded.Gradients[p]}, the whole batch's {plain.Gradients[p]}");
            Assert.True(Math.Abs(plain.Parameters[p] - sharded.Parameters[p]) <= 1e-6f, $"parameter {p}: {sharded.Parameters[p]}, after the whole batch's step {plain.Parameters[p]}");
        }
    }

    [Fact]
    public void The_shards_gradients_add_up_to_the_whole_batchs()
    {
        // Without dropout's randomness (a regressor has none here), the weighted sum of the shards' gradients is
        // the batch's gradient up to rounding, and so is one step.
        var data = Enumerable.Range(0, 13 * 16).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        var plain = new TinyAutoencoder();
        var sharded = new TinyAutoencoder();
        plain.TrainStep(data, data);
        using (var parallel = new DataParallel<float>(sharded, shards: 3, threads: 2))
        {
            float loss = parallel.TrainStep(data, data, Span<float>.Empty);
            Assert.Equal(new TinyAutoencoder().Loss(data, data), loss, 5);
        }

        Assert.Equal(1, sharded.Step);
        for (int p = 0; p < plain.Parameters.Length; p++)
        {
            Assert.Equal(plain.Parameters[p], sharded.Parameters[p], 5);
        }
    }

    [Fact]
    public void The_shards_follow_the_network_when_it_changes_between_steps()
    {
        // The shards read the network's own parameters and optimizer state, so a network changed outside the steps
        // (here re-initialized, which also resets Adam's moments and the step count) trains on as a fresh one.
        float[] x1 = Enumerable.Range(0, 16 * 16).Select(i => (float)Math.Sin(i * 0.11)).ToArray();
        float[] x2 = Enumerable.Range(0, 16 * 16).Select(i => (float)Math.Cos(i * 0.07)).ToArray();

        var changed = new TinyAutoencoder();
        using (var parallel = new DataParallel<float>(changed, shards: 2, threads: 2))
        {
            parallel.TrainStep(x1, x1, Span<float>.Empty);
            changed.Initialize(9);
            parallel.TrainStep(x2, x2, Span<float>.Empty);
            parallel.TrainStep(x1, x1, Span<float>.Empty);
        }

        var fresh = new TinyAutoencoder();
        fresh.Initialize(9);
        using (var parallel = new DataParallel<float>(fresh, shards: 2, threads: 2))
        {
            parallel.TrainStep(x2, x2, Span<float>.Empty);
            parallel.TrainStep(x1, x1, Span<float>.Empty);
        }

        Assert.Equal(fresh.Parameters.ToArray(), changed.Parameters.ToArray());
        Assert.Equal(fresh.OptimizerState.ToArray(), changed.OptimizerState.ToArray());
        Assert.Equal(2, changed.Step);
    }

    [Fact]
    public void A_shard_shares_the_parameters_and_optimizer_state_and_has_its_own_gradients_and_dropout()
    {
        var network = new ShardedClassifier();
        INetwork<float> shard = ((IShardable<float>)network).CreateShard(DataParallel<float>.ShardSeed(1));

        Assert.IsType<ShardedClassifier>(shard);
        Assert.True(shard.Parameters == network.Parameters, "the same parameter memory");
        Assert.True(shard.OptimizerState == network.OptimizerState, "the same optimizer state memory");
        Assert.False(shard.Gradients.Overlaps(network.Gradients));
        network.Parameters[5] = 42f;
        Assert.Equal(42f, shard.Parameters[5]);

        // Its dropout masks start from the seed, as a network initialized with it: the same training-mode outputs
        // on the same weights.
        var reference = new ShardedClassifier();
        reference.Initialize(DataParallel<float>.ShardSeed(1));
        network.Parameters.CopyTo(reference.Parameters);
        float[] inputs = Enumerable.Range(0, 4 * 64).Select(i => (float)Math.Sin(i * 0.3)).ToArray();
        int[] labels = [0, 1, 2, 1];
        float[] fromShard = new float[4 * 3], fromReference = new float[4 * 3];
        ((IClassifier<float>)shard).ComputeGradients(inputs, labels, fromShard);
        reference.ComputeGradients(inputs, labels, fromReference);
        Assert.Equal(fromReference, fromShard);
        Assert.Equal(reference.Gradients.ToArray(), shard.Gradients.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void The_update_in_ranges_is_the_whole_update_bit_for_bit(int ranges)
    {
        // Adam with decoupled decay on the weights only and clipping by norm: the ranges cut through tensors, at
        // places that are not multiples of a vector, and each part must get the same update as in one piece.
        float[] inputs = Enumerable.Range(0, 16 * 64).Select(i => (float)Math.Cos(i * 0.17)).ToArray();
        int[] labels = Enumerable.Range(0, 16).Select(i => i % 3).ToArray();
        var whole = new ShardedClassifier();
        var ranged = new ShardedClassifier();
        for (int step = 0; step < 3; step++)
        {
            whole.TrainStep(inputs, labels);
            ranged.ComputeGradients(inputs, labels);
            var shardable = (IShardable<float>)ranged;
            float scale = shardable.GradientScale();
            Assert.True(scale < 1, "the gradients are clipped"); // so the scale is part of what is compared
            int length = ranged.Parameters.Length;
            for (int r = 0; r < ranges; r++)
            {
                shardable.UpdateParameters(length * r / ranges, length * (r + 1) / ranges, scale);
            }

            ranged.Step++;
        }

        Assert.Equal(whole.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits), ranged.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(whole.OptimizerState.ToArray().Select(BitConverter.SingleToInt32Bits), ranged.OptimizerState.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void The_update_refuses_a_range_outside_the_parameters()
    {
        var shardable = (IShardable<float>)new Mlp();
        Assert.Throws<ArgumentOutOfRangeException>(() => shardable.UpdateParameters(-1, 10, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => shardable.UpdateParameters(10, 9, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => shardable.UpdateParameters(0, Mlp.ParameterCount + 1, 1f));
        shardable.UpdateParameters(Mlp.ParameterCount, Mlp.ParameterCount, 1f); // empty, at the end
    }

    [Fact]
    public void A_network_declared_on_an_abstract_class_is_refused_with_the_reason_and_trains_on_one_thread()
    {
        var network = new DerivedRegressor();
        var error = Assert.Throws<NotSupportedException>(() => new DataParallel<float>(network, shards: 2, threads: 2));
        Assert.Contains("AbstractRegressor is abstract", error.Message, StringComparison.Ordinal);

        using var one = new DataParallel<float>(network, shards: 1, threads: 1);
        float[] x = Enumerable.Range(0, 8 * 4).Select(i => (float)Math.Sin(i)).ToArray();
        float[] y = Enumerable.Range(0, 8 * 3).Select(i => (float)Math.Cos(i)).ToArray();
        float before = network.Loss(x, y);
        for (int i = 0; i < 20; i++)
        {
            one.TrainStep(x, y, Span<float>.Empty);
        }

        Assert.True(network.Loss(x, y) < before);
        Assert.Equal(20, network.Step);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_summed_gradient_that_overflows_throws_and_changes_nothing(int threads)
    {
        // As in the guard's test: inputs of 1e162 against weights of 2.5e-163 and targets of 1e150 keep every value
        // and the loss finite, but the first layer's weight gradient overflows; here only in the second shard's
        // samples, so only the sum over the shards has it.
        var network = new StaticNet.Runtime.Tests.Networks.TanhSquaredError();
        network.Dense1Weights.Fill(2.5e-163);
        double[] inputs = new double[4 * 4];
        inputs.AsSpan(0, 8).Fill(1e-3);
        inputs.AsSpan(8).Fill(1e162);
        double[] targets = Enumerable.Repeat(1e150, 4 * 3).ToArray();
        double[] parameters = network.Parameters.ToArray(), optimizer = network.OptimizerState.ToArray();
        using var parallel = new DataParallel<double>(network, shards: 2, threads);

        var error = Assert.Throws<NonFiniteTrainingException>(() => parallel.TrainStep(inputs, targets, Span<double>.Empty));

        Assert.Equal("gradient", error.Where);
        Assert.InRange(error.Index, 0, 4 * 5 - 1); // in Dense1's weights
        Assert.True(double.IsInfinity(network.Gradients[error.Index]) || double.IsNaN(network.Gradients[error.Index]));
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(optimizer, network.OptimizerState.ToArray());
        Assert.Equal(0, network.Step);

        inputs.AsSpan(8).Fill(1e157); // the largest product stays finite: the step goes through
        network.Dense1Weights.Fill(2.5e-158);
        parallel.TrainStep(inputs, targets, Span<double>.Empty);
        Assert.Equal(1, network.Step);
        Assert.All(network.Parameters.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void ComputeGradients_then_ApplyGradients_is_TrainStep_bit_for_bit_even_with_batch_norm()
    {
        var data = Enumerable.Range(0, 8 * 16).Select(i => (float)Math.Cos(i * 0.21)).ToArray();
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        var stepped = new TinyClassifier();
        var split = new TinyClassifier();
        var outputsStepped = new float[8 * 3];
        var outputsSplit = new float[8 * 3];
        for (int i = 0; i < 3; i++)
        {
            float a = stepped.TrainStep(data, labels, outputsStepped);
            float b = split.ComputeGradients(data, labels, outputsSplit);
            split.ApplyGradients();
            Assert.Equal(a, b);
            Assert.Equal(outputsStepped, outputsSplit);
        }

        Assert.Equal(stepped.Parameters.ToArray(), split.Parameters.ToArray());
        Assert.Equal(stepped.State.ToArray(), split.State.ToArray());
        Assert.Equal(stepped.OptimizerState.ToArray(), split.OptimizerState.ToArray());
        Assert.Equal(stepped.Step, split.Step);
    }

    [Fact]
    public void ApplyGradients_refuses_non_finite_gradients_and_changes_nothing()
    {
        var network = new ShardedClassifier();
        float[] before = network.Parameters.ToArray();
        network.Gradients[100] = float.NaN;

        var error = Assert.Throws<NonFiniteTrainingException>(network.ApplyGradients);
        Assert.Equal(100, error.Index);
        Assert.Contains("Gradients[100]", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, network.Step);
    }

    [Fact]
    public void Misuse_is_refused_with_the_reason()
    {
        var withBatchNorm = new TinyClassifier();
        var error = Assert.Throws<ArgumentException>(() => new DataParallel<float>(withBatchNorm, shards: 2, threads: 2));
        Assert.Contains("batch-normalization", error.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => new DataParallel<float>(new ShardedClassifier(), shards: 2, threads: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataParallel<float>(new ShardedClassifier(), shards: 17, threads: 1));

        var trainer = new Trainer<float>(new ShardedClassifier(), Patterns(40, seed: 1), null, 8, seed: 1) { Threads = 3, Shards = 2 };
        Assert.Contains("3 threads for 2 shards", Assert.Throws<InvalidOperationException>(() => trainer.Train(1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Threads = 0);

        using var parallel = new DataParallel<float>(new ShardedClassifier(), shards: 2, threads: 2);
        Assert.Throws<InvalidOperationException>(() => parallel.TrainStep(new float[64], new float[3], Span<float>.Empty));
        Assert.Throws<ArgumentException>(() => parallel.TrainStep(new float[63], new int[1], Span<float>.Empty));
    }

    [Fact]
    public void A_shard_that_fails_fails_the_step_on_the_calling_thread_and_the_next_step_works()
    {
        using var parallel = new DataParallel<float>(new ShardedClassifier(), shards: 2, threads: 2);
        var inputs = new float[4 * 64];
        Assert.Throws<ArgumentOutOfRangeException>(() => parallel.TrainStep(inputs, new[] { 0, 1, 2, 7 }, Span<float>.Empty));
        float loss = parallel.TrainStep(inputs, new[] { 0, 1, 2, 0 }, Span<float>.Empty);
        Assert.True(float.IsFinite(loss));
    }
}
