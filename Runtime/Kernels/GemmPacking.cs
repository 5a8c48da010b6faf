using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StaticNet.Kernels;

/// <summary>
/// Copies blocks of B into the contiguous panels the outer-product tile reads (as BLIS and MLAS do): a
/// panel is <c>depth</c> rows of one tile width, row after row. Read in place, consecutive rows of B lie
/// <c>n</c> elements apart, and with n a multiple of 128 or 256 (the layer widths) they fall into the same
/// few sets of the L1 cache, evicting each other before the next row block of C reuses them; packed,
/// a 256-deep panel is 16 KiB (AVX2, float) of consecutive lines that stays in L1 for every row block.
/// </summary>
internal static class GemmPacking
{
    /// <summary>
    /// <c>panel[p·width + j] = source[p·sourceStride + j]</c> for <c>j &lt; columns</c>, and 0 for
    /// <c>columns ≤ j &lt; width</c> (so a tile at the right edge of C computes zeros beyond it).
    /// </summary>
    /// <param name="source">B(p0, j0).</param>
    /// <param name="sourceStride">Elements between rows of B.</param>
    /// <param name="depth">Rows to copy.</param>
    /// <param name="columns">Valid columns, at most <paramref name="width"/>.</param>
    /// <param name="width">The panel's width: two vectors.</param>
    /// <param name="panel">The packed panel.</param>
    public static void PackRows<T, TVector, TOps>(ref T source, nint sourceStride, int depth, int columns, int width, ref T panel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
    {
        if (columns == width)
        {
            nint vector = TOps.Count;
            for (int p = 0; p < depth; p++)
            {
                TOps.Store(TOps.Load(ref source), ref panel);
                TOps.Store(TOps.Load(ref Unsafe.Add(ref source, vector)), ref Unsafe.Add(ref panel, vector));
                source = ref Unsafe.Add(ref source, sourceStride);
                panel = ref Unsafe.Add(ref panel, width);
            }

            return;
        }

        // The edge: the row cleared with vector stores, then its columns copied (one by one: fewer than a panel).
        // Zeroing element by element took longer than the product's tiles over the padded panel with 512-bit vectors.
        nint count = TOps.Count;
        for (int p = 0; p < depth; p++)
        {
            TOps.Store(TOps.Zero, ref panel);
            TOps.Store(TOps.Zero, ref Unsafe.Add(ref panel, count));
            for (int j = 0; j < columns; j++)
            {
                Unsafe.Add(ref panel, j) = Unsafe.Add(ref source, j);
            }

            source = ref Unsafe.Add(ref source, sourceStride);
            panel = ref Unsafe.Add(ref panel, width);
        }
    }
}

/// <summary>
/// One reusable buffer per thread and element type for packed panels and edge tiles: grown on demand,
/// so after the first call of a shape no product allocates. An <see cref="AlignedBuffer{T}"/>, so panel rows
/// never straddle cache lines.
/// </summary>
internal static class GemmScratch<T>
    where T : unmanaged
{
    [ThreadStatic]
    private static AlignedBuffer<T> t_buffer;

    [ThreadStatic]
    private static AlignedBuffer<T> t_band;

    /// <summary>The first of <paramref name="length"/> (at least 1) scratch elements, 64-byte aligned; valid until the thread's next call.</summary>
    public static ref T Get(int length) => ref Grow(ref t_buffer, length);

    /// <summary>
    /// A second buffer, for the part of an operand a band of a split product copies before the product runs
    /// (<see cref="Get"/> holds that product's panels); valid until the thread's next band.
    /// </summary>
    public static ref T GetBand(int length) => ref Grow(ref t_band, length);

    private static ref T Grow(ref AlignedBuffer<T> buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = AlignedBuffer<T>.Uninitialized(length);
        }

        return ref MemoryMarshal.GetReference(buffer.AsSpan());
    }
}
