using System;

namespace StaticNet;

/// <summary>
/// Batch normalization, as in the course notes: per feature after a dense layer, per channel after a convolution
/// (over the batch and every position). In training, with the mini-batch mean μ and biased variance σ²,
/// x̂ = (x − μ)/√(σ² + ε) and y = γx̂ + β; γ starts at 1, β at 0, neither is weight-decayed. Inference uses running
/// averages instead, updated after each training step with PyTorch's convention
/// running ← (1 − momentum)·running + momentum·batch statistic (the variance unbiased). A training batch needs two samples.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute : LayerAttribute
{
    /// <summary>The weight of each new batch in the running averages, in [0, 1]. Default 0.1 (PyTorch's).</summary>
    public double Momentum { get; set; } = 0.1;

    /// <summary>ε, added to the variance so 1/√(σ² + ε) stays finite; greater than 0. Default 1e-5.</summary>
    public double Epsilon { get; set; } = 1e-5;
}

/// <summary>
/// Inverted dropout: in training each unit is dropped with probability <see cref="Rate"/> (as in PyTorch and Keras) and
/// the kept ones are scaled by 1/π, where π = 1 − rate is the notes' keep probability; inference keeps every unit
/// unchanged. Masks come from the network's seed: the same seed gives the same masks.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : LayerAttribute
{
    /// <summary>Declares dropout with drop probability <paramref name="rate"/> in [0, 1).</summary>
    public DropoutAttribute(double rate) => Rate = rate;

    /// <summary>The probability of dropping a unit, in [0, 1).</summary>
    public double Rate { get; }
}
