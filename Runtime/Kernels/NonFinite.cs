using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace StaticNet.Kernels;

/// <summary>Finds NaN and infinities: what the training step's guard scans before it changes anything.</summary>
public static class NonFinite
{
    /// <summary>The index of the first value in <paramref name="values"/> that is NaN or ±∞, or −1 if all are finite.</summary>
    /// <remarks>
    /// A value is not finite exactly when its exponent bits are all ones. The scan tests those bits as integers, so
    /// tiny (subnormal) gradients, common in deep networks, cost no floating-point assists; only a block of vectors that
    /// holds a non-finite value is searched element by element.
    /// </remarks>
    public static int IndexOf<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int blocked = typeof(T) == typeof(float)
            ? FirstBlock(MemoryMarshal.Cast<T, int>(values), 0x7F80_0000)
            : typeof(T) == typeof(double) ? FirstBlock(MemoryMarshal.Cast<T, long>(values), 0x7FF0_0000_0000_0000) : 0;
        for (int i = blocked; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Whether every product <c>a[i]·b[j]</c> is finite: the outer product <c>a·bᵀ</c>, which is a dense layer's weight
    /// gradient at batch 1 (<c>∂L/∂z·xᵀ</c>), checked without computing or reading it. Exactly when the largest
    /// magnitudes of the two spans multiply to a finite number: each product is rounded once and rounding is
    /// monotonic; a NaN makes the largest magnitude NaN, and an ∞ makes that product ∞, or NaN against an all-zero
    /// span, just as it makes some product of the outer product.
    /// </summary>
    public static bool OuterProductIsFinite<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        return a.IsEmpty || b.IsEmpty || T.IsFinite(T.Abs(TensorPrimitives.MaxMagnitude(a)) * T.Abs(TensorPrimitives.MaxMagnitude(b)));
    }

    /// <summary>Where the element-wise search must start: the first block of eight vectors with an all-ones exponent, or the tail.</summary>
    private static int FirstBlock<TBits>(ReadOnlySpan<TBits> bits, TBits exponent)
        where TBits : unmanaged, IBinaryInteger<TBits>
    {
        int i = 0;
        if (!Vector.IsHardwareAccelerated || bits.Length < 8 * Vector<TBits>.Count)
        {
            return 0;
        }

        // The masked exponent of a non-finite value is the largest any value can have, so the maximum over a block
        // of eight vectors tells in one comparison whether the block holds one.
        var mask = new Vector<TBits>(exponent);
        int width = Vector<TBits>.Count;
        int last = bits.Length - (8 * width);
        for (; i <= last; i += 8 * width)
        {
            ReadOnlySpan<TBits> block = bits.Slice(i, 8 * width);
            Vector<TBits> top = Vector.Max(
                Vector.Max(Vector.Max(new Vector<TBits>(block) & mask, new Vector<TBits>(block[width..]) & mask), Vector.Max(new Vector<TBits>(block[(2 * width)..]) & mask, new Vector<TBits>(block[(3 * width)..]) & mask)),
                Vector.Max(Vector.Max(new Vector<TBits>(block[(4 * width)..]) & mask, new Vector<TBits>(block[(5 * width)..]) & mask), Vector.Max(new Vector<TBits>(block[(6 * width)..]) & mask, new Vector<TBits>(block[(7 * width)..]) & mask)));
            if (Vector.EqualsAny(top, mask))
            {
                return i;
            }
        }

        return i;
    }
}
