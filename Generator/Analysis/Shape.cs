using System.Linq;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Analysis;

/// <summary>The shape of one sample, channel first: [features], [C, L] or [C, H, W]. The batch dimension is not part of it.</summary>
internal sealed record Shape(EquatableArray<int> Dimensions)
{
    public static Shape Of(params int[] dimensions) => new(dimensions.ToEquatableArray());

    public int Rank => Dimensions.Count;

    /// <summary>Elements in one sample.</summary>
    public int Length => Dimensions.Aggregate(1, (product, d) => product * d);

    public bool IsFlat => Rank == 1;

    public int this[int axis] => Dimensions[axis];

    public override string ToString() => "[" + string.Join(", ", Dimensions) + "]";

    /// <summary>The compact form used in the generated layer table, such as 1×28×28.</summary>
    public string Compact => string.Join("×", Dimensions);
}
