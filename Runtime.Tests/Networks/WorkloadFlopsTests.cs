using System.Linq;
using StaticNet.Samples;
using Xunit;

namespace StaticNet.Runtime.Tests.Networks;

/// <summary>The benchmark's FLOP counts: the counting rule, the figures shared/bench/README.md gives, and the networks' own weights.</summary>
public class WorkloadFlopsTests
{
    [Fact]
    public void Training_adds_the_weight_gradients_and_every_input_gradient_but_the_first_layers()
    {
        Assert.Equal(new FlopCount(Forward: 20, Training: 40), FlopCount.FromMultiplyAdds(10));
        Assert.Equal(new FlopCount(Forward: 30, Training: 30 + 30 + 10), FlopCount.FromMultiplyAdds(10, 5));
        Assert.Equal(6L * 4 * 25 * 9, FlopCount.Convolution(weights: 6 * 4 * 25, outputLength: 6 * 9, outChannels: 6));
    }

    [Fact]
    public void The_reference_workloads_have_the_figures_the_peer_benchmarks_quote()
    {
        // shared/bench/README.md: mlp 0.203 M forward, 0.409 M training step; lenet5 0.833 M / 2.264 M; deep-tanh 1.455 M / 3.964 M.
        Assert.Equal(new FlopCount(203_264, 409_088), WorkloadFlops.Mlp);
        Assert.Equal(new FlopCount(833_040, 2_263_920), WorkloadFlops.LeNet5);
        Assert.Equal(new FlopCount(1_455_104, 3_963_904), WorkloadFlops.DeepTanh);
    }

    [Fact]
    public void Every_weight_of_each_network_is_counted_once_per_output_position()
    {
        // Dense weights [out, in] are used once per sample; LeNet-5's convolution kernels once per position of
        // their 28×28 and 10×10 outputs (the design document's network).
        Assert.Equal(2 * WeightLengths(new Mlp()).Sum(), WorkloadFlops.Mlp.Forward);
        Assert.Equal(2 * WeightLengths(new DeepTanh()).Sum(), WorkloadFlops.DeepTanh.Forward);
        long[] lenet = WeightLengths(new StaticNet.Samples.LeNet5());
        Assert.Equal(5, lenet.Length);
        Assert.Equal(2 * ((lenet[0] * 28 * 28) + (lenet[1] * 10 * 10) + lenet[2] + lenet[3] + lenet[4]), WorkloadFlops.LeNet5.Forward);
    }

    private static long[] WeightLengths(INetwork<float> network) =>
        network.Tensors.Where(t => t.Kind == TensorKind.Parameter && t.Name.EndsWith(".weight", System.StringComparison.Ordinal)).Select(t => (long)t.Length).ToArray();
}
