using System;

namespace StaticNet.Samples;

/// <summary>
/// Floating-point operations per sample, counted from layer shapes as the peers' figures are: 2 per
/// multiply-add of the dense and convolution layers only (biases, activations, pooling, the loss and the
/// optimizer update are left out; they are a few percent of the work here).
/// </summary>
/// <param name="Forward">One forward pass (inference).</param>
/// <param name="Training">
/// One training step: the forward pass, then backward each layer's weight gradient (as many multiply-adds as
/// its forward pass) and its input gradient (as many again), except the first layer's, which nothing needs.
/// </param>
public readonly record struct FlopCount(long Forward, long Training)
{
    /// <summary>The count for layers with these multiply-adds per sample, first layer first.</summary>
    public static FlopCount FromMultiplyAdds(params ReadOnlySpan<long> layers)
    {
        if (layers.IsEmpty)
        {
            throw new ArgumentException("A network has at least one layer with weights.", nameof(layers));
        }

        long total = 0;
        foreach (long multiplyAdds in layers)
        {
            total += multiplyAdds;
        }

        long forward = 2 * total;
        long weightGradients = 2 * total;
        long inputGradients = 2 * (total - layers[0]);
        return new FlopCount(forward, forward + weightGradients + inputGradients);
    }

    /// <summary>Multiply-adds per sample of a dense layer: one per weight.</summary>
    public static long Dense(int inputs, int units) => (long)inputs * units;

    /// <summary>Multiply-adds per sample of a convolution: every weight once at each output position.</summary>
    /// <param name="weights">Out-channels × in-channels × kernel height × kernel width.</param>
    /// <param name="outputLength">Out-channels × output height × output width.</param>
    /// <param name="outChannels">Out-channels.</param>
    public static long Convolution(int weights, int outputLength, int outChannels) => (long)weights * (outputLength / outChannels);
}

/// <summary>The reference workloads' FLOPs per sample, from the generated shape constants.</summary>
public static class WorkloadFlops
{
    /// <summary><see cref="Samples.Mlp"/>: 784 → 128 → 10.</summary>
    public static FlopCount Mlp { get; } = FlopCount.FromMultiplyAdds(
        FlopCount.Dense(Samples.Mlp.Dense1Inputs, Samples.Mlp.Dense1Units),
        FlopCount.Dense(Samples.Mlp.Dense2Inputs, Samples.Mlp.Dense2Units));

    /// <summary><see cref="Samples.LeNet5"/>: two convolutions and three dense layers.</summary>
    public static FlopCount LeNet5 { get; } = FlopCount.FromMultiplyAdds(
        FlopCount.Convolution(Samples.LeNet5.Conv2D1WeightsCount, Samples.LeNet5.Conv2D1OutputLength, Samples.LeNet5.Conv2D1OutChannels),
        FlopCount.Convolution(Samples.LeNet5.Conv2D2WeightsCount, Samples.LeNet5.Conv2D2OutputLength, Samples.LeNet5.Conv2D2OutChannels),
        FlopCount.Dense(Samples.LeNet5.Dense1Inputs, Samples.LeNet5.Dense1Units),
        FlopCount.Dense(Samples.LeNet5.Dense2Inputs, Samples.LeNet5.Dense2Units),
        FlopCount.Dense(Samples.LeNet5.Dense3Inputs, Samples.LeNet5.Dense3Units));

    /// <summary><see cref="Samples.DeepTanh"/>: 784 → 256, eight 256 → 256, 256 → 10.</summary>
    public static FlopCount DeepTanh { get; } = FlopCount.FromMultiplyAdds(
        FlopCount.Dense(Samples.DeepTanh.Dense1Inputs, Samples.DeepTanh.Dense1Units),
        FlopCount.Dense(Samples.DeepTanh.Dense2Inputs, Samples.DeepTanh.Dense2Units),
        FlopCount.Dense(Samples.DeepTanh.Dense3Inputs, Samples.DeepTanh.Dense3Units),
        FlopCount.Dense(Samples.DeepTanh.Dense4Inputs, Samples.DeepTanh.Dense4Units),
        FlopCount.Dense(Samples.DeepTanh.Dense5Inputs, Samples.DeepTanh.Dense5Units),
        FlopCount.Dense(Samples.DeepTanh.Dense6Inputs, Samples.DeepTanh.Dense6Units),
        FlopCount.Dense(Samples.DeepTanh.Dense7Inputs, Samples.DeepTanh.Dense7Units),
        FlopCount.Dense(Samples.DeepTanh.Dense8Inputs, Samples.DeepTanh.Dense8Units),
        FlopCount.Dense(Samples.DeepTanh.Dense9Inputs, Samples.DeepTanh.Dense9Units),
        FlopCount.Dense(Samples.DeepTanh.Dense10Inputs, Samples.DeepTanh.Dense10Units));
}
