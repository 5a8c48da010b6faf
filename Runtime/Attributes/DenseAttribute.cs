using System;

namespace StaticNet;

/// <summary>
/// A fully connected layer: y = f(W·x + b), weights <c>[units, inputs]</c> row-major (PyTorch's layout).
/// Its input must be flat: put <see cref="FlattenAttribute"/> after spatial layers.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : TrainableLayerAttribute
{
    /// <summary>Declares a dense layer with <paramref name="units"/> outputs.</summary>
    public DenseAttribute(int units) => Units = units;

    /// <summary>Number of output units.</summary>
    public int Units { get; }
}
