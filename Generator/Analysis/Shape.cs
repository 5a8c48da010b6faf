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

    /// <summary>Elements in one sample, without overflow: what the size checks compare with <see cref="Sizes.MaxBuffer"/>.</summary>
    public long LongLength => Sizes.Product(Dimensions.Select(d => (long)d).ToArray());

    public bool IsFlat => Rank == 1;

    public int this[int axis] => Dimensions[axis];

    public override string ToString() => "[" + string.Join(", ", Dimensions) + "]";

    /// <summary>The compact form used in the generated layer table, such as 1×28×28.</summary>
    public string Compact => string.Join("×", Dimensions);
}

/// <summary>
/// Size arithmetic that cannot overflow. Every buffer of a network is one .NET array, so no count may exceed
/// <see cref="MaxBuffer"/>; declarations that would are rejected before any int product is formed from them.
/// </summary>
internal static class Sizes
{
    /// <summary>The most elements a .NET array holds (Array.MaxLength): the limit of every buffer.</summary>
    public const long MaxBuffer = 0x7FFFFFC7;

    /// <summary>The most values all of one network's buffers may hold together: 2³¹, 8 GiB in single precision.</summary>
    public const long MaxTotal = 1L << 31;

    /// <summary>The product of non-negative factors, saturating at <see cref="long.MaxValue"/>.</summary>
    public static long Product(params long[] factors)
    {
        long product = 1;
        foreach (long factor in factors)
        {
            if (factor <= 0)
            {
                return 0;
            }

            if (product > long.MaxValue / factor)
            {
                return long.MaxValue;
            }

            product *= factor;
        }

        return product;
    }

    /// <summary>The sum of non-negative terms, saturating at <see cref="long.MaxValue"/>.</summary>
    public static long Sum(long left, long right) => left > long.MaxValue - right ? long.MaxValue : left + right;

    /// <summary>A long clamped into int's range.</summary>
    public static int Clamp(long value) => (int)System.Math.Max(int.MinValue, System.Math.Min(int.MaxValue, value));
}
