using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StaticNet.Runtime.Tests.ConvolutionLayers;
using StaticNet.Runtime.Tests.Networks;
using Xunit;

namespace StaticNet.Runtime.Tests.Layers;

/// <summary>Nothing lost to NaN, and one instance never used by two threads at once.</summary>
public class GuardTests
{
    [Fact]
    public void A_NaN_pixel_throws_naming_the_input_and_changes_nothing()
    {
        var network = new ConvBatchNormDropout();
        (double[] inputs, int[] labels) = Data(network, samples: 4, seed: 1);
        network.TrainStep(inputs, labels);
        Snapshot before = Snapshot.Of(network);
        inputs[ConvBatchNormDropout.InputLength + 7] = double.NaN;

        var error = Assert.Throws<NonFiniteTrainingException>(() => network.TrainStep(inputs, labels));

        Assert.Equal(2, error.Step);
        Assert.Null(error.Layer);
        Assert.Equal("input", error.Where);
        Assert.Equal(ConvBatchNormDropout.InputLength + 7, error.Index);
        Assert.Contains("Training step 2", error.Message, StringComparison.Ordinal);
        before.AssertUnchanged(network);
    }

    [Fact]
    public void An_infinite_weight_throws_naming_the_first_layer_whose_output_went_non_finite()
    {
        var network = new ConvBatchNormDropout();
        (double[] inputs, int[] labels) = Data(network, samples: 4, seed: 2);
        network.Fc1Weights[3] = double.PositiveInfinity;
        Snapshot before = Snapshot.Of(network);

        var error = Assert.Throws<NonFiniteTrainingException>(() => network.TrainStep(inputs, labels));

        Assert.Equal("Fc1", error.Layer);
        Assert.Equal("output", error.Where);
        Assert.Contains("output of Fc1", error.Message, StringComparison.Ordinal);
        before.AssertUnchanged(network);
    }

