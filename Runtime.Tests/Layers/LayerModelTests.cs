using System;
using System.Linq;
using StaticNet.Runtime.Tests.Networks;
using Xunit;

namespace StaticNet.Runtime.Tests.Layers;

/// <summary>
/// Batch norm, dropout and activation layers through generated networks: gradients against central differences in
/// training mode (dropout's mask held fixed by restarting its stream), training against inference behaviour, running
/// statistics against the data, and what ComputeGradients must leave alone.
/// </summary>
public class LayerModelTests
{
    [Fact]
    public void Conv_batch_norm_dropout_gradients_match_finite_differences()
    {
        var network = new ConvBatchNormDropout();
        (double[] inputs, int[] labels) = Data(network, samples: 5, seed: 1);
        double error = GradientError(network, 21, () => network.ComputeGradients(inputs, labels));
        Assert.True(error <= 1e-6, $"max relative error {error}");
    }

    [Fact]
    public void Activation_layer_gradients_match_finite_differences()
    {
        var network = new ActivationLayers();
        (double[] inputs, int[] labels) = Data(network, samples: 3, seed: 2);
        double error = GradientError(network, 32, () => network.ComputeGradients(inputs, labels));
        Assert.True(error <= 1e-6, $"max relative error {error}");
    }

    [Fact]
    public void Dense_batch_norm_with_sigmoid_output_gradients_match_finite_differences()
    {
        var network = new DenseBatchNormSigmoid();
        var random = new Random(3);
        double[] inputs = Enumerable.Range(0, 4 * 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] targets = Enumerable.Range(0, 4 * 2).Select(_ => random.NextDouble()).ToArray();
        double error = GradientError(network, 33, () => network.ComputeGradients(inputs, targets));
        Assert.True(error <= 1e-6, $"max relative error {error}");
    }

    [Fact]
    public void The_fused_output_softmax_layer_gives_probabilities_in_inference()
    {
        var network = new ActivationLayers();
        (double[] inputs, _) = Data(network, samples: 3, seed: 4);
        var outputs = new double[3 * ActivationLayers.OutputLength];
        network.Forward(inputs, outputs);
        for (int s = 0; s < 3; s++)
        {
            Assert.Equal(1.0, outputs.Skip(s * 3).Take(3).Sum(), 12);
            Assert.All(outputs.Skip(s * 3).Take(3), p => Assert.InRange(p, 0.0, 1.0));
        }
    }

    [Fact]
    public void Batch_statistics_normalize_and_running_averages_follow_the_data()
    {
        var network = new InputBatchNorm();
        double[] x = [1, 10, -1, 2, 20, 0, 4, 30, 5, 7, 40, 2];
        int batch = 4;
        double[] targets = new double[batch * 2];

        network.TrainStep(x, targets);

        for (int c = 0; c < 3; c++)
        {
            double[] column = Enumerable.Range(0, batch).Select(s => x[s * 3 + c]).ToArray();
            double mean = column.Average();
            double unbiased = column.Sum(v => (v - mean) * (v - mean)) / (batch - 1);
            Assert.Equal(0.2 * mean, network.NormRunningMean[c], 12);
            Assert.Equal(0.8 + 0.2 * unbiased, network.NormRunningVariance[c], 12);
        }

        Assert.Equal(1, network.Step);
    }

    [Fact]
    public void Inference_uses_the_running_averages()
    {
        var network = new InputBatchNorm();
        network.NormRunningMean[0] = 1; network.NormRunningMean[1] = -2; network.NormRunningMean[2] = 0.5;
        network.NormRunningVariance[0] = 4; network.NormRunningVariance[1] = 0.25; network.NormRunningVariance[2] = 9;
        network.NormGamma[0] = 2; network.NormBeta[2] = -1;
        double[] x = [3, 0, 2];
        double[] normalized =
        [
            (2 * (3 - 1) / Math.Sqrt(4 + 1e-3)) + 0,
            (0 + 2) / Math.Sqrt(0.25 + 1e-3),
            ((2 - 0.5) / Math.Sqrt(9 + 1e-3)) - 1,
        ];
        double[] expected = new double[2];
        for (int o = 0; o < 2; o++)
        {
            expected[o] = network.OutBias[o] + Enumerable.Range(0, 3).Sum(i => network.OutWeights[o * 3 + i] * normalized[i]);
        }

        var outputs = new double[2];
        network.Forward(x, outputs);

        Assert.Equal(expected[0], outputs[0], 12);
        Assert.Equal(expected[1], outputs[1], 12);
    }

