using System;
using System.Linq;
using Xunit;

namespace StaticNet.Runtime.Tests.ConvolutionLayers;

/// <summary>The LeNet-5 of the design document trains and infers without allocating once warmed up.</summary>
public class LeNetAllocationTests
{
    private const int Steps = 5;

    [Theory]
    [InlineData(32)]
    [InlineData(7)]
    public void Training_steps_allocate_nothing(int batch)
    {
        var network = new LeNet5();
        (float[] inputs, int[] labels) = Data(batch, seed: batch);
        for (int i = 0; i < 3; i++)
        {
            network.TrainStep(inputs, labels);
        }

        long allocated = Allocations.Steady(() =>
        {
            for (int i = 0; i < Steps; i++)
            {
                network.TrainStep(inputs, labels);
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(float.IsFinite(network.TrainStep(inputs, labels)));
    }

    [Fact]
    public void Forward_on_a_hundred_samples_allocates_nothing()
    {
        const int Count = 100; // more than the batch capacity: three full chunks and a partial one
        var network = new LeNet5();
        (float[] inputs, _) = Data(Count, seed: 3);
        var outputs = new float[Count * LeNet5.OutputLength];
        network.Forward(inputs, outputs);

        long allocated = Allocations.Steady(() => network.Forward(inputs, outputs));

        Assert.Equal(0, allocated);
        Assert.All(outputs, v => Assert.True(float.IsFinite(v)));
    }

    private static (float[] Inputs, int[] Labels) Data(int count, int seed)
    {
        var random = new Random(seed);
        float[] inputs = Enumerable.Range(0, count * LeNet5.InputLength).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, count).Select(i => i % 10).ToArray();
        return (inputs, labels);
    }
}

// The network of DESIGN.md, as a user declares it.
[Network(BatchCapacity = 32, Seed = 7)]
[Input(1, 28, 28)]
[Conv2D(6, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Conv2D(16, Kernel = 5, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(120, Activation = Activation.ReLU)]
[Dense(84, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class LeNet5;
