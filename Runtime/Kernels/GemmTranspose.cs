using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StaticNet.Kernels;

/// <summary>
/// The transposing copies of the swapped products (<see cref="GemmBlocked{T, TVector, TOps}"/>): a batch's
/// activations into outer-product panels, and the transposed result back into C. Both are small next to
/// the product they serve (one pass over the batch's rows, where the product makes one per output).
/// </summary>
internal static class GemmTranspose
{
    /// <summary>
    /// <c>destination[j·destinationStride + i] (+)= source[i·sourceStride + j]</c> for <c>i &lt; rows</c>,
    /// <c>j &lt; columns</c>: a <paramref name="rows"/> × <paramref name="columns"/> block, transposed.
    /// With AVX, floats move in 8 × 8 blocks through registers (MLAS's transpose does the same); the
    /// edges and every other case one element at a time.
    /// </summary>
    public static void Transpose<T>(ref T source, nint sourceStride, ref T destination, nint destinationStride, int rows, int columns, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i0 = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            ref float from = ref Unsafe.As<T, float>(ref source);
            ref float to = ref Unsafe.As<T, float>(ref destination);
            for (; i0 + 8 <= rows; i0 += 8)
            {
                int j0 = 0;
                for (; j0 + 8 <= columns; j0 += 8)
                {
                    Block8x8(
                        ref Unsafe.Add(ref from, (i0 * sourceStride) + j0), sourceStride,
                        ref Unsafe.Add(ref to, (j0 * destinationStride) + i0), destinationStride,
                        accumulate);
                }

                Scalar(ref Unsafe.Add(ref source, (i0 * sourceStride) + j0), sourceStride, ref Unsafe.Add(ref destination, (j0 * destinationStride) + i0), destinationStride, 8, columns - j0, accumulate);
            }
        }

