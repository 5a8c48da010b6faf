using System;

namespace StaticNet;

/// <summary>
/// Stochastic gradient descent with momentum, as in the course notes:
/// V ← μV − α(∇J + λW); W ← W + V. With <see cref="Momentum"/> 0 it is plain gradient descent.
/// Weight decay λ applies to weights, not biases.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MomentumAttribute : Attribute
{
    /// <summary>Step size α, greater than 0. Default 0.01.</summary>
    public double LearningRate { get; set; } = 0.01;

    /// <summary>Momentum μ in [0, 1). Default 0.9.</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>L2 weight decay λ ≥ 0, added as λW to the weights' gradient. Default 0.</summary>
    public double WeightDecay { get; set; }
}
