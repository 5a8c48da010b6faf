using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using StaticNet.IO;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

/// <summary>Every optimizer through a generated network: resuming from a file, allocations, and what a step leaves.</summary>
public sealed class OptimizerNetworkTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("staticnet-optimizers-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string> Names => new(Networks.Keys);

    /// <summary>Each network, by its optimizer, made fresh.</summary>
    internal static readonly Dictionary<string, Func<IClassifier<double>>> Networks = new()
    {
        ["sgd"] = () => new SgdNet(),
        ["momentum"] = () => new MomentumNet(),
        ["nesterov"] = () => new NesterovNet(),
        ["adagrad"] = () => new AdaGradNet(),
        ["rmsprop"] = () => new RMSPropNet(),
        ["adam"] = () => new AdamNet(),
        ["adamw"] = () => new AdamWNet(),
        ["clip-norm"] = () => new ClipNormNet(),
        ["clip-value"] = () => new ClipValueNet(),
        ["l1"] = () => new L1Net(),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_run_resumed_from_a_file_continues_bit_identically(string name)
    {
        IClassifier<double> uninterrupted = Networks[name]();
        IClassifier<double> first = Networks[name]();
        IClassifier<double> resumed = Networks[name]();
        resumed.Initialize(seed: 99); // different weights, which the file replaces
        string file = Path.Combine(directory, name + ".safetensors");

        for (int step = 0; step < 5; step++)
        {
            (double[] x, int[] y) = Batch(step);
            uninterrupted.TrainStep(x, y);
            first.TrainStep(x, y);
        }

        first.LearningRate *= 0.5; // as a schedule would have left it
        uninterrupted.LearningRate *= 0.5;
        ParameterFile.Save(first, file);
        ParameterFile.Load(resumed, file);
        Assert.Equal(5, resumed.Step);
        for (int step = 5; step < 9; step++)
        {
            (double[] x, int[] y) = Batch(step);
            uninterrupted.TrainStep(x, y);
            resumed.TrainStep(x, y);
        }

        Assert.Equal(uninterrupted.Parameters.ToArray(), resumed.Parameters.ToArray());
        Assert.Equal(uninterrupted.OptimizerState.ToArray(), resumed.OptimizerState.ToArray());
        Assert.Equal(uninterrupted.Step, resumed.Step);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Training_steps_allocate_nothing(string name)
    {
        IClassifier<double> network = Networks[name]();
        (double[] x, int[] y) = Batch(0);
        for (int i = 0; i < 3; i++)
        {
            network.TrainStep(x, y);
        }

        Assert.Equal(0, Allocations.Steady(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                network.TrainStep(x, y);
            }
        }));
    }

    [Fact]
    public void A_file_from_another_optimizer_does_not_load()
    {
        var adam = new AdamNet();
        (double[] x, int[] y) = Batch(0);
        adam.TrainStep(x, y);
        string file = Path.Combine(directory, "adam.safetensors");
        ParameterFile.Save(adam, file);
        var momentum = new MomentumNet();
        double[] before = momentum.Parameters.ToArray();

        var error = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(momentum, file));

        Assert.Equal(ParameterFileError.OptimizerMismatch, error.Error);
        Assert.Contains("Adam", error.Message, StringComparison.Ordinal);
        Assert.Contains("Momentum", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, momentum.Parameters.ToArray());
    }

    [Fact]
    public void Each_optimizer_keeps_its_buffers_under_PyTorch_names()
    {
        Assert.Empty(new SgdNet().OptimizerBuffers);
        Assert.Empty(new SgdNet().OptimizerState.ToArray());
        Assert.Equal(["velocity"], new MomentumNet().OptimizerBuffers);
        Assert.Equal(["momentum_buffer"], new NesterovNet().OptimizerBuffers);
        Assert.Equal(["sum"], new AdaGradNet().OptimizerBuffers);
        Assert.Equal(["square_avg"], new RMSPropNet().OptimizerBuffers);
        Assert.Equal(["exp_avg", "exp_avg_sq"], new AdamNet().OptimizerBuffers);
        Assert.Equal(2 * AdamWNet.ParameterCount, new AdamWNet().OptimizerState.Length);
        Assert.Equal("Adam(lr=0.01, betas=(0.8, 0.99), eps=1E-08, weight_decay=0.01)", new AdamNet().Optimizer);
    }

    /// <summary>A fixed batch of 6 samples for step <paramref name="step"/>.</summary>
    internal static (double[] Inputs, int[] Labels) Batch(int step)
    {
        var random = new Random(1000 + step);
        double[] inputs = Enumerable.Range(0, 6 * 4).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        int[] labels = Enumerable.Range(0, 6).Select(_ => random.Next(3)).ToArray();
        return (inputs, labels);
    }
}