        Scalar(ref Unsafe.Add(ref source, i0 * sourceStride), sourceStride, ref Unsafe.Add(ref destination, i0), destinationStride, rows - i0, columns, accumulate);
    }

    /// <summary>
    /// Whether <see cref="TransposeBiasActivation"/> serves a product of <typeparamref name="T"/>: floats, with AVX and
    /// accelerated vectors (where the float tanh is the rational one, which gives a value the same result wherever it
    /// sits, so a pass per stored row equals one pass over all of C).
    /// </summary>
    public static bool StoresBiasActivation<T>() => typeof(T) == typeof(float) && Avx.IsSupported && Vector.IsHardwareAccelerated;

    /// <summary>
    /// <c>destination[j·destinationStride + i] = f(source[i·sourceStride + j] + bias[i])</c> for floats with AVX
    /// (<see cref="StoresBiasActivation{T}"/>): the transposing store of a swapped <c>A·Bᵀ</c> with the dense layer's
    /// bias and activation (Identity, ReLU or Tanh). The bias (and ReLU) go in on the way, while the values are in
    /// registers, where separate passes would read and write the result twice more. Tanh stays a pass of its own
    /// over the stored rows: inside the 8 × 8 block its constants and the eight rows do not fit the registers
    /// together, and the spills measured slower than the pass. The arithmetic is that of
    /// <see cref="Bias.AddToRows{T}"/> followed by <see cref="Activations"/>' function, element by element (the float
    /// tanh gives each value the same result wherever it sits), so the result is bit for bit the same.
    /// </summary>
    public static void TransposeBiasActivation(ref float source, nint sourceStride, ref float destination, nint destinationStride, int rows, int columns, ReadOnlySpan<float> bias, Activation activation)
    {
        if (!StoresBiasActivation<float>())
        {
            throw new PlatformNotSupportedException("The transposing store with a bias needs AVX and accelerated vectors.");
        }

        int i0 = 0, j0 = 0;
        ref float b = ref MemoryMarshal.GetReference(bias);
        for (; i0 + 8 <= rows; i0 += 8)
        {
            for (j0 = 0; j0 + 8 <= columns; j0 += 8)
            {
                ref float block = ref Unsafe.Add(ref source, (i0 * sourceStride) + j0);
                ref float stored = ref Unsafe.Add(ref destination, (j0 * destinationStride) + i0);
                if (activation == Activation.ReLU)
                {
                    Block8x8<ReLUEpilogue>(ref block, sourceStride, ref stored, destinationStride, ref Unsafe.Add(ref b, i0));
                }
                else
                {
                    Block8x8<IdentityEpilogue>(ref block, sourceStride, ref stored, destinationStride, ref Unsafe.Add(ref b, i0));
                }
            }
        }

        if (activation == Activation.Tanh)
        {
            for (int j = 0; j < j0; j++)
            {
                Activations.Tanh(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, j * destinationStride), i0));
            }
        }

        // The edges: transposed as they are, then the bias and activation in place, a row of the destination at a
        // time. Rows [i0, rows) of the source are columns [i0, rows) of every destination row; columns
        // [j0, columns) of the first i0 source rows are destination rows j0 and on, their first i0 values.
        if (i0 < rows)
        {
            Scalar(ref Unsafe.Add(ref source, i0 * sourceStride), sourceStride, ref Unsafe.Add(ref destination, i0), destinationStride, rows - i0, columns, accumulate: false);
            for (int j = 0; j < columns; j++)
            {
                Finish(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, (j * destinationStride) + i0), rows - i0), bias[i0..rows], activation);
            }
        }

        if (i0 > 0 && j0 < columns)
        {
            Scalar(ref Unsafe.Add(ref source, j0), sourceStride, ref Unsafe.Add(ref destination, j0 * destinationStride), destinationStride, i0, columns - j0, accumulate: false);
            for (int j = j0; j < columns; j++)
            {
                Finish(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, j * destinationStride), i0), bias[..i0], activation);
            }
        }
    }

    /// <summary>The bias and activation as separate passes over one stretch of a destination row.</summary>
    private static void Finish(Span<float> values, ReadOnlySpan<float> bias, Activation activation)
    {
        TensorPrimitives.Add(values, bias, values);
        Activations.ApplyInProduct(values, activation);
    }

    /// <summary>One 8 × 8 block with the epilogue: each source row is one unit, so its bias is one broadcast value.</summary>
    private static void Block8x8<TEpilogue>(ref float source, nint sourceStride, ref float destination, nint destinationStride, ref float bias)
        where TEpilogue : struct, IEpilogue
    {
        Vector256<float> r0 = TEpilogue.Apply(Vector256.LoadUnsafe(ref source) + Vector256.Create(bias));
        Vector256<float> r1 = TEpilogue.Apply(Vector256.LoadUnsafe(ref source, (nuint)sourceStride) + Vector256.Create(Unsafe.Add(ref bias, 1)));
        Vector256<float> r2 = TEpilogue.Apply(Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride)) + Vector256.Create(Unsafe.Add(ref bias, 2)));
        Vector256<float> r3 = TEpilogue.Apply(Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride)) + Vector256.Create(Unsafe.Add(ref bias, 3)));
        Vector256<float> r4 = TEpilogue.Apply(Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride)) + Vector256.Create(Unsafe.Add(ref bias, 4)));
        Vector256<float> r5 = TEpilogue.Apply(Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride)) + Vector256.Create(Unsafe.Add(ref bias, 5)));
        Vector256<float> r6 = TEpilogue.Apply(Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride)) + Vector256.Create(Unsafe.Add(ref bias, 6)));
        Vector256<float> r7 = TEpilogue.Apply(Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride)) + Vector256.Create(Unsafe.Add(ref bias, 7)));
        StoreTransposed(r0, r1, r2, r3, r4, r5, r6, r7, ref destination, destinationStride, accumulate: false);
    }

    /// <summary>An activation applied to a vector of the product (plus bias) before it is stored.</summary>
    private interface IEpilogue
    {
        static abstract Vector256<float> Apply(Vector256<float> z);
    }

    private readonly struct IdentityEpilogue : IEpilogue
    {
        public static Vector256<float> Apply(Vector256<float> z) => z;
    }

    /// <summary>
    /// max(0, z) as <see cref="TensorPrimitives.Max{T}(ReadOnlySpan{T}, T, Span{T})"/> computes it, IEEE 754's
    /// maximum: z where it is positive or NaN, else +0 (−0 too). Spelled out, since .NET 8's vector maximum
    /// returns 0 for NaN.
    /// </summary>
    private readonly struct ReLUEpilogue : IEpilogue
    {
        public static Vector256<float> Apply(Vector256<float> z) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<float>.Zero) | ~Vector256.Equals(z, z), z, Vector256<float>.Zero);
    }

    private static void Scalar<T>(ref T source, nint sourceStride, ref T destination, nint destinationStride, int rows, int columns, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < rows; i++)
        {
            ref T row = ref Unsafe.Add(ref source, i * sourceStride);
            ref T column = ref Unsafe.Add(ref destination, i);
            for (int j = 0; j < columns; j++)
            {
                ref T entry = ref Unsafe.Add(ref column, j * destinationStride);
                entry = accumulate ? entry + Unsafe.Add(ref row, j) : Unsafe.Add(ref row, j);
            }
        }
    }

    /// <summary>One 8 × 8 block, through registers.</summary>
    private static void Block8x8(ref float source, nint sourceStride, ref float destination, nint destinationStride, bool accumulate)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride));
        StoreTransposed(r0, r1, r2, r3, r4, r5, r6, r7, ref destination, destinationStride, accumulate);
    }

    /// <summary>Rows r0..r7 stored as columns: unpack pairs of rows, shuffle pairs of pairs, then swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTransposed(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3, Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, ref float destination, nint destinationStride, bool accumulate)
    {
        // Rows a..h: t0 = a0 b0 a1 b1 | a4 b4 a5 b5, t1 = a2 b2 a3 b3 | a6 b6 a7 b7, and so on.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        // s0 = a0 b0 c0 d0 | a4 b4 c4 d4, s1 = column 1 | column 5, s2 = 2 | 6, s3 = 3 | 7 (rows a..d; s4..s7 rows e..h).
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);

        Store(Avx.Permute2x128(s0, s4, 0x20), ref destination, accumulate);
        Store(Avx.Permute2x128(s1, s5, 0x20), ref Unsafe.Add(ref destination, destinationStride), accumulate);
        Store(Avx.Permute2x128(s2, s6, 0x20), ref Unsafe.Add(ref destination, 2 * destinationStride), accumulate);
        Store(Avx.Permute2x128(s3, s7, 0x20), ref Unsafe.Add(ref destination, 3 * destinationStride), accumulate);
        Store(Avx.Permute2x128(s0, s4, 0x31), ref Unsafe.Add(ref destination, 4 * destinationStride), accumulate);
        Store(Avx.Permute2x128(s1, s5, 0x31), ref Unsafe.Add(ref destination, 5 * destinationStride), accumulate);
        Store(Avx.Permute2x128(s2, s6, 0x31), ref Unsafe.Add(ref destination, 6 * destinationStride), accumulate);
        Store(Avx.Permute2x128(s3, s7, 0x31), ref Unsafe.Add(ref destination, 7 * destinationStride), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> value, ref float destination, bool accumulate)
    {
        if (accumulate)
        {
            value += Vector256.LoadUnsafe(ref destination);
        }

        value.StoreUnsafe(ref destination);
    }
}
