using System;

namespace StaticNet;

/// <summary>The loss the training step minimizes.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LossAttribute : Attribute
{
    /// <summary>Declares the loss.</summary>
    public LossAttribute(LossKind kind) => Kind = kind;

    /// <summary>The loss.</summary>
    public LossKind Kind { get; }
}
