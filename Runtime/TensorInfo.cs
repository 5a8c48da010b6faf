using System;

namespace StaticNet;

/// <summary>Which buffer of a network a named tensor lives in.</summary>
public enum TensorKind
{
    /// <summary>A learned parameter in <see cref="INetwork{T}.Parameters"/> (weights, biases, batch-norm γ and β).</summary>
    Parameter = 0,

    /// <summary>Persistent state in <see cref="INetwork{T}.State"/> (batch-norm running mean and variance): not learned by the optimizer, reset by <c>Initialize</c>, saved in files.</summary>
    State = 1,
}

/// <summary>
/// One named tensor of a generated network: its key in parameter files (PyTorch's naming, such as
/// <c>fc1.weight</c> or <c>bn1.running_mean</c>), the buffer it lives in, where it starts there, and its shape.
/// </summary>
/// <param name="Name">The key, <c>&lt;layer&gt;.&lt;tensor&gt;</c>.</param>
/// <param name="Kind">The buffer: <see cref="INetwork{T}.Parameters"/> or <see cref="INetwork{T}.State"/>.</param>
/// <param name="Offset">The index of its first element in that buffer.</param>
/// <param name="Shape">Its dimensions in PyTorch's layout, row-major.</param>
/// <param name="Decayed">Whether weight decay (L2) applies to it: weights yes; biases, γ, β and state no.</param>
public sealed record TensorInfo(string Name, TensorKind Kind, int Offset, int[] Shape, bool Decayed)
{
    /// <summary>The number of elements: the product of <see cref="Shape"/>.</summary>
    public int Length
    {
        get
        {
            int length = 1;
            foreach (int dimension in Shape)
            {
                length *= dimension;
            }

            return length;
        }
    }

    /// <summary>The shape as PyTorch prints it, such as <c>[6, 1, 5, 5]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
