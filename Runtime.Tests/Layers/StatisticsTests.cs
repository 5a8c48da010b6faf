using System;
using System.Linq;
using StaticNet.Runtime.Tests.Networks;
using Xunit;

namespace StaticNet.Runtime.Tests.Layers;

/// <summary>Per-layer statistics against values computed by hand.</summary>
public class StatisticsTests
{
    [Fact]
    public void Measure_computes_mean_variance_norms_and_dead_units()
    {
        double[] outputs = [0, 2, 0, 4]; // two samples of two units: unit 0 is 0 in both, unit 1 is not
        double[] gradient = [3, 0, 0, 4];
        double[] parameters = [1, 2, 2];

        LayerStatistics s = LayerStatistics.Measure<double>("Dense1", "Dense", outputs, gradient, parameters, batch: 2, isReLU: true);

        Assert.Equal(1.5, s.ActivationMean, 12);
        Assert.Equal(2.75, s.ActivationVariance, 12);
        Assert.Equal(5, s.GradientNorm, 12);
        Assert.Equal(3, s.ParameterGradientNorm, 12);
        Assert.Equal(0.5, s.DeadFraction, 12);
        Assert.True(double.IsNaN(LayerStatistics.Measure<double>("Tanh1", "Tanh", outputs, gradient, [], 2, isReLU: false).DeadFraction));
    }

    [Fact]
    public void Statistics_are_off_by_default_and_follow_the_network_when_on()
    {
        var network = new ReLUCrossEntropy();
        var random = new Random(4);
        double[] inputs = Enumerable.Range(0, 3 * 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        int[] labels = [0, 2, 1];
        network.TrainStep(inputs, labels);
        Assert.Empty(network.Statistics);

        network.CollectStatistics = true;
        network.ComputeGradients(inputs, labels);

        Assert.Equal(["Dense1", "Dense2"], network.Statistics.Select(s => s.Layer));
        // Dense1's outputs by hand: max(0, x·Wᵀ + b).
        double[] hidden = new double[3 * 6];
        for (int s = 0; s < 3; s++)
        {
            for (int u = 0; u < 6; u++)
            {
                double z = network.Dense1Bias[u] + Enumerable.Range(0, 4).Sum(i => network.Dense1Weights[u * 4 + i] * inputs[s * 4 + i]);
                hidden[s * 6 + u] = Math.Max(0, z);
            }
        }

        LayerStatistics first = network.Statistics[0];
        Assert.Equal(hidden.Average(), first.ActivationMean, 12);
        Assert.Equal(hidden.Select(h => h * h).Average() - (hidden.Average() * hidden.Average()), first.ActivationVariance, 12);
        int dead = Enumerable.Range(0, 6).Count(u => Enumerable.Range(0, 3).All(s => hidden[s * 6 + u] == 0));
        Assert.Equal(dead / 6.0, first.DeadFraction, 12);
        double[] dense1Gradient = network.Gradients[..ReLUCrossEntropy.Dense1BiasOffset].ToArray().Concat(network.Gradients.Slice(ReLUCrossEntropy.Dense1BiasOffset, 6).ToArray()).ToArray();
        Assert.Equal(Math.Sqrt(dense1Gradient.Sum(g => g * g)), first.ParameterGradientNorm, 12);
        Assert.True(double.IsNaN(network.Statistics[1].DeadFraction));
    }
}
