using System;
using System.Linq;
using Xunit;

namespace StaticNet.Runtime.Tests.Networks;

/// <summary>Generated networks learn, update exactly as the notes say, and do not allocate per step.</summary>
public class TrainingBehaviourTests
{
    [Fact]
    public void Tanh_mlp_learns_xor()
    {
        var network = new XorNetwork();
        float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        float[] targets = [0, 1, 1, 0];

        float loss = float.NaN;
        for (int step = 0; step < 2000; step++)
        {
            loss = network.TrainStep(inputs, targets);
        }

        Assert.True(network.Loss(inputs, targets) < 0.01f, $"loss after training: {loss}");
        var outputs = new float[4];
        network.Forward(inputs, outputs);
        Assert.Equal(targets, outputs.Select(o => o > 0.5f ? 1f : 0f).ToArray());
    }

    [Fact]
    public void Momentum_zero_is_plain_gradient_descent()
    {
        var network = new PlainGradientDescent();
        var random = new Random(4);
        float[] inputs = Enumerable.Range(0, 4 * 3).Select(_ => (float)random.NextDouble()).ToArray();
        float[] targets = Enumerable.Range(0, 4 * 2).Select(_ => (float)random.NextDouble()).ToArray();

        for (int step = 0; step < 3; step++)
        {
            float[] before = network.Parameters.ToArray();
            network.TrainStep(inputs, targets);
            float[] gradient = network.Gradients.ToArray();
            float[] after = network.Parameters.ToArray();
            for (int p = 0; p < before.Length; p++)
            {
                Assert.Equal(before[p] - (float)PlainGradientDescent.DefaultLearningRate * gradient[p], after[p], 1e-7f);
            }
        }
    }

    [Fact]
    public void The_learning_rate_is_a_run_time_property_starting_at_the_declared_rate()
    {
        var network = new PlainGradientDescent();
        var random = new Random(5);
        float[] inputs = Enumerable.Range(0, 4 * 3).Select(_ => (float)random.NextDouble()).ToArray();
        float[] targets = Enumerable.Range(0, 4 * 2).Select(_ => (float)random.NextDouble()).ToArray();
        Assert.Equal(PlainGradientDescent.DefaultLearningRate, network.LearningRate);

        network.LearningRate = 0.25 * PlainGradientDescent.DefaultLearningRate;
        float[] before = network.Parameters.ToArray();
        network.TrainStep(inputs, targets);
        float[] gradient = network.Gradients.ToArray();
        float[] after = network.Parameters.ToArray();

        for (int p = 0; p < before.Length; p++)
        {
            Assert.Equal(before[p] - (0.25f * (float)PlainGradientDescent.DefaultLearningRate * gradient[p]), after[p], 1e-7f);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = -0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = 1e39); // beyond float: it would be ∞
        Assert.Equal(0.25 * PlainGradientDescent.DefaultLearningRate, network.LearningRate);
    }

    [Fact]
    public void Momentum_accumulates_velocity_as_in_the_notes()
    {
        var network = new XorNetwork();
        float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        float[] targets = [0, 1, 1, 0];
        float[] velocity = new float[network.Parameters.Length];

        for (int step = 0; step < 3; step++)
        {
            float[] before = network.Parameters.ToArray();
            network.TrainStep(inputs, targets);
            float[] gradient = network.Gradients.ToArray();
            for (int p = 0; p < velocity.Length; p++)
            {
                velocity[p] = XorNetwork.MomentumCoefficient * velocity[p] - (float)XorNetwork.DefaultLearningRate * gradient[p];
                Assert.Equal(before[p] + velocity[p], network.Parameters[p], 1e-6f);
            }
        }

        Assert.Equal(velocity, network.OptimizerState.ToArray());
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_another_seed_does_not()
    {
        var first = new FashionMlp();
        var second = new FashionMlp();
        Assert.True(first.Parameters.SequenceEqual(second.Parameters));

        second.Initialize(FashionMlp.DefaultSeed + 1);
        Assert.False(first.Parameters.SequenceEqual(second.Parameters));

        second.Initialize(FashionMlp.DefaultSeed);
        Assert.True(first.Parameters.SequenceEqual(second.Parameters));
    }

    [Fact]
    public void Default_initialization_is_he_normal_for_relu_and_zero_bias()
    {
        var network = new FashionMlp();
        float[] weights = network.Dense1Weights.ToArray();
        double mean = weights.Average(w => (double)w);
        double variance = weights.Sum(w => (w - mean) * (w - mean)) / weights.Length;

        Assert.InRange(variance, 2.0 / 784 * 0.97, 2.0 / 784 * 1.03);
        Assert.True(network.Dense1Bias.ToArray().All(b => b == 0));
    }

    [Fact]
    public void Training_and_inference_allocate_nothing_per_call()
    {
        var network = new FashionMlp();
        var random = new Random(1);
        float[] inputs = Enumerable.Range(0, 32 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, 32).Select(i => i % 10).ToArray();
        float[] outputs = new float[32 * 10];
        for (int i = 0; i < 5; i++)
        {
            network.TrainStep(inputs, labels);
            network.Forward(inputs, outputs);
            network.Loss(inputs, labels);
            network.TrainStep(inputs.AsSpan(0, 784 * 7), labels.AsSpan(0, 7));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            network.TrainStep(inputs, labels);
            network.TrainStep(inputs.AsSpan(0, 784 * 7), labels.AsSpan(0, 7));
            network.Forward(inputs, outputs);
            network.Loss(inputs, labels);
            network.Predict(inputs.AsSpan(0, 784));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Wrong_sizes_are_clear_errors()
    {
        var network = new FashionMlp();
        float[] inputs = new float[33 * 784];
        int[] labels = new int[33];

        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainStep(inputs, labels));
        Assert.Contains("1 to 32", tooMany.Message, StringComparison.Ordinal);

        var mismatch = Assert.Throws<ArgumentException>(() => network.TrainStep(inputs.AsSpan(0, 784 * 2), labels.AsSpan(0, 3)));
        Assert.Contains("inputs holds 1568 values, but 3 samples of 784 need 2352", mismatch.Message, StringComparison.Ordinal);

        var ragged = Assert.Throws<ArgumentException>(() => network.Forward(inputs.AsSpan(0, 785), new float[10]));
        Assert.Contains("not a whole", ragged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_takes_more_samples_than_the_batch_capacity()
    {
        var network = new FashionMlp();
        var random = new Random(2);
        float[] inputs = Enumerable.Range(0, 70 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        float[] all = new float[70 * 10];
        network.Forward(inputs, all);

        // Chunks of 32, 32 and 6 give each sample what it gets alone, up to rounding: the products sum in a
        // different order at batch 1 (one row against the weights) than at 16 or more (the swapped tile).
        for (int s = 0; s < 70; s += 23)
        {
            float[] one = new float[10];
            network.Forward(inputs.AsSpan(s * 784, 784), one);
            float[] inBatch = all.AsSpan(s * 10, 10).ToArray();
            for (int j = 0; j < 10; j++)
            {
                Assert.True(Math.Abs(one[j] - inBatch[j]) <= 1e-5f * (1 + Math.Abs(one[j])), $"sample {s} output {j}: {one[j]} alone, {inBatch[j]} in the batch");
            }

            Assert.Equal(Array.IndexOf(one, one.Max()), network.Predict(inputs.AsSpan(s * 784, 784)));
            Assert.Equal(Array.IndexOf(inBatch, inBatch.Max()), network.Predict(inputs.AsSpan(s * 784, 784)));
        }
    }
}