    [Fact]
    public void A_loss_that_overflows_is_caught_though_every_value_is_finite()
    {
        var network = new TanhSquaredError();
        var random = new Random(3);
        double[] inputs = Enumerable.Range(0, 3 * 4).Select(_ => random.NextDouble()).ToArray();
        double[] targets = Enumerable.Range(0, 3 * 3).Select(_ => 1e308 * (random.NextDouble() + 1)).ToArray(); // finite, but the error overflows
        Snapshot before = Snapshot.Of(network);

        var error = Assert.Throws<NonFiniteTrainingException>(() => network.TrainStep(inputs, targets));

        Assert.Equal("loss", error.Where);
        Assert.Null(error.Layer);
        Assert.True(double.IsPositiveInfinity(error.Loss));
        before.AssertUnchanged(network);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_weight_gradient_that_overflows_is_caught_though_the_values_and_the_loss_are_finite(int batch)
    {
        // Inputs of 1e162 against first-layer weights of 2.5e-163 keep its sums at 1, inside tanh's curve; targets of 1e150
        // keep the loss finite (about 1e300) but make the first layer's ∂L/∂z about 1e149, whose outer product with the
        // inputs, the weight gradient, overflows. At batch 1 the guard decides from the two vectors; at 2 it scans.
        var network = new TanhSquaredError();
        network.Dense1Weights.Fill(2.5e-163);
        double[] inputs = Enumerable.Repeat(1e162, batch * TanhSquaredError.InputLength).ToArray();
        double[] targets = Enumerable.Repeat(1e150, batch * TanhSquaredError.OutputLength).ToArray();
        Snapshot before = Snapshot.Of(network);

        var error = Assert.Throws<NonFiniteTrainingException>(() => network.TrainStep(inputs, targets));

        Assert.Equal("Dense1", error.Layer);
        Assert.Equal("Weights gradient", error.Where);
        Assert.True(double.IsFinite(error.Loss));
        before.AssertUnchanged(network);

        // Inputs of 1e157 (weights 2.5e-158): the largest product, about 1e306, stays finite, and the step goes through.
        inputs.AsSpan().Fill(1e157);
        network.Dense1Weights.Fill(2.5e-158);
        network.TrainStep(inputs, targets);
        Assert.All(network.Parameters.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void A_step_whose_gradients_are_finite_goes_through_though_the_largest_values_multiply_past_the_bound()
    {
        // Sample 0 has inputs of 1e160 (first-layer weights 2.5e-161 keep its sums at 1) and a target of 0, so its ∂L/∂z is
        // about 1; sample 1 has inputs of 1 and targets of 1e150, so its ∂L/∂z is about 1e150. Every product in the weight
        // gradient stays near 1e160 or 1e150, but the largest |∂L/∂z| times the largest |x| is about 1e310: the guard's bound
        // cannot tell, so it reads the gradients, finds them finite, and the step updates the weights.
        var network = new TanhSquaredError();
        network.Dense1Weights.Fill(2.5e-161);
        double[] inputs = [.. Enumerable.Repeat(1e160, TanhSquaredError.InputLength), .. Enumerable.Repeat(1.0, TanhSquaredError.InputLength)];
        double[] targets = [.. Enumerable.Repeat(0.0, TanhSquaredError.OutputLength), .. Enumerable.Repeat(1e150, TanhSquaredError.OutputLength)];
        double[] before = network.Parameters.ToArray();

        network.TrainStep(inputs, targets);

        Assert.All(network.Gradients.ToArray(), v => Assert.True(double.IsFinite(v)));
        Assert.True(network.Gradients.ToArray().Max(Math.Abs) > 1e155, "the first layer's weight gradient carries sample 0's 1e160 inputs");
        Assert.NotEqual(before, network.Parameters.ToArray());
        Assert.Equal(1, network.Step);
    }

    [Fact]
    public async Task Two_threads_on_one_instance_get_an_exception_instead_of_corrupting_it()
    {
        var network = new LeNet5();
        float[] inputs = Enumerable.Range(0, 256 * LeNet5.InputLength).Select(i => (float)((i * 7919) % 255) / 255).ToArray();
        var outputs = new float[2][];
        bool collided = false;
        for (int attempt = 0; attempt < 20 && !collided; attempt++)
        {
            using var start = new Barrier(2);
            Task<bool>[] tasks = Enumerable.Range(0, 2).Select(t => Task.Run(() =>
            {
                outputs[t] = new float[256 * LeNet5.OutputLength];
                start.SignalAndWait();
                try
                {
                    network.Forward(inputs, outputs[t]);
                    return false;
                }
                catch (InvalidOperationException e) when (e.Message.Contains("another call", StringComparison.Ordinal))
                {
                    return true;
                }
            })).ToArray();
            bool[] threw = await Task.WhenAll(tasks);
            collided = threw.Any(t => t);
        }

        Assert.True(collided, "two overlapping Forward calls on one instance never threw");
        var sequential = new float[256 * LeNet5.OutputLength];
        network.Forward(inputs, sequential); // the instance still works afterwards
        Assert.All(sequential, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public async Task Separate_instances_on_separate_threads_are_independent()
    {
        float[] inputs = Enumerable.Range(0, 96 * LeNet5.InputLength).Select(i => (float)((i * 31) % 97) / 97).ToArray();
        var expected = new float[96 * LeNet5.OutputLength];
        new LeNet5().Forward(inputs, expected);

        float[][] results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var network = new LeNet5();
            var outputs = new float[96 * LeNet5.OutputLength];
            for (int i = 0; i < 5; i++)
            {
                network.Forward(inputs, outputs);
            }

            return outputs;
        })));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void A_learning_rate_the_element_type_cannot_hold_is_rejected()
    {
        var network = new LeNet5();
        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = 1e39);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = double.PositiveInfinity);
        Assert.Equal(LeNet5.DefaultLearningRate, network.LearningRate);
    }

    private static (double[] Inputs, int[] Labels) Data(INetwork<double> network, int samples, int seed)
    {
        var random = new Random(seed);
        double[] inputs = Enumerable.Range(0, samples * network.InputLength).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        int[] labels = Enumerable.Range(0, samples).Select(i => i % network.OutputLength).ToArray();
        return (inputs, labels);
    }

    private sealed record Snapshot(double[] Parameters, double[] State, double[] Optimizer, long Step, double Rate)
    {
        public static Snapshot Of(INetwork<double> n) => new(n.Parameters.ToArray(), n.State.ToArray(), n.OptimizerState.ToArray(), n.Step, n.LearningRate);

        public void AssertUnchanged(INetwork<double> n)
        {
            Assert.Equal(Parameters, n.Parameters.ToArray());
            Assert.Equal(State, n.State.ToArray());
            Assert.Equal(Optimizer, n.OptimizerState.ToArray());
            Assert.Equal(Step, n.Step);
            Assert.Equal(Rate, n.LearningRate);
        }
    }
}
