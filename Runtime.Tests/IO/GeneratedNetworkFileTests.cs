using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using StaticNet.IO;
using StaticNet.Runtime.Tests.Networks;
using Xunit;

namespace StaticNet.Runtime.Tests.IO;

/// <summary>Parameter files written and read by generated networks, not just the test double.</summary>
public sealed class GeneratedNetworkFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("staticnet-generated-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_trained_network_round_trips_and_predicts_the_same()
    {
        var trained = new ReLUCrossEntropy();
        double[] inputs = [0.5, -1, 2, 0.25, 1, 1, -0.5, 0];
        trained.TrainStep(inputs, [2, 0]);
        string path = Path.Combine(directory, "relu.safetensors");
        ParameterFile.Save(trained, path);

        var restored = new ReLUCrossEntropy();
        restored.Initialize(seed: 99);
        ParameterFile.Load(restored, path);

        Assert.Equal(trained.Parameters.ToArray(), restored.Parameters.ToArray());
        Assert.Equal(trained.OptimizerState.ToArray(), restored.OptimizerState.ToArray());
        Assert.Equal(1, restored.Step);
        var expected = new double[6];
        var actual = new double[6];
        trained.Forward(inputs, expected);
        restored.Forward(inputs, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Training_resumes_exactly_from_a_saved_file()
    {
        double[] inputs = [0.5, -1, 2, 0.25, 1, 1, -0.5, 0];
        var original = new ReLUCrossEntropy();
        original.TrainStep(inputs, [2, 0]);
        original.TrainStep(inputs, [1, 0]);
        string path = Path.Combine(directory, "resume.safetensors");
        ParameterFile.Save(original, path);
        var resumed = new ReLUCrossEntropy();
        ParameterFile.Load(resumed, path);

        original.TrainStep(inputs, [0, 1]);
        resumed.TrainStep(inputs, [0, 1]);

        Assert.Equal(Bits(original.Parameters), Bits(resumed.Parameters));
        Assert.Equal(Bits(original.OptimizerState), Bits(resumed.OptimizerState));
        Assert.Equal(3, resumed.Step);
    }

    [Fact]
    public void A_batch_norm_network_round_trips_parameters_state_optimizer_and_step_bit_for_bit()
    {
        var trained = TrainConvBatchNormDropout(steps: 4);
        Assert.NotEqual(0, trained.Step);
        Assert.Contains(trained.State.ToArray(), v => v is not (0 or 1)); // running statistics moved
        string path = Path.Combine(directory, "conv-bn.safetensors");
        ParameterFile.Save(trained, path);

        var restored = new ConvBatchNormDropout();
        restored.Initialize(seed: 1234);
        ParameterFile.Load(restored, path);

        Assert.Equal(Bits(trained.Parameters), Bits(restored.Parameters));
        Assert.Equal(Bits(trained.State), Bits(restored.State));
        Assert.Equal(Bits(trained.OptimizerState), Bits(restored.OptimizerState));
        Assert.Equal(trained.Step, restored.Step);
        double[] inputs = Inputs(count: 11, seed: 5);
        var expected = new double[11 * ConvBatchNormDropout.OutputLength];
        var actual = new double[11 * ConvBatchNormDropout.OutputLength];
        trained.Forward(inputs, expected);
        restored.Forward(inputs, actual);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Fact]
    public void A_batch_norm_network_writes_PyTorchs_names_and_shapes()
    {
        string path = Path.Combine(directory, "names.safetensors");
        ParameterFile.Save(new ConvBatchNormDropout(), path, includeOptimizerState: false);

        var file = SafetensorsTestFile.Parse(File.ReadAllBytes(path));

        (string Name, string Shape)[] expected =
        [
            ("conv1.weight", "[3,2,3,3]"), ("conv1.bias", "[3]"), ("bn1.weight", "[3]"), ("bn1.bias", "[3]"),
            ("fc1.weight", "[5,27]"), ("fc1.bias", "[5]"), ("batchnorm2.weight", "[5]"), ("batchnorm2.bias", "[5]"),
            ("fc2.weight", "[3,5]"), ("fc2.bias", "[3]"),
            ("bn1.running_mean", "[3]"), ("bn1.running_var", "[3]"), ("batchnorm2.running_mean", "[5]"), ("batchnorm2.running_var", "[5]"),
        ];
        Assert.Equal(expected, file.TensorNames.Select(n => (n, file.Header[n]!["shape"]!.ToJsonString())));
        Assert.All(file.TensorNames, n => Assert.Equal("F64", (string?)file.Header[n]!["dtype"]));
        Assert.Equal(ConvBatchNormDropout.Architecture, (string?)file.Metadata!["architecture"]);
        Assert.Equal("Momentum(lr=0.1, momentum=0.9, weight_decay=0)", (string?)file.Metadata!["optimizer"]);
    }

    [Fact]
    public void A_file_for_another_network_is_refused_and_changes_nothing()
    {
        string path = Path.Combine(directory, "tanh.safetensors");
        ParameterFile.Save(new TanhSquaredError(), path);
        var network = new SigmoidSquaredError();
        double[] before = network.Parameters.ToArray();

        var error = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(TanhSquaredError.Architecture, error.Message, StringComparison.Ordinal);
        Assert.Contains(SigmoidSquaredError.Architecture, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void A_damaged_file_leaves_a_batch_norm_network_exactly_as_it_was()
    {
        string path = Path.Combine(directory, "damaged.safetensors");
        ParameterFile.Save(TrainConvBatchNormDropout(steps: 2), path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);
        var network = TrainConvBatchNormDropout(steps: 1);
        byte[] before = [.. Bits(network.Parameters), .. Bits(network.State), .. Bits(network.OptimizerState)];
        long step = network.Step;

        var error = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, path));

        Assert.Equal(ParameterFileError.ChecksumMismatch, error.Error);
        byte[] after = [.. Bits(network.Parameters), .. Bits(network.State), .. Bits(network.OptimizerState)];
        Assert.Equal(before, after);
        Assert.Equal(step, network.Step);
    }

    /// <summary>A <see cref="ConvBatchNormDropout"/> after a few training steps on random data, so its running statistics are not the defaults.</summary>
    internal static ConvBatchNormDropout TrainConvBatchNormDropout(int steps)
    {
        var network = new ConvBatchNormDropout();
        var random = new Random(42);
        for (int step = 0; step < steps; step++)
        {
            double[] inputs = Inputs(ConvBatchNormDropout.BatchCapacity, seed: 100 + step);
            int[] labels = [.. Enumerable.Range(0, ConvBatchNormDropout.BatchCapacity).Select(_ => random.Next(ConvBatchNormDropout.OutputLength))];
            network.TrainStep(inputs, labels);
        }

        return network;
    }

    /// <summary><paramref name="count"/> random samples for <see cref="ConvBatchNormDropout"/>, uniform in [-2, 2).</summary>
    internal static double[] Inputs(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count * ConvBatchNormDropout.InputLength).Select(_ => (random.NextDouble() * 4) - 2)];
    }

    private static byte[] Bits(ReadOnlySpan<double> values) => MemoryMarshal.AsBytes(values).ToArray();
}
