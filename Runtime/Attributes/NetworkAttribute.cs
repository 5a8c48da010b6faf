using System;

namespace StaticNet;

/// <summary>
/// Marks a <c>partial class</c> as a network. StaticNet's source generator reads the layer attributes
/// on the same class in declaration order and emits its forward pass, backward pass, initialization
/// and optimizer update.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The most samples one call to <c>TrainStep</c> takes; buffers are sized for it. Default 32.</summary>
    public int BatchCapacity { get; set; } = 32;

    /// <summary>The seed the constructor initializes the weights with. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Element type of every tensor. Default <see cref="Precision.Single"/>.</summary>
    public Precision Precision { get; set; } = Precision.Single;
}
