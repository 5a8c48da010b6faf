using System;

namespace StaticNet;

/// <summary>What every layer attribute has: an optional name.</summary>
public abstract class LayerAttribute : Attribute
{
    /// <summary>
    /// The layer's name: the prefix of its generated members (<c>Name = "fc1"</c> gives <c>Fc1Weights</c>) and its key in
    /// parameter files (<c>fc1.weight</c>). Letters, digits and underscores, starting with a letter; unique in the network.
    /// Default: the kind numbered per kind, <c>Dense1</c>, <c>Dense2</c>, <c>Conv2D1</c> (keys <c>dense1</c>, …).
    /// </summary>
    public string? Name { get; set; }
}
