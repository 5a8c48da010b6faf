using System.Numerics;
using System.Runtime.CompilerServices;

namespace StaticNet.Kernels;

/// <summary>
/// The register-blocked inner loops of <see cref="Gemm"/>, written once for every vector width
/// (<c>TOps</c>) and tile height (<c>TRows</c>). Each keeps a tile of C in registers over
/// the whole inner dimension and touches C only once at the end, so the loop body is nothing but loads
/// and fused multiply-adds.
/// </summary>
/// <remarks>
/// Register budget (16 vector registers with AVX2, 32 with AVX-512): the outer-product tile holds
/// 6 rows × 2 vectors = 12 accumulators, plus 2 vectors of B and 1 broadcast of A: 15. Twelve independent
/// accumulators also hide the FMA latency (about 4 cycles × 2 FMA pipes = 8 chains in flight on Zen 4/5
/// and recent Intel cores). This is MLAS's FMA3 SGEMM tile (6 rows × 16 floats); MLAS's AVX-512 kernel
/// goes to 12 rows, which pays mostly for large matrices: at the heights of these networks
/// (batch ≤ 32, 6 or 16 channels) a 6-row tile already keeps both FMA pipes busy.
/// </remarks>
internal static class GemmMicroKernels
{
    /// <summary>The outer-product tile's height: rows of C per tile.</summary>
    public const int TileRows = 6;

    /// <summary>The outer-product tile's width, in vectors.</summary>
    public const int TileVectors = 2;

    /// <summary>The width of <see cref="RowStrip"/>, in vectors.</summary>
    public const int StripVectors = 4;

    /// <summary>
    /// <c>C[rows × 2 vectors] (+)= Ã·B̃</c> over <paramref name="depth"/> steps, where
    /// <c>Ã(r, p) = a[r·aRowStride + p·aStep]</c> and <c>B̃(p, j) = b[p·bStep + j]</c>: each step broadcasts
    /// one element of A per row against two vectors of one row of B (a rank-1 update of the tile).
    /// </summary>
    /// <param name="a">Ã(0, 0).</param>
    /// <param name="aRowStride">Elements between rows of Ã: <c>k</c> for a row-major A, 1 for Aᵀ.</param>
    /// <param name="aStep">Elements between columns of Ã: 1 for a row-major A, <c>m</c> for Aᵀ.</param>
    /// <param name="b">B̃(0, 0): a packed panel or a row of B itself.</param>
    /// <param name="bStep">Elements between rows of B̃: the panel width when packed, <c>n</c> when read in place.</param>
    /// <param name="depth">Steps of the inner dimension.</param>
    /// <param name="c">C(0, 0) of the tile.</param>
    /// <param name="cRowStride">Elements between rows of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void OuterTile<T, TVector, TOps, TRows>(
        ref T a, nint aRowStride, nint aStep, ref T b, nint bStep, int depth, ref T c, nint cRowStride, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
        where TRows : struct, IConstant
    {
        nint width = TOps.Count;
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;

        // Rows 3 to 5 from a second base, as MLAS does: every row is then a base plus 0, 1 or 2 strides,
        // which x86 addressing does in the load itself ([base + stride·4], [base + stride·8] for floats),
        // so the loop has no address arithmetic besides the two bases and B moving on.
        ref T a3 = ref Unsafe.Add(ref a, 3 * aRowStride);
        nint twoRows = 2 * aRowStride;
        for (int p = 0; p < depth; p++)
        {
            TVector b0 = TOps.Load(ref b);
            TVector b1 = TOps.Load(ref Unsafe.Add(ref b, width));
            TVector s = TOps.Broadcast(a);
            c00 = TOps.MultiplyAdd(s, b0, c00);
            c01 = TOps.MultiplyAdd(s, b1, c01);
            if (TRows.Value > 1)
            {
                s = TOps.Broadcast(Unsafe.Add(ref a, aRowStride));
                c10 = TOps.MultiplyAdd(s, b0, c10);
                c11 = TOps.MultiplyAdd(s, b1, c11);
            }

            if (TRows.Value > 2)
            {
                s = TOps.Broadcast(Unsafe.Add(ref a, twoRows));
                c20 = TOps.MultiplyAdd(s, b0, c20);
                c21 = TOps.MultiplyAdd(s, b1, c21);
            }

            if (TRows.Value > 3)
            {
                s = TOps.Broadcast(a3);
                c30 = TOps.MultiplyAdd(s, b0, c30);
                c31 = TOps.MultiplyAdd(s, b1, c31);
            }

            if (TRows.Value > 4)
            {
                s = TOps.Broadcast(Unsafe.Add(ref a3, aRowStride));
                c40 = TOps.MultiplyAdd(s, b0, c40);
                c41 = TOps.MultiplyAdd(s, b1, c41);
            }

            if (TRows.Value > 5)
            {
                s = TOps.Broadcast(Unsafe.Add(ref a3, twoRows));
                c50 = TOps.MultiplyAdd(s, b0, c50);
                c51 = TOps.MultiplyAdd(s, b1, c51);
            }

            a = ref Unsafe.Add(ref a, aStep);
            if (TRows.Value > 3)
            {
                a3 = ref Unsafe.Add(ref a3, aStep);
            }

            b = ref Unsafe.Add(ref b, bStep);
        }

        StorePair<T, TVector, TOps>(c00, c01, ref c, accumulate);
        if (TRows.Value > 1)
        {
            StorePair<T, TVector, TOps>(c10, c11, ref Unsafe.Add(ref c, cRowStride), accumulate);
        }

        if (TRows.Value > 2)
        {
            StorePair<T, TVector, TOps>(c20, c21, ref Unsafe.Add(ref c, 2 * cRowStride), accumulate);
        }

        if (TRows.Value > 3)
        {
            StorePair<T, TVector, TOps>(c30, c31, ref Unsafe.Add(ref c, 3 * cRowStride), accumulate);
        }

        if (TRows.Value > 4)
        {
            StorePair<T, TVector, TOps>(c40, c41, ref Unsafe.Add(ref c, 4 * cRowStride), accumulate);
        }

        if (TRows.Value > 5)
        {
            StorePair<T, TVector, TOps>(c50, c51, ref Unsafe.Add(ref c, 5 * cRowStride), accumulate);
        }
    }

