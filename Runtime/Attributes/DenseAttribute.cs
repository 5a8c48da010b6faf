using System;

namespace StaticNet;

/// <summary>
/// A fully connected layer: y = f(W·x + b), weights <c>[units, inputs]</c> row-major (PyTorch's layout).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a dense layer with <paramref name="units"/> outputs.</summary>
    public DenseAttribute(int units) => Units = units;

    /// <summary>Number of output units.</summary>
    public int Units { get; }

    /// <summary>The activation. Default <see cref="Activation.Identity"/>.</summary>
    public Activation Activation { get; set; }

    /// <summary>Slope for negative inputs of <see cref="Activation.LeakyReLU"/>, in [0, 1). Default 0.01.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>How weights are drawn. Default: He normal for the ReLU family, Xavier normal otherwise.</summary>
    public WeightInit WeightInit { get; set; }

    /// <summary>The constant for <see cref="StaticNet.WeightInit.Constant"/>, the bound a for <see cref="StaticNet.WeightInit.Uniform"/>, σ for <see cref="StaticNet.WeightInit.Normal"/>.</summary>
    public double InitValue { get; set; }

    /// <summary>Every bias starts at this value. Default 0; a small positive value helps ReLU units stay alive.</summary>
    public double BiasInit { get; set; }
}
