using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace StaticNet.Kernels;

/// <summary>
/// The loops around the micro-kernels (<see cref="GemmMicroKernels"/>) for one vector width: which tile
/// covers which part of C, which panels are packed, how the inner dimension is blocked.
/// </summary>
/// <remarks>
/// <para>
/// <c>A·B</c> and <c>Aᵀ·B</c> run the outer-product tile in BLIS's loop order, of which sizes like these
/// need only the inner three loops: for each block of <see cref="DepthBlock"/> steps of k, for each panel
/// of B two vectors wide (packed, <see cref="GemmPacking"/>), for each block of up to 6 rows of C, one
/// tile. The panel (16 KiB for AVX2 floats) stays in L1 while every row block reads it; A is read in place
/// (a row block's slice is 6 × 256 elements), which is MLAS's choice as well. Row blocks are balanced
/// (32 rows run as 6, 6, 5, 5, 5, 5 rather than 6 × 5 + 2) so no tile has too few accumulators to hide
/// the FMA latency. A single row of C (a batch of one) is a vector-matrix product instead:
/// <see cref="GemmMicroKernels.RowStrip"/> streams B once with 8 accumulators.
/// </para>
/// <para>
/// A batch against a weight matrix (the dense layers' <c>X·Wᵀ</c> forward and <c>dY·W</c> backward, at
/// batch 16 or more with AVX2 floats) runs swapped, as <c>Cᵀ = W̃·Xᵀ</c> (<see cref="Swapped(ref T, ref T, nint, nint, ref T, nint, int, int, int, bool)"/>): the
/// batch's rows are transposed into the packed panels, so the batch runs along the vector, and the
/// weights are broadcast in place, never copied. That copies <c>m·(k + n)</c> elements (the batch in,
/// the result out) where packing the weights copies <c>k·n</c>, and it replaces <c>A·Bᵀ</c>'s dot-product
/// tile, which needs a horizontal sum per output, with the outer-product tile. Measured on an AVX2 Zen 3
/// (<c>Samples/KernelBench</c>), deep-tanh's 32 × 256 × 256 forward product went from 55–60 % to 65–90 %
/// of peak (the range is the shared host's noise).
/// </para>
/// <para>
/// Otherwise <c>A·Bᵀ</c> runs the dot-product tile on rows read in place: k is contiguous in both operands,
/// so the rows are already panels. Packing Bᵀ (the weights) into outer-product panels instead was
/// measured: the transposing copy costs about an eighth of the product at batch 32 and the faster tile did
/// not earn it back.
/// </para>
/// </remarks>
internal static class GemmBlocked<T, TVector, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVector : struct
    where TOps : struct, IVectorOps<TVector, T>
{
    /// <summary>KC: steps of the inner dimension per packed panel, so a panel fits L1 with room for A and C.</summary>
    public const int DepthBlock = 256;

    private const int TileRows = GemmMicroKernels.TileRows;

    /// <summary>
    /// Where a dense layer's products are cut into bands of units (split across <see cref="ProductThreads"/>): at
    /// multiples of 8. For the swapped products these are the transposing store's 8 × 8 blocks, so no band ends in a
    /// partial block, which the store finishes one batch row at a time (a band of 66 units took longer to store than
    /// the whole product's bias and ReLU as a pass). For the weight gradient it puts the bands' edges where the split
    /// update's parts are (<see cref="ProductThreads.UpdateParameters{T}"/>), so each thread updates the rows it computed.
    /// The kernels balance their tiles within each band, so any cut gives the same values.
    /// </summary>
    private const int StoreBlock = 8;

    /// <summary>NC for <c>A·Bᵀ</c>: bytes of B per block, so the block stays in L2 (Zen 3 has 512 KiB per core, Zen 5 1 MiB).</summary>
    private const int BlockBytes = 128 * 1024;

    /// <summary>Rows of the dot-product tile.</summary>
    private const int DotRows = 3;

    /// <summary>Columns of the dot-product tile.</summary>
    private const int DotColumns = 4;

    /// <summary><see cref="Gemm.MultiplyTransposed{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, bool)"/> at this width, shapes checked and k &gt; 0.</summary>
    public static unsafe void MultiplyTransposed(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
    {
        if (SwapPays(m, n, k, packedElements: 0))
        {
            if (Split(n, (long)m * n * k, StoreBlock) is ( > 1, int rows) split)
            {
                fixed (T* pa = a, pb = b, pc = c)
                {
                    ProductThreads.Current!.Run(&SwappedRowsBand, split.Bands, rows, n, pa, pb, pc, m, n, k, accumulate);
                }

                return;
            }

            // B's rows are Cᵀ's Ã rows, in place: Ã(j, p) = b[j·k + p].
            Swapped(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), k, 1, ref MemoryMarshal.GetReference(c), n, m, n, k, accumulate);
            return;
        }

        if (k < TOps.Count)
        {
            // Shorter than a vector: nothing to block.
            Gemm.PortableDotProducts(a, b, c, m, n, k, accumulate);
            return;
        }

        DotProducts(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), ref MemoryMarshal.GetReference(c), m, n, k, accumulate);
    }

    /// <summary>
    /// <see cref="Gemm.MultiplyTransposed{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, ReadOnlySpan{T}, Activation)"/>
    /// where it runs swapped and the transposing store can take the bias and activation (floats with AVX:
    /// <see cref="GemmTranspose.StoresBiasActivation{T}"/>): on the calling thread alone, or cut across its
    /// <see cref="ProductThreads"/> by units, each band adding its units' bias and applying the activation on its thread.
    /// False, having done nothing, where it does not (the caller then adds and applies them itself).
    /// </summary>
    public static unsafe bool TryMultiplyTransposedBiasActivation(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, ReadOnlySpan<T> bias, Activation activation)
    {
        if (!GemmTranspose.StoresBiasActivation<T>() || !SwapPays(m, n, k, packedElements: 0))
        {
            return false;
        }

        if (Split(n, (long)m * n * k, StoreBlock) is ( > 1, int rows) split)
        {
            // Each thread's band of units takes its bias and activation as it is transposed into C, on that thread.
            fixed (T* pa = a, pb = b, pc = c, pbias = bias)
            {
                ProductThreads.Current!.Run(&SwappedRowsBand, split.Bands, rows, n, pa, pb, pc, m, n, k, accumulate: false, pbias, activation);
            }

            return true;
        }

        Swapped(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), k, 1, ref MemoryMarshal.GetReference(c), n, m, n, k, accumulate: false, bias, activation);
        return true;
    }

    /// <summary><see cref="Gemm.Multiply{T}"/> at this width, shapes checked and k &gt; 0.</summary>
    public static unsafe void Multiply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
    {
        bool swap = SwapPays(m, n, k, packedElements: (long)k * n);
        if (Split(swap ? n : m, (long)m * n * k, swap ? StoreBlock : TileRows) is ( > 1, int rows) split)
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                ProductThreads.Current!.Run(swap ? &SwappedColumnsBand : &BroadcastRowsBand, split.Bands, rows, swap ? n : m, pa, pb, pc, m, n, k, accumulate);
            }

            return;
        }

        if (swap)
        {
            // B's columns are Cᵀ's Ã rows, in place: Ã(j, p) = b[p·n + j].
            Swapped(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), 1, n, ref MemoryMarshal.GetReference(c), n, m, n, k, accumulate);
            return;
        }

        Broadcast(ref MemoryMarshal.GetReference(a), k, 1, ref MemoryMarshal.GetReference(b), n, ref MemoryMarshal.GetReference(c), n, m, n, k, accumulate);
    }

    /// <summary><see cref="Gemm.TransposedMultiply{T}"/> at this width, shapes checked and k &gt; 0.</summary>
    public static unsafe void TransposedMultiply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
    {
        if (Split(m, (long)m * n * k, StoreBlock) is ( > 1, int rows) split)
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                ProductThreads.Current!.Run(&TransposedRowsBand, split.Bands, rows, m, pa, pb, pc, m, n, k, accumulate);
            }

            return;
        }

        Broadcast(ref MemoryMarshal.GetReference(a), 1, m, ref MemoryMarshal.GetReference(b), n, ref MemoryMarshal.GetReference(c), n, m, n, k, accumulate);
    }

    /// <summary>A packed panel's width, the outer tile's columns: two vectors (batch rows in the swapped products).</summary>
    private static int PanelWidth => GemmMicroKernels.TileVectors * TOps.Count;

    /// <summary>
    /// The panels of B from which a band of a split weight-gradient product (<see cref="Gemm.TransposedMultiply{T}"/>)
    /// copies its columns of A before the product instead of reading them in place: 16. Measured on a Zen 4 (two
    /// threads, the values the same either way): mlp's first layer (128 × 784 from a batch of 32, 25 panels of 32
    /// columns) took 31 µs in the calling thread's band against 37 while the other band read its columns in place, and
    /// the two-thread step 2–4 µs less; deep-tanh's 256 × 256 products (8 panels) took about 0.8 µs more each with
    /// the copy, which then pays for pulling the columns from the other core before the product can start.
    /// </summary>
    private const int CopiedBandPanels = 16;

    /// <summary>
    /// The most bytes of A a band copies (<see cref="CopiedBandPanels"/>): 256 KiB, what stays in a core's L2. A dense
    /// layer's band is a batch of rows of its units (8 KiB for mlp's); a longer A is read in place rather than copied
    /// into a scratch buffer as large.
    /// </summary>
    private const int CopiedBandBytes = 256 * 1024;

    /// <summary>
    /// How the calling thread's <see cref="ProductThreads"/> cut a product of <paramref name="multiplyAdds"/> along a
    /// dimension of <paramref name="length"/>: the number of bands (1: not at all) and their length, a multiple of
    /// <paramref name="granularity"/> (the last band takes the rest, at least one unit).
    /// </summary>
    private static (int Bands, int Rows) Split(int length, long multiplyAdds, int granularity)
    {
        if (ProductThreads.Current is not { } threads)
        {
            return (1, length);
        }

        int bands = threads.Bands(length, multiplyAdds, granularity);
        if (bands < 2)
        {
            return (1, length);
        }

        int units = length / granularity;
        int perBand = (units + bands - 1) / bands;
        return ((units + perBand - 1) / perBand, perBand * granularity);
    }

    // The bands of a split product (see ProductThreads). The swapped products are cut along the weights (columns
    // [start, start + count) of C), so each thread reads its share of them; the others along the rows of C.
    private static unsafe void SwappedRowsBand(ProductThreads p, int band)
    {
        // W̃'s rows are B's rows, k apart; a dense layer's band takes its units' bias and the activation.
        (int start, int count) = p.Band(band);
        ReadOnlySpan<T> bias = p.Bias == 0 ? default : new((T*)p.Bias + start, count);
        Swapped(ref Unsafe.AsRef<T>((void*)p.A), ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)p.B), (nint)start * p.K), p.K, 1, ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)p.C), start), p.N, p.M, count, p.K, p.Accumulate, bias, p.Activation);
    }

    private static unsafe void SwappedColumnsBand(ProductThreads p, int band)
    {
        // W̃'s rows are B's columns, next to each other.
        (int start, int count) = p.Band(band);
        Swapped(ref Unsafe.AsRef<T>((void*)p.A), ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)p.B), start), 1, p.N, ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)p.C), start), p.N, p.M, count, p.K, p.Accumulate);
    }

    private static unsafe void BroadcastRowsBand(ProductThreads p, int band)
    {
        (int start, int rows) = p.Band(band);
        Broadcast(ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)p.A), (nint)start * p.K), p.K, 1, ref Unsafe.AsRef<T>((void*)p.B), p.N, ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)p.C), (nint)start * p.N), p.N, rows, p.N, p.K, p.Accumulate);
    }

    private static unsafe void TransposedRowsBand(ProductThreads p, int band)
    {
        // Aᵀ's rows are A's columns: a band takes columns [start, start + rows) of A's K rows, which stay M apart.
        (int start, int rows) = p.Band(band);
        ref T column = ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)p.A), start);
        ref T c = ref Unsafe.Add(ref Unsafe.AsRef<T>((void*)p.C), (nint)start * p.N);
        if (p.N < CopiedBandPanels * PanelWidth || (long)p.K * rows * Unsafe.SizeOf<T>() > CopiedBandBytes)
        {
            Broadcast(ref column, 1, p.M, ref Unsafe.AsRef<T>((void*)p.B), p.N, ref c, p.N, rows, p.N, p.K, p.Accumulate);
            return;
        }

        // The tiles read the band's columns of A again for every panel of B. A is a dense layer's ∂L/∂z, just written by
        // the calling thread, and a band on another core reading it in place that often slowed the calling thread's own
        // band (see CopiedBandPanels); so the band copies its columns into its scratch first (rows apart) and reads
        // them there. The values are the same: only where the tiles read A changes.
        ref T a = ref GemmScratch<T>.GetBand(p.K * rows);
        CopyTile(ref column, p.M, ref a, rows, p.K, rows, accumulate: false);

        // The first band writes each panel's rows of C bottom to top. Top to bottom, the core's prefetcher follows the rows'
        // stride past the band's last row into the next band's rows of C, which the other core writes, and each such
        // line changes cores twice a step. Measured on a Zen 4 (mlp's first layer, two bands of 64 rows of 784): the
        // second band took 33.6 µs against the first's 31.3 with both top to bottom, 31.5 against 31.2 with the first
        // bottom to top. Both bottom to top moved the loss to the first band; the second alone bottom to top slowed both.
        // deep-tanh's narrower products, which read A in place, gained nothing from it and keep the one order.
        Broadcast(ref a, 1, rows, ref Unsafe.AsRef<T>((void*)p.B), p.N, ref c, p.N, rows, p.N, p.K, p.Accumulate, lastRowsFirst: band == 0);
    }

    /// <summary>
    /// <c>C[m×n] (+)= Ã·B</c> with <c>Ã(i, p) = a[i·aRowStride + p·aStep]</c> (row-major A for
    /// <see cref="Gemm.Multiply{T}"/>, Aᵀ for <see cref="Gemm.TransposedMultiply{T}"/>), B row-major with
    /// rows <paramref name="bStride"/> apart, C row-major with rows <paramref name="cStride"/> apart. Each panel of B
    /// goes through the row blocks top to bottom, or bottom to top when <paramref name="lastRowsFirst"/> (the first
    /// band of a split weight gradient: see <see cref="TransposedRowsBand"/>); every tile is the same either way.
    /// </summary>
    private static void Broadcast(ref T a, nint aRowStride, nint aStep, ref T b, nint bStride, ref T c, nint cStride, int m, int n, int k, bool accumulate, bool lastRowsFirst = false)
    {
        if (k == 1)
        {
            OuterProduct(ref a, aRowStride, ref b, ref c, cStride, m, n, accumulate);
            return;
        }

        if (m == 1)
        {
            RowTimesMatrix(ref a, aStep, ref b, bStride, ref c, n, k, accumulate);
            return;
        }

        int panelWidth = PanelWidth;
        int rowBlocks = (m + TileRows - 1) / TileRows;
        (int blockRows, int longerBlocks) = Math.DivRem(m, rowBlocks);

        // A panel read by one row block only (m ≤ 6) is not worth copying; edge panels narrower than a tile
        // are always packed, zero-padded, so the tile never reads past the end of B.
        bool packFullPanels = rowBlocks > 1;
        ref T panel = ref GemmScratch<T>.Get((DepthBlock + TileRows) * panelWidth);
        ref T edgeTile = ref Unsafe.Add(ref panel, DepthBlock * panelWidth);
        for (int p0 = 0; p0 < k; p0 += DepthBlock)
        {
            int depth = Math.Min(DepthBlock, k - p0);
            bool add = accumulate || p0 > 0;
            ref T aSlice = ref Unsafe.Add(ref a, p0 * aStep);
            for (int j0 = 0; j0 < n; j0 += panelWidth)
            {
                int columns = Math.Min(panelWidth, n - j0);
                ref T bPanel = ref Unsafe.Add(ref b, (p0 * bStride) + j0);
                nint bStep = bStride;
                if (columns < panelWidth || packFullPanels)
                {
                    GemmPacking.PackRows<T, TVector, TOps>(ref bPanel, bStride, depth, columns, panelWidth, ref panel);
                    bPanel = ref panel;
                    bStep = panelWidth;
                }

                for (int step = 0; step < rowBlocks; step++)
                {
                    int block = lastRowsFirst ? rowBlocks - 1 - step : step;
                    int rows = BlockRows(block, blockRows, longerBlocks);
                    int i0 = (block * blockRows) + Math.Min(block, longerBlocks); // the longer blocks come first
                    ref T aBlock = ref Unsafe.Add(ref aSlice, i0 * aRowStride);
                    ref T cBlock = ref Unsafe.Add(ref c, (i0 * cStride) + j0);
                    if (columns == panelWidth)
                    {
                        OuterTile(rows, ref aBlock, aRowStride, aStep, ref bPanel, bStep, depth, ref cBlock, cStride, add);
                    }
                    else
                    {
                        // The right edge: the tile goes to a scratch tile, then its valid columns to C.
                        OuterTile(rows, ref aBlock, aRowStride, aStep, ref bPanel, bStep, depth, ref edgeTile, panelWidth, accumulate: false);
                        CopyTile(ref edgeTile, panelWidth, ref cBlock, cStride, rows, columns, add);
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>C[m×n] (+)= Ã·B</c> for an inner dimension of 1, an outer product (a dense layer's weight gradient at batch 1):
    /// each row of C is one element of A times the row of B, computed and stored two vectors at a time. The tiles would
    /// pack B and set up twelve accumulators for a single step each; this is bound by its stores alone (a 128 × 784
    /// product took 9.7 µs as tiles). The values are the tiles' bit for bit: <c>a·b + 0</c> as one multiply-add, then
    /// added to C when accumulating; the last few columns go through one vector ending at column n, as the tiles'
    /// right edge does, and a B narrower than a vector is copied into one, zero-padded. Every product of an inner
    /// dimension of 1 comes here, whatever its shape (a single row too), so each entry of C is the same one vector
    /// operation on <c>aᵢ</c> and <c>bⱼ</c> however the product is cut: the batch-1 weight update computes its
    /// gradient in blocks of rows and parts of rows (<see cref="StaticNet.Optimizers.GradientBlocks{T}"/>) and must
    /// match the whole product that <c>ComputeGradients</c> stores, down to the sign of a zero.
    /// </summary>
    private static void OuterProduct(ref T a, nint aRowStride, ref T b, ref T c, nint cStride, int m, int n, bool accumulate)
    {
        nint width = TOps.Count, columns = n;
        nint whole = columns - (columns % width);
        ref T scratch = ref GemmScratch<T>.Get(2 * (int)width);
        if (columns < width)
        {
            ref T padded = ref Unsafe.Add(ref scratch, width);
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<T, byte>(ref padded), ref Unsafe.As<T, byte>(ref b), (uint)(n * Unsafe.SizeOf<T>()));
            Unsafe.InitBlockUnaligned(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref padded, n)), 0, (uint)((width - n) * Unsafe.SizeOf<T>()));
            TVector row = TOps.Load(ref padded);
            for (int i = 0; i < m; i++)
            {
                TOps.Store(TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, i * aRowStride)), row, TOps.Zero), ref scratch);
                CopyTile(ref scratch, 0, ref Unsafe.Add(ref c, i * cStride), 0, 1, n, accumulate);
            }

            return;
        }

        for (int i = 0; i < m; i++)
        {
            TVector s = TOps.Broadcast(Unsafe.Add(ref a, i * aRowStride));
            ref T row = ref Unsafe.Add(ref c, i * cStride);
            nint j = 0;
            for (; j + (2 * width) <= whole; j += 2 * width)
            {
                TVector p0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref b, j)), TOps.Zero);
                TVector p1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref b, j + width)), TOps.Zero);
                GemmMicroKernels.Store<T, TVector, TOps>(p0, ref Unsafe.Add(ref row, j), accumulate);
                GemmMicroKernels.Store<T, TVector, TOps>(p1, ref Unsafe.Add(ref row, j + width), accumulate);
            }

            if (j < whole)
            {
                GemmMicroKernels.Store<T, TVector, TOps>(TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref b, j)), TOps.Zero), ref Unsafe.Add(ref row, j), accumulate);
            }

            if (whole < columns)
            {
                TOps.Store(TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref b, columns - width)), TOps.Zero), ref scratch);
                CopyTile(ref Unsafe.Add(ref scratch, width - (columns - whole)), 0, ref Unsafe.Add(ref row, whole), 0, 1, (int)(columns - whole), accumulate);
            }
        }
    }

    /// <summary>
    /// Whether <c>C = A·B̃</c> (A row-major, m rows of k) runs faster as <c>Cᵀ = B̃ᵀ·Aᵀ</c>: the batch's rows
    /// of A become the packed panels, so the other operand (the weights) is read in place. It needs a
    /// batch at least one panel wide (16 rows with AVX2 floats) and at least one full tile of the other
    /// operand, and must copy less than the ordinary way does: A in, C out, against
    /// <paramref name="packedElements"/> (B's panels for <c>A·B</c>; none for <c>A·Bᵀ</c>, whose dot-product
    /// tile reads both in place but needs a horizontal sum per output).
    /// </summary>
    internal static bool SwapPays(int m, int n, int k, long packedElements)
    {
        return m >= PanelWidth && n >= 4 * TileRows && (packedElements == 0 || (long)m * (k + n) < packedElements);
    }

    /// <summary>
    /// <c>C[m×n] (+)= A·W̃ᵀ</c> (C's rows <paramref name="cStride"/> apart), A row-major (<paramref name="m"/> rows of <paramref name="k"/>) and
    /// <c>W̃(j, p) = w[j·wRowStride + p·wStep]</c> (<paramref name="n"/> × <paramref name="k"/>), computed
    /// as <c>Cᵀ = W̃·Aᵀ</c> with the outer-product tile: for each depth block, A's rows are transposed into
    /// panels (batch along the vector), every 6 rows of W̃ are broadcast against them in place, and Cᵀ
    /// collects in scratch; at the end it is transposed into C. The copies are <c>m·(k + n)</c> elements,
    /// which next to the product's <c>m·n·k</c> is small for a batch against a weight matrix.
    /// </summary>
    private static void Swapped(ref T a, ref T w, nint wRowStride, nint wStep, ref T c, nint cStride, int m, int n, int k, bool accumulate)
        => Swapped(ref a, ref w, wRowStride, wStep, ref c, cStride, m, n, k, accumulate, bias: default, Activation.Identity);

    /// <summary>The swapped product, with <c>bias</c> (n values, or empty for none) and <c>activation</c> applied as Cᵀ is transposed into C.</summary>
    private static void Swapped(ref T a, ref T w, nint wRowStride, nint wStep, ref T c, nint cStride, int m, int n, int k, bool accumulate, ReadOnlySpan<T> bias, Activation activation)
        => Swapped(ref a, 0, ref w, wRowStride, wStep, ref c, cStride, 0, m, n, k, accumulate, bias, activation);

    /// <summary>
    /// A dense layer's forward pass swapped, with either side in the transposed layout of a run of dense layers
    /// (<see cref="Gemm.MultiplyTransposedChained{T}"/>): A given as Aᵀ (<paramref name="aTransposedStride"/> elements
    /// between its rows; 0 for a row-major A), so its rows are the panels, read in place; and Cᵀ kept as it is computed
    /// (<paramref name="cTransposedStride"/> apart; 0 to transpose it into a row-major C), with the bias added to each of
    /// its rows and the activation applied over them. The arithmetic is the same either way.
    /// </summary>
    internal static void Chained(ref T a, nint aTransposedStride, ref T w, ref T c, nint cTransposedStride, int m, int n, int k, ReadOnlySpan<T> bias, Activation activation)
        => Swapped(ref a, aTransposedStride, ref w, k, 1, ref c, n, cTransposedStride, m, n, k, accumulate: false, bias, activation);

    /// <summary>Whether a dense layer's forward product of this shape runs swapped on the calling thread alone at this width, bias and activation included.</summary>
    internal static bool RunsSwappedAlone(int m, int n, int k) =>
        GemmTranspose.StoresBiasActivation<T>() && SwapPays(m, n, k, packedElements: 0) && Split(n, (long)m * n * k, StoreBlock).Bands == 1;

    private static void Swapped(ref T a, nint aTransposedStride, ref T w, nint wRowStride, nint wStep, ref T c, nint cStride, nint cTransposedStride, int m, int n, int k, bool accumulate, ReadOnlySpan<T> bias, Activation activation)
    {
        int panelWidth = PanelWidth;
        int panels = (m + panelWidth - 1) / panelWidth;
        nint transposedStride = cTransposedStride > 0 ? cTransposedStride : panels * panelWidth;
        int rowBlocks = (n + TileRows - 1) / TileRows;
        (int blockRows, int longerBlocks) = Math.DivRem(n, rowBlocks);
        ref T panel = ref GemmScratch<T>.Get((DepthBlock * panelWidth) + (cTransposedStride > 0 ? 0 : (int)(n * transposedStride)));
        ref T transposed = ref cTransposedStride > 0 ? ref c : ref Unsafe.Add(ref panel, DepthBlock * panelWidth);
        for (int p0 = 0; p0 < k; p0 += DepthBlock)
        {
            int depth = Math.Min(DepthBlock, k - p0);
            ref T wSlice = ref Unsafe.Add(ref w, p0 * wStep);
            for (int i0 = 0; i0 < m; i0 += panelWidth)
            {
                // Aᵀ's rows, or the batch's rows transposed into a panel (zero past the batch).
                if (aTransposedStride == 0)
                {
                    int columns = Math.Min(panelWidth, m - i0);
                    GemmTranspose.Transpose(ref Unsafe.Add(ref a, ((nint)i0 * k) + p0), k, ref panel, panelWidth, columns, depth, accumulate: false);
                    if (columns < panelWidth)
                    {
                        for (int p = 0; p < depth; p++)
                        {
                            for (int t = columns; t < panelWidth; t++)
                            {
                                Unsafe.Add(ref panel, (p * panelWidth) + t) = T.Zero;
                            }
                        }
                    }
                }

                ref T rows = ref aTransposedStride > 0 ? ref Unsafe.Add(ref a, (p0 * aTransposedStride) + i0) : ref panel;
                nint rowStride = aTransposedStride > 0 ? aTransposedStride : panelWidth;
                var next = aTransposedStride == 0 ? new NextDepthBlock(m - i0, k - p0 - depth, rowBlocks) : default;
                for (int block = 0, j0 = 0; block < rowBlocks; block++)
                {
                    next.Prefetch(ref a, ((nint)i0 * k) + p0 + depth, k, block);
                    int tileRows = BlockRows(block, blockRows, longerBlocks);
                    OuterTile(tileRows, ref Unsafe.Add(ref wSlice, j0 * wRowStride), wRowStride, wStep, ref rows, rowStride, depth, ref Unsafe.Add(ref transposed, (j0 * transposedStride) + i0), transposedStride, p0 > 0);
                    j0 += tileRows;
                }
            }
        }

        if (cTransposedStride > 0)
        {
            // Cᵀ stays: each row (one unit over the batch, padding included) takes its bias, then the activation.
            Span<T> all = MemoryMarshal.CreateSpan(ref c, (int)(n * cTransposedStride));
            for (int j = 0; j < n; j++)
            {
                TensorPrimitives.Add(all.Slice((int)(j * cTransposedStride), (int)cTransposedStride), bias[j], all.Slice((int)(j * cTransposedStride), (int)cTransposedStride));
            }

            Activations.ApplyInProduct(all, activation);
        }
        else if (bias.IsEmpty)
        {
            GemmTranspose.Transpose(ref transposed, transposedStride, ref c, cStride, n, m, accumulate);
        }
        else
        {
            GemmTranspose.TransposeBiasActivation(ref Unsafe.As<T, float>(ref transposed), transposedStride, ref Unsafe.As<T, float>(ref c), cStride, n, m, MemoryMarshal.Cast<T, float>(bias), activation);
        }
    }

    /// <summary>
    /// The part of the batch's rows the next depth block of a swapped product transposes, prefetched into L2 a share
    /// before each tile of this block, so that the transposition does not wait on L3 or memory for each line. A batch
    /// that streams in from a pool of training data is not in any core's cache, and every thread of a split product
    /// transposes all of it: on two threads (Zen 4, mlp, each side reading its own copy of the batches) the batch-32 step
    /// went from 90.8 and 92.2 to 87.8 and 89.4 µs at the 10th percentile and median; on one thread it did not move.
    /// </summary>
    private readonly struct NextDepthBlock
    {
        private readonly int _linesPerRow;
        private readonly int _lines;
        private readonly int _perTile;

        /// <summary>Elements per 64-byte cache line.</summary>
        private static int LineElements => 64 / Unsafe.SizeOf<T>();

        /// <param name="batchRows">The batch rows from this panel's first on (the panel takes at most a panel's width).</param>
        /// <param name="depthLeft">Steps of k after this block.</param>
        /// <param name="tiles">The tiles that run over this block, among which the prefetches are shared.</param>
        public NextDepthBlock(int batchRows, int depthLeft, int tiles)
        {
            _linesPerRow = (Math.Min(DepthBlock, depthLeft) + LineElements - 1) / LineElements;
            _lines = Math.Min(batchRows, PanelWidth) * _linesPerRow;
            _perTile = (_lines + tiles - 1) / tiles;
        }

        /// <summary>
        /// Before tile <paramref name="tile"/>: its share of the lines, from element <paramref name="start"/> of the batch
        /// <paramref name="a"/> (the next block's first element of the panel's first row; rows <paramref name="rowStride"/>
        /// apart). After the last block there are no lines, and nothing past the batch's end is addressed.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe void Prefetch(ref T a, nint start, nint rowStride, int tile)
        {
            if (!Sse.IsSupported)
            {
                return;
            }

            for (int line = tile * _perTile, end = Math.Min(_lines, line + _perTile); line < end; line++)
            {
                (int row, int column) = Math.DivRem(line, _linesPerRow);
                Sse.Prefetch1(Unsafe.AsPointer(ref Unsafe.Add(ref a, start + (row * rowStride) + (column * LineElements))));
            }
        }
    }

    /// <summary>
    /// One row of C (a batch of one): strips of 4, 3, 2 or 1 vectors; the last few columns as one vector
    /// ending at column n, computed into scratch and copied, or one by one when n is less than a vector.
    /// </summary>
    private static void RowTimesMatrix(ref T a, nint aStep, ref T b, nint bStride, ref T c, int n, int k, bool accumulate)
    {
        int width = TOps.Count;
        int j0 = 0;
        for (; j0 + (4 * width) <= n; j0 += 4 * width)
        {
            GemmMicroKernels.RowStrip<T, TVector, TOps, Constant4>(ref a, aStep, ref Unsafe.Add(ref b, j0), bStride, k, ref Unsafe.Add(ref c, j0), accumulate);
        }

        int vectors = (n - j0) / width;
        switch (vectors)
        {
            case 3: GemmMicroKernels.RowStrip<T, TVector, TOps, Constant3>(ref a, aStep, ref Unsafe.Add(ref b, j0), bStride, k, ref Unsafe.Add(ref c, j0), accumulate); break;
            case 2: GemmMicroKernels.RowStrip<T, TVector, TOps, Constant2>(ref a, aStep, ref Unsafe.Add(ref b, j0), bStride, k, ref Unsafe.Add(ref c, j0), accumulate); break;
            case 1: GemmMicroKernels.RowStrip<T, TVector, TOps, Constant1>(ref a, aStep, ref Unsafe.Add(ref b, j0), bStride, k, ref Unsafe.Add(ref c, j0), accumulate); break;
        }

        j0 += vectors * width;
        if (j0 == n)
        {
            return;
        }

        if (n >= width)
        {
            ref T last = ref GemmScratch<T>.Get(width);
            GemmMicroKernels.RowStrip<T, TVector, TOps, Constant1>(ref a, aStep, ref Unsafe.Add(ref b, n - width), bStride, k, ref last, accumulate: false);
            CopyTile(ref Unsafe.Add(ref last, width - (n - j0)), 0, ref Unsafe.Add(ref c, j0), 0, 1, n - j0, accumulate);
            return;
        }

        for (; j0 < n; j0++)
        {
            T sum = T.Zero;
            for (int p = 0; p < k; p++)
            {
                sum += Unsafe.Add(ref a, p * aStep) * Unsafe.Add(ref b, (p * bStride) + j0);
            }

            ref T entry = ref Unsafe.Add(ref c, j0);
            entry = accumulate ? entry + sum : sum;
        }
    }

    /// <summary><c>C[m×n] (+)= A·Bᵀ</c>, A <c>m×k</c> and B <c>n×k</c> row-major; needs <c>k ≥ TOps.Count</c>.</summary>
    private static void DotProducts(ref T a, ref T b, ref T c, int m, int n, int k, bool accumulate)
    {
        // NC: rows of B per block, so that the block (≤ 128 KiB) stays in L2 while every row block of A
        // streams over it; without it a 256×784 float B (800 KiB) would come from L3 once per row block.
        int blockRows = Math.Max(DotColumns, BlockBytes / (k * Unsafe.SizeOf<T>()) / DotColumns * DotColumns);
        int rowBlocks = (m + DotRows - 1) / DotRows;
        (int rowsPerBlock, int longerBlocks) = Math.DivRem(m, rowBlocks);
        for (int j0 = 0; j0 < n; j0 += blockRows)
        {
            int columns = Math.Min(blockRows, n - j0);
            ref T bBlock = ref Unsafe.Add(ref b, (nint)j0 * k);
            for (int block = 0, i0 = 0; block < rowBlocks; block++)
            {
                int rows = BlockRows(block, rowsPerBlock, longerBlocks);
                ref T aBlock = ref Unsafe.Add(ref a, (nint)i0 * k);
                ref T cBlock = ref Unsafe.Add(ref c, ((nint)i0 * n) + j0);
                switch (rows)
                {
                    case 3: DotRow<Constant3>(ref aBlock, ref bBlock, ref cBlock, columns, n, k, accumulate); break;
                    case 2: DotRow<Constant2>(ref aBlock, ref bBlock, ref cBlock, columns, n, k, accumulate); break;
                    default: DotRow<Constant1>(ref aBlock, ref bBlock, ref cBlock, columns, n, k, accumulate); break;
                }

                i0 += rows;
            }
        }
    }

    /// <summary><c>TRows</c> rows × <paramref name="columns"/> columns of C: tiles of 4 columns, then the 1 to 3 left over.</summary>
    private static void DotRow<TRows>(ref T a, ref T b, ref T c, int columns, int n, int k, bool accumulate)
        where TRows : struct, IConstant
    {
        int j0 = 0;
        for (; j0 + DotColumns <= columns; j0 += DotColumns)
        {
            GemmMicroKernels.DotTile<T, TVector, TOps, TRows, Constant4>(ref a, ref Unsafe.Add(ref b, (nint)j0 * k), k, ref Unsafe.Add(ref c, j0), n, accumulate);
        }

        ref T bRest = ref Unsafe.Add(ref b, (nint)j0 * k);
        ref T cRest = ref Unsafe.Add(ref c, j0);
        switch (columns - j0)
        {
            case 3: GemmMicroKernels.DotTile<T, TVector, TOps, TRows, Constant3>(ref a, ref bRest, k, ref cRest, n, accumulate); break;
            case 2: GemmMicroKernels.DotTile<T, TVector, TOps, TRows, Constant2>(ref a, ref bRest, k, ref cRest, n, accumulate); break;
            case 1: GemmMicroKernels.DotTile<T, TVector, TOps, TRows, Constant1>(ref a, ref bRest, k, ref cRest, n, accumulate); break;
        }
    }

    private static void OuterTile(int rows, ref T a, nint aRowStride, nint aStep, ref T b, nint bStep, int depth, ref T c, nint cRowStride, bool accumulate)
    {
        switch (rows)
        {
            case 6: GemmMicroKernels.OuterTile<T, TVector, TOps, Constant6>(ref a, aRowStride, aStep, ref b, bStep, depth, ref c, cRowStride, accumulate); break;
            case 5: GemmMicroKernels.OuterTile<T, TVector, TOps, Constant5>(ref a, aRowStride, aStep, ref b, bStep, depth, ref c, cRowStride, accumulate); break;
            case 4: GemmMicroKernels.OuterTile<T, TVector, TOps, Constant4>(ref a, aRowStride, aStep, ref b, bStep, depth, ref c, cRowStride, accumulate); break;
            case 3: GemmMicroKernels.OuterTile<T, TVector, TOps, Constant3>(ref a, aRowStride, aStep, ref b, bStep, depth, ref c, cRowStride, accumulate); break;
            case 2: GemmMicroKernels.OuterTile<T, TVector, TOps, Constant2>(ref a, aRowStride, aStep, ref b, bStep, depth, ref c, cRowStride, accumulate); break;
            default: GemmMicroKernels.OuterTile<T, TVector, TOps, Constant1>(ref a, aRowStride, aStep, ref b, bStep, depth, ref c, cRowStride, accumulate); break;
        }
    }

    /// <summary>
    /// The rows of row block <paramref name="block"/> when rows are balanced over the blocks: <c>rows / blocks</c>
    /// each (<paramref name="blockRows"/>), and one more for the first <c>rows mod blocks</c> (<paramref name="longerBlocks"/>).
    /// These are the sizes "the rows left over the blocks left, rounded up" gives, block by block, without its integer
    /// division per tile: for a product whose depth is the batch (32) that division was a few percent of the time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BlockRows(int block, int blockRows, int longerBlocks) => block < longerBlocks ? blockRows + 1 : blockRows;

    /// <summary>
    /// The valid <paramref name="columns"/> of an edge tile computed in scratch, copied or added to C: whole vectors first
    /// (a 512-bit panel's last 16 of 784 columns are one vector a row), then one by one. The same adds either way.
    /// </summary>
    private static void CopyTile(ref T tile, nint tileRowStride, ref T c, nint cRowStride, int rows, int columns, bool accumulate)
    {
        int vectors = columns - (columns % TOps.Count);
        for (int r = 0; r < rows; r++)
        {
            ref T from = ref Unsafe.Add(ref tile, r * tileRowStride);
            ref T to = ref Unsafe.Add(ref c, r * cRowStride);
            for (int j = 0; j < vectors; j += TOps.Count)
            {
                TVector value = TOps.Load(ref Unsafe.Add(ref from, j));
                TOps.Store(accumulate ? TOps.Add(TOps.Load(ref Unsafe.Add(ref to, j)), value) : value, ref Unsafe.Add(ref to, j));
            }

            for (int j = vectors; j < columns; j++)
            {
                Unsafe.Add(ref to, j) = accumulate ? Unsafe.Add(ref to, j) + Unsafe.Add(ref from, j) : Unsafe.Add(ref from, j);
            }
        }
    }
}
