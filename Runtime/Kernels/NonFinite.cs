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
        return a.IsEmpty || b.IsEmpty || T.IsFinite(LargestMagnitude(a) * LargestMagnitude(b));
    }

    /// <summary>
    /// Whether a dense layer's gradients over a batch are all finite: <c>∂W = Σᵢ δᵢ·xᵢᵀ</c> (<paramref name="weightGradients"/>)
    /// and <c>∂b = Σᵢ δᵢ</c> (<paramref name="biasGradients"/>), computed from <paramref name="deltas"/>, the batch's
    /// <c>∂L/∂z</c> (<paramref name="batch"/> rows), and <paramref name="inputs"/>, its x. The gradients are read only when
    /// the two spans, which are <c>units + inputs</c> values per sample against <c>units · inputs</c>, cannot settle it.
    /// </summary>
    /// <remarks>
    /// At batch 1 the gradients are the outer product and δ itself, and <see cref="OuterProductIsFinite{T}"/> decides
    /// exactly. Over a larger batch each sum of <c>batch</c> products, rounded at each step with unit roundoff u, is at
    /// most <c>batch·max|δ|·max|x|·(1 + u)^batch</c> in magnitude (the bias's sum the same without max|x|), and
    /// <c>(1 + u)^batch</c> is below 2 for any batch under 2²³. So when <c>2·batch·max|δ|·max(max|x|, 1)</c> is at most
    /// the largest finite value, no entry can be infinite, nor NaN, which needs a NaN or an infinity among the terms.
    /// Otherwise (a NaN or ∞ in δ or x, or values that large) the gradients are scanned, so the answer is always exact.
    /// </remarks>
    public static bool DenseGradientsAreFinite<T>(ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, int batch, ReadOnlySpan<T> weightGradients, ReadOnlySpan<T> biasGradients)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (batch == 1)
        {
            return OuterProductIsFinite(deltas, inputs);
        }

        if (!deltas.IsEmpty && !inputs.IsEmpty)
        {
            double delta = double.CreateTruncating(LargestMagnitude(deltas));
            double input = Math.Max(1, double.CreateTruncating(LargestMagnitude(inputs)));
            if (2.0 * batch * delta * input <= double.CreateTruncating(T.BitDecrement(T.PositiveInfinity))) // the largest finite value
            {
                return true; // a NaN in either span fails the comparison (Math.Max passes NaN on)
            }
        }

        return IndexOf(weightGradients) < 0 && IndexOf(biasGradients) < 0;
    }

    /// <summary>
    /// The largest <c>|value|</c> in <paramref name="values"/>, NaN if any is NaN. Positive floats order as their bit
    /// patterns do, with ∞ above every finite value and NaN above ∞, so for floats and doubles this is the largest
    /// pattern with the sign cleared, found with integer maxima at the speed of <see cref="IndexOf{T}"/>'s scan.
    /// </summary>
    internal static T LargestMagnitude<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            int bits = LargestBits(MemoryMarshal.Cast<T, int>(values), int.MaxValue);
            return T.CreateTruncating(BitConverter.Int32BitsToSingle(bits));
        }

        if (typeof(T) == typeof(double))
        {
            long bits = LargestBits(MemoryMarshal.Cast<T, long>(values), long.MaxValue);
            return T.CreateTruncating(BitConverter.Int64BitsToDouble(bits));
        }

        return T.Abs(TensorPrimitives.MaxMagnitude(values));
    }

    /// <summary>The largest of <c>bits[i] &amp; magnitude</c> (0 for none): four vectors at a time, then the rest one by one.</summary>
    private static TBits LargestBits<TBits>(ReadOnlySpan<TBits> bits, TBits magnitude)
        where TBits : unmanaged, IBinaryInteger<TBits>
    {
        TBits largest = TBits.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= 4 * Vector<TBits>.Count)
        {
            var mask = new Vector<TBits>(magnitude);
            Vector<TBits> a = Vector<TBits>.Zero, b = a, c = a, d = a;
            int width = Vector<TBits>.Count;
            for (; i <= bits.Length - (4 * width); i += 4 * width)
            {
                ReadOnlySpan<TBits> block = bits.Slice(i, 4 * width);
                a = Vector.Max(a, new Vector<TBits>(block) & mask);
                b = Vector.Max(b, new Vector<TBits>(block[width..]) & mask);
                c = Vector.Max(c, new Vector<TBits>(block[(2 * width)..]) & mask);
                d = Vector.Max(d, new Vector<TBits>(block[(3 * width)..]) & mask);
            }

            Vector<TBits> top = Vector.Max(Vector.Max(a, b), Vector.Max(c, d));
            for (int lane = 0; lane < width; lane++)
            {
                largest = TBits.Max(largest, top[lane]);
            }
        }

        for (; i < bits.Length; i++)
        {
            largest = TBits.Max(largest, bits[i] & magnitude);
        }

        return largest;
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