    /// <summary>
    /// A vector-matrix product, the batch-of-one case of the outer-product tile: <c>c[TVectors vectors] (+)=
    /// Σ_p a[p·aStep]·B(p, ·)</c>, B's rows <paramref name="bStride"/> apart. One row has no reuse of B to
    /// block for, so B streams through once; even and odd steps of p go to separate accumulators, up to 8
    /// in all, so the multiply-adds are not serialized on the FMA latency.
    /// </summary>
    /// <param name="a">Ã(0, 0).</param>
    /// <param name="aStep">Elements between consecutive values of the row of Ã.</param>
    /// <param name="b">B(0, 0) of the strip.</param>
    /// <param name="bStride">Elements between rows of B.</param>
    /// <param name="depth">Steps of the inner dimension.</param>
    /// <param name="c">The strip of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void RowStrip<T, TVector, TOps, TVectors>(ref T a, nint aStep, ref T b, nint bStride, int depth, ref T c, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
        where TVectors : struct, IConstant
    {
        nint w = TOps.Count;
        TVector c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        TVector d0 = TOps.Zero, d1 = TOps.Zero, d2 = TOps.Zero, d3 = TOps.Zero;
        int p = 0;
        for (; p + 2 <= depth; p += 2)
        {
            StripStep<T, TVector, TOps, TVectors>(TOps.Broadcast(a), ref b, w, ref c0, ref c1, ref c2, ref c3);
            StripStep<T, TVector, TOps, TVectors>(TOps.Broadcast(Unsafe.Add(ref a, aStep)), ref Unsafe.Add(ref b, bStride), w, ref d0, ref d1, ref d2, ref d3);
            a = ref Unsafe.Add(ref a, 2 * aStep);
            b = ref Unsafe.Add(ref b, 2 * bStride);
        }

        if (p < depth)
        {
            StripStep<T, TVector, TOps, TVectors>(TOps.Broadcast(a), ref b, w, ref c0, ref c1, ref c2, ref c3);
        }

        Store<T, TVector, TOps>(TOps.Add(c0, d0), ref c, accumulate);
        if (TVectors.Value > 1)
        {
            Store<T, TVector, TOps>(TOps.Add(c1, d1), ref Unsafe.Add(ref c, w), accumulate);
        }

        if (TVectors.Value > 2)
        {
            Store<T, TVector, TOps>(TOps.Add(c2, d2), ref Unsafe.Add(ref c, 2 * w), accumulate);
        }

        if (TVectors.Value > 3)
        {
            Store<T, TVector, TOps>(TOps.Add(c3, d3), ref Unsafe.Add(ref c, 3 * w), accumulate);
        }
    }

