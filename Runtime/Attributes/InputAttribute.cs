using System;

namespace StaticNet;

/// <summary>
/// The shape of one input sample, channel first: <c>[Input(784)]</c> for a vector,
/// <c>[Input(1, 28)]</c> for a one-channel 1-D signal, <c>[Input(1, 28, 28)]</c> for an image.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares the input shape.</summary>
    public InputAttribute(params int[] shape) => Shape = shape;

    /// <summary>The dimensions, channel first.</summary>
    public int[] Shape { get; }
}