    [Fact]
    public void Compute_gradients_changes_nothing_but_the_gradients()
    {
        var network = new ConvBatchNormDropout();
        (double[] inputs, int[] labels) = Data(network, samples: 4, seed: 5);
        network.TrainStep(inputs, labels);
        double[] parameters = network.Parameters.ToArray();
        double[] state = network.State.ToArray();
        double[] optimizer = network.OptimizerState.ToArray();

        network.ComputeGradients(inputs, labels);

        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(state, network.State.ToArray());
        Assert.Equal(optimizer, network.OptimizerState.ToArray());
        Assert.Equal(1, network.Step);
        Assert.Contains(network.Gradients.ToArray(), g => g != 0);
    }

    [Fact]
    public void Inference_is_deterministic_and_leaves_the_state_alone()
    {
        var network = new ConvBatchNormDropout();
        (double[] inputs, int[] labels) = Data(network, samples: 6, seed: 6);
        network.TrainStep(inputs, labels);
        double[] state = network.State.ToArray();
        var first = new double[6 * 3];
        var second = new double[6 * 3];

        network.Forward(inputs, first);
        network.Forward(inputs, second);
        double loss = network.Loss(inputs, labels);

        Assert.Equal(first, second);
        Assert.Equal(state, network.State.ToArray());
        Assert.Equal(loss, network.Loss(inputs, labels));
    }

    [Fact]
    public void Dropout_masks_differ_between_steps_and_repeat_with_the_seed()
    {
        var a = new DenseBatchNormSigmoid();
        var b = new DenseBatchNormSigmoid();
        var random = new Random(7);
        double[] inputs = Enumerable.Range(0, 6 * 4).Select(_ => random.NextDouble()).ToArray();
        double[] targets = Enumerable.Range(0, 6 * 2).Select(_ => random.NextDouble()).ToArray();

        double first = a.ComputeGradients(inputs, targets);
        double second = a.ComputeGradients(inputs, targets);
        Assert.NotEqual(first, second);

        Assert.Equal(first, b.ComputeGradients(inputs, targets));
        b.Initialize(33);
        Assert.Equal(first, b.ComputeGradients(inputs, targets));
    }

    [Fact]
    public void A_training_batch_of_one_sample_is_a_clear_error_with_batch_norm()
    {
        var network = new InputBatchNorm();
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainStep(new double[3], new double[2]));
        Assert.Contains("batch normalization", exception.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2 samples", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, network.Step);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(7)]
    public void LeNet5_with_batch_norm_and_dropout_trains_without_allocating(int batch)
    {
        var network = new LeNet5BatchNorm();
        var random = new Random(batch);
        float[] inputs = Enumerable.Range(0, batch * LeNet5BatchNorm.InputLength).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(i => i % 10).ToArray();
        for (int i = 0; i < 3; i++)
        {
            network.TrainStep(inputs, labels);
        }

        Assert.Equal(0, Allocations.Steady(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                network.TrainStep(inputs, labels);
            }
        }));
        Assert.True(float.IsFinite(network.TrainStep(inputs, labels)));
    }

    [Fact]
    public void Layers_are_named_per_kind_or_by_their_name()
    {
        string[] names = new ConvBatchNormDropout().Tensors.Select(t => t.Name).ToArray();
        Assert.Equal(
            [
                "conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "fc1.weight", "fc1.bias",
                "batchnorm2.weight", "batchnorm2.bias", "fc2.weight", "fc2.bias",
                "bn1.running_mean", "bn1.running_var", "batchnorm2.running_mean", "batchnorm2.running_var",
            ],
            names);
        Assert.Equal(3, ConvBatchNormDropout.Conv1OutChannels);
        Assert.Equal(5, ConvBatchNormDropout.BatchNorm2Channels);
    }

    /// <summary>
    /// The largest relative error between the generated gradient and central differences of the training-mode loss.
    /// Each evaluation restarts the network from <paramref name="seed"/> (the same dropout masks) and then loads the
    /// parameters under test.
    /// </summary>
    private static double GradientError(INetwork<double> network, int seed, Func<double> loss)
    {
        double[] parameters = network.Parameters.ToArray();
        double Evaluate()
        {
            network.Initialize(seed);
            parameters.CopyTo(network.Parameters);
            return loss();
        }

        Evaluate();
        double[] analytic = network.Gradients.ToArray();
        double[] numeric = GradientCheck.CentralDifferences(parameters, Evaluate);
        return GradientCheck.MaxRelativeError(analytic, numeric, GradientCheck.NoiseFloor, out _);
    }

    private static (double[] Inputs, int[] Labels) Data(INetwork<double> network, int samples, int seed)
    {
        var random = new Random(seed);
        double[] inputs = Enumerable.Range(0, samples * network.InputLength).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        int[] labels = Enumerable.Range(0, samples).Select(i => i % network.OutputLength).ToArray();
        return (inputs, labels);
    }
}