    /// <summary>
    /// The dot-product tile for <c>A·Bᵀ</c>: <c>C[rows × columns] (+)=</c> the dot products of
    /// <c>TRows</c> (≤ 3) rows of A with <c>TColumns</c> (≤ 4) rows of B, all <paramref name="depth"/> long and
    /// contiguous, a vector at a time; each accumulator is summed across its lanes once at the end. The last
    /// vector ends at <paramref name="depth"/> and overlaps the one before; its lanes already counted are
    /// zeroed in A. Needs <c>depth ≥ TOps.Count</c>.
    /// </summary>
    /// <param name="a">Row 0 of the A block; rows are <paramref name="depth"/> apart.</param>
    /// <param name="b">Row 0 of the B block; rows are <paramref name="depth"/> apart.</param>
    /// <param name="depth">The inner dimension <c>k</c>.</param>
    /// <param name="c">C(0, 0) of the tile.</param>
    /// <param name="cRowStride">Elements between rows of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <remarks>
    /// 3 × 4 = 12 accumulators, 3 vectors of A and one of B: 16 registers, AVX2's whole file; 7 loads per
    /// 12 multiply-adds. Both operands are read where they lie, so <c>A·Bᵀ</c> needs no packing: with
    /// the inner dimension contiguous in A and in B, the rows themselves are the panels.
    /// </remarks>
    public static void DotTile<T, TVector, TOps, TRows, TColumns>(ref T a, ref T b, int depth, ref T c, nint cRowStride, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
        where TRows : struct, IConstant
        where TColumns : struct, IConstant
    {
        nint width = TOps.Count, k = depth;
        ref T a1 = ref Unsafe.Add(ref a, k), a2 = ref Unsafe.Add(ref a, 2 * k);
        ref T b1 = ref Unsafe.Add(ref b, k), b2 = ref Unsafe.Add(ref b, 2 * k), b3 = ref Unsafe.Add(ref b, 3 * k);
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        nint p = 0;
        for (; p <= k - width; p += width)
        {
            TVector x0 = TOps.Load(ref Unsafe.Add(ref a, p));
            TVector x1 = TRows.Value > 1 ? TOps.Load(ref Unsafe.Add(ref a1, p)) : default;
            TVector x2 = TRows.Value > 2 ? TOps.Load(ref Unsafe.Add(ref a2, p)) : default;
            DotColumn<T, TVector, TOps, TRows>(x0, x1, x2, ref Unsafe.Add(ref b, p), ref c00, ref c10, ref c20);
            if (TColumns.Value > 1)
            {
                DotColumn<T, TVector, TOps, TRows>(x0, x1, x2, ref Unsafe.Add(ref b1, p), ref c01, ref c11, ref c21);
            }

            if (TColumns.Value > 2)
            {
                DotColumn<T, TVector, TOps, TRows>(x0, x1, x2, ref Unsafe.Add(ref b2, p), ref c02, ref c12, ref c22);
            }

            if (TColumns.Value > 3)
            {
                DotColumn<T, TVector, TOps, TRows>(x0, x1, x2, ref Unsafe.Add(ref b3, p), ref c03, ref c13, ref c23);
            }
        }

        if (p < k)
        {
            // The tail: one more vector, ending at k; its first lanes were counted above, so they are zeroed in A.
            nint at = k - width;
            int overlap = (int)(p - at);
            TVector x0 = TOps.ZeroBelow(TOps.Load(ref Unsafe.Add(ref a, at)), overlap);
            TVector x1 = TRows.Value > 1 ? TOps.ZeroBelow(TOps.Load(ref Unsafe.Add(ref a1, at)), overlap) : default;
            TVector x2 = TRows.Value > 2 ? TOps.ZeroBelow(TOps.Load(ref Unsafe.Add(ref a2, at)), overlap) : default;
            DotColumn<T, TVector, TOps, TRows>(x0, x1, x2, ref Unsafe.Add(ref b, at), ref c00, ref c10, ref c20);
            if (TColumns.Value > 1)
            {
                DotColumn<T, TVector, TOps, TRows>(x0, x1, x2, ref Unsafe.Add(ref b1, at), ref c01, ref c11, ref c21);
            }

            if (TColumns.Value > 2)
            {
                DotColumn<T, TVector, TOps, TRows>(x0, x1, x2, ref Unsafe.Add(ref b2, at), ref c02, ref c12, ref c22);
            }

            if (TColumns.Value > 3)
            {
                DotColumn<T, TVector, TOps, TRows>(x0, x1, x2, ref Unsafe.Add(ref b3, at), ref c03, ref c13, ref c23);
            }
        }

        StoreSums<T, TVector, TOps, TColumns>(c00, c01, c02, c03, ref c, accumulate);
        if (TRows.Value > 1)
        {
            StoreSums<T, TVector, TOps, TColumns>(c10, c11, c12, c13, ref Unsafe.Add(ref c, cRowStride), accumulate);
        }

        if (TRows.Value > 2)
        {
            StoreSums<T, TVector, TOps, TColumns>(c20, c21, c22, c23, ref Unsafe.Add(ref c, 2 * cRowStride), accumulate);
        }
    }

    /// <summary>One step of <see cref="RowStrip"/>: one broadcast element of A against up to 4 vectors of a row of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StripStep<T, TVector, TOps, TVectors>(TVector s, ref T b, nint w, ref TVector c0, ref TVector c1, ref TVector c2, ref TVector c3)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
        where TVectors : struct, IConstant
    {
        c0 = TOps.MultiplyAdd(s, TOps.Load(ref b), c0);
        if (TVectors.Value > 1)
        {
            c1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref b, w)), c1);
        }

        if (TVectors.Value > 2)
        {
            c2 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref b, 2 * w)), c2);
        }

        if (TVectors.Value > 3)
        {
            c3 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref b, 3 * w)), c3);
        }
    }

    /// <summary>One column of a dot-product step: a vector of one row of B against the vectors of up to 3 rows of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotColumn<T, TVector, TOps, TRows>(TVector x0, TVector x1, TVector x2, ref T b, ref TVector c0, ref TVector c1, ref TVector c2)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
        where TRows : struct, IConstant
    {
        TVector y = TOps.Load(ref b);
        c0 = TOps.MultiplyAdd(x0, y, c0);
        if (TRows.Value > 1)
        {
            c1 = TOps.MultiplyAdd(x1, y, c1);
        }

        if (TRows.Value > 2)
        {
            c2 = TOps.MultiplyAdd(x2, y, c2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair<T, TVector, TOps>(TVector low, TVector high, ref T c, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
    {
        Store<T, TVector, TOps>(low, ref c, accumulate);
        Store<T, TVector, TOps>(high, ref Unsafe.Add(ref c, TOps.Count), accumulate);
    }

    /// <summary>One vector of C: <paramref name="value"/>, or <paramref name="value"/> + C when accumulating.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store<T, TVector, TOps>(TVector value, ref T c, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
    {
        if (accumulate)
        {
            value = TOps.Add(value, TOps.Load(ref c));
        }

        TOps.Store(value, ref c);
    }

    /// <summary>One row of a dot-product tile: each accumulator's lane sum into its entry of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSums<T, TVector, TOps, TColumns>(TVector s0, TVector s1, TVector s2, TVector s3, ref T c, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
        where TColumns : struct, IConstant
    {
        if (TColumns.Value == 4)
        {
            TOps.StoreSums(s0, s1, s2, s3, ref c, accumulate);
            return;
        }

        c = accumulate ? c + TOps.Sum(s0) : TOps.Sum(s0);
        if (TColumns.Value > 1)
        {
            ref T c1 = ref Unsafe.Add(ref c, 1);
            c1 = accumulate ? c1 + TOps.Sum(s1) : TOps.Sum(s1);
        }

        if (TColumns.Value > 2)
        {
            ref T c2 = ref Unsafe.Add(ref c, 2);
            c2 = accumulate ? c2 + TOps.Sum(s2) : TOps.Sum(s2);
        }

        if (TColumns.Value > 3)
        {
            ref T c3 = ref Unsafe.Add(ref c, 3);
            c3 = accumulate ? c3 + TOps.Sum(s3) : TOps.Sum(s3);
        }
    }
}
