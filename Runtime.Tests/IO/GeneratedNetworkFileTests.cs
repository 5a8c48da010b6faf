using System;
using System.IO;
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
        string path = Path.Combine(directory, "relu.snp");
        ParameterFile.Save(trained, path);

        var restored = new ReLUCrossEntropy();
        restored.Initialize(seed: 99);
        ParameterFile.Load(restored, path);

        Assert.Equal(trained.Parameters.ToArray(), restored.Parameters.ToArray());
        Assert.Equal(trained.OptimizerState.ToArray(), restored.OptimizerState.ToArray());
        var expected = new double[6];
        var actual = new double[6];
        trained.Forward(inputs, expected);
        restored.Forward(inputs, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_file_for_another_network_is_refused_and_changes_nothing()
    {
        string path = Path.Combine(directory, "tanh.snp");
        ParameterFile.Save(new TanhSquaredError(), path);
        var network = new SigmoidSquaredError();
        double[] before = network.Parameters.ToArray();

        var error = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(TanhSquaredError.Architecture, error.Message, StringComparison.Ordinal);
        Assert.Contains(SigmoidSquaredError.Architecture, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
    }
}
