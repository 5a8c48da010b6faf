using System;
using System.Globalization;
using System.Linq;
using StaticNet.Runtime.Tests.Training;
using Xunit;

namespace StaticNet.Runtime.Tests.Layers;

public class SummaryTests
{
    [Fact]
    public void The_summary_lists_every_layer_with_its_shape_and_parameters_and_the_totals()
    {
        INetwork<float> network = new TinyClassifier();

        string[] lines = network.Summary().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("TinyClassifier: 4 layers, float, batch capacity 16", lines[0]);
        Assert.Equal(["layer", "kind", "output", "shape", "activation", "parameters"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        string[][] rows = lines.Skip(3).Take(5).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["input", "Input", "16"], rows[0]);
        Assert.Equal(["dense1", "Dense", "12", "204"], rows[1]);         // 16 × 12 weights + 12 biases
        Assert.Equal(["batchnorm1", "BatchNorm", "12", "24"], rows[2]);  // γ and β
        Assert.Equal(["relu1", "ReLU", "12", "0"], rows[3]);
        Assert.Equal(["dense2", "Dense", "3", "39"], rows[4]);
        Assert.Equal(network.Parameters.Length, rows.Skip(1).Sum(r => int.Parse(r[^1], CultureInfo.InvariantCulture)));
        Assert.StartsWith($"parameters: {network.Parameters.Length:N0} (", lines[^2], StringComparison.Ordinal);
        Assert.EndsWith($"trained by {network.Optimizer}", lines[^2], StringComparison.Ordinal);
        Assert.Equal($"state (not trained): {network.State.Length}", lines[^1]);

        // Each layer's parameter count is what its tensors hold.
        foreach (string[] row in rows.Skip(1))
        {
            int fromTensors = network.Tensors.Where(t => t.Kind == TensorKind.Parameter && t.Name.StartsWith(row[0] + ".", StringComparison.Ordinal)).Sum(t => t.Length);
            Assert.Equal(fromTensors, int.Parse(row[^1], CultureInfo.InvariantCulture));
        }
    }
}
