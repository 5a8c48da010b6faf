using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StaticNet.Kernels;

/// <summary>
/// How one kernel tap of a convolution walks a plane: input <see cref="Height"/>×<see cref="Width"/>,
/// output <see cref="OutputHeight"/>×<see cref="OutputWidth"/>, and the stride between output positions.
/// </summary>
/// <param name="Height">Input rows.</param>
/// <param name="Width">Input columns.</param>
/// <param name="OutputHeight">Output rows.</param>
/// <param name="OutputWidth">Output columns.</param>
/// <param name="StrideHeight">Input rows between output rows.</param>
/// <param name="StrideWidth">Input columns between output columns.</param>
public readonly record struct PlaneGeometry(int Height, int Width, int OutputHeight, int OutputWidth, int StrideHeight, int StrideWidth);

/// <summary>
/// The im2col primitives of convolution. A convolution output at (i, j) reads, for kernel tap (u, v), the
/// input at <c>(i·s_h + u·d_h − p_top, j·s_w + v·d_w − p_left)</c>. Gathering that value for every output
/// position, for every tap, lays the input out as a matrix whose product with the weights is the
/// convolution. Positions in the zero padding read 0.
/// </summary>
/// <remarks>
/// The gathers are inlined into the generated per-layer loops, where the geometry is a constant (the scatter is one
/// <see cref="ScatterTaps{T}"/> call per channel, and the tap-by-tap scatter is inlined into its fallback). The JIT's
/// dynamic PGO used to do that on its own; without it (NativeAOT, <c>DOTNET_TieredPGO=0</c>) they stayed calls, and a
/// LeNet-5 training step took 1,870 µs instead of 1,633 µs (1,550 µs with PGO).
/// </remarks>
public static class Convolution
{
    /// <summary>
    /// One tap's row of the unfolded input: <c>row[i·OW + j] = channel[(i·s_h + rowOffset)·W + j·s_w + columnOffset]</c>,
    /// or 0 where that falls outside the plane (padding).
    /// </summary>
    /// <param name="channel">One input plane, <c>Height × Width</c>.</param>
    /// <param name="row">The tap's row, <c>OutputHeight × OutputWidth</c>.</param>
    /// <param name="geometry">The plane and output sizes and strides.</param>
    /// <param name="rowOffset">The tap's row offset, <c>u·dilation − paddingTop</c>.</param>
    /// <param name="columnOffset">The tap's column offset, <c>v·dilation − paddingLeft</c>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherTap<T>(ReadOnlySpan<T> channel, Span<T> row, in PlaneGeometry geometry, int rowOffset, int columnOffset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(channel.Length, row.Length, geometry);
        (int first, int end) = ValidColumns(geometry, columnOffset);
        int outputWidth = geometry.OutputWidth, outputHeight = geometry.OutputHeight;
        int height = geometry.Height, width = geometry.Width, strideHeight = geometry.StrideHeight, strideWidth = geometry.StrideWidth;
        if (outputHeight <= 0 || outputWidth <= 0)
        {
            return;
        }

        // Check guarantees both spans are long enough, and ValidColumns keeps every read column inside [0, Width),
        // so the rows below are walked by reference.
        ref T source = ref MemoryMarshal.GetReference(channel);
        ref T target = ref MemoryMarshal.GetReference(row);
        int count = end - first;
        for (int i = 0; i < outputHeight; i++, target = ref Unsafe.Add(ref target, outputWidth))
        {
            int r = (i * strideHeight) + rowOffset;
            if ((uint)r >= (uint)height || count <= 0)
            {
                MemoryMarshal.CreateSpan(ref target, outputWidth).Clear();
                continue;
            }

            for (int j = 0; j < first; j++)
            {
                Unsafe.Add(ref target, j) = T.Zero;
            }

            for (int j = end; j < outputWidth; j++)
            {
                Unsafe.Add(ref target, j) = T.Zero;
            }

            ref T from = ref Unsafe.Add(ref source, (r * width) + (first * strideWidth) + columnOffset);
            ref T to = ref Unsafe.Add(ref target, first);
            if (strideWidth == 1)
            {
                Copy(ref to, ref from, count);
            }
            else
            {
                for (int j = 0; j < count; j++)
                {
                    Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j * strideWidth);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="GatherTap{T}"/> for the <paramref name="taps"/> taps of one kernel row at once: tap v's row is
    /// <c>rows[v·OH·OW, (v + 1)·OH·OW)</c> and its column offset is <c>columnOffset + v·columnDilation</c>. The rows
    /// are those of calling <see cref="GatherTap{T}"/> for each v.
    /// </summary>
    /// <remarks>
    /// Tap by tap, each output row is a call's worth of bounds and padding checks for a few values (LeNet-5's second
    /// convolution: 10 values, 150 taps × 10 rows per sample). With a stride of 1 along the width and every tap inside
    /// the plane's columns, this takes each input row once and copies it to every tap's row (<see cref="Copy{T}"/>:
    /// a vector from each end for a short row).
    /// </remarks>
    /// <param name="channel">One input plane, <c>Height × Width</c>.</param>
    /// <param name="rows">The taps' rows, one after the other, <c>taps × OutputHeight × OutputWidth</c>.</param>
    /// <param name="geometry">The plane and output sizes and strides.</param>
    /// <param name="rowOffset">The kernel row's row offset, <c>u·dilation − paddingTop</c>.</param>
    /// <param name="columnOffset">The first tap's column offset, <c>−paddingLeft</c>.</param>
    /// <param name="taps">The taps in the kernel row.</param>
    /// <param name="columnDilation">Columns between taps.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherTaps<T>(
        ReadOnlySpan<T> channel, Span<T> rows, in PlaneGeometry geometry, int rowOffset, int columnOffset, int taps, int columnDilation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int area = geometry.OutputHeight * geometry.OutputWidth;
        if (taps < 0 || (long)taps * area > rows.Length)
        {
            ThrowTapRows(taps, geometry, rows.Length);
        }

        int outputWidth = geometry.OutputWidth, width = geometry.Width;
        long lastColumn = columnOffset + ((long)(taps - 1) * columnDilation) + outputWidth - 1;
        if (geometry.StrideWidth != 1 || columnOffset < 0 || lastColumn >= width)
        {
            for (int v = 0; v < taps; v++)
            {
                GatherTap(channel, rows.Slice(v * area, area), geometry, rowOffset, columnOffset + (v * columnDilation));
            }

            return;
        }

        Check(channel.Length, area, geometry);

        // Every read below is inside the plane: rows r in [0, Height), columns from columnOffset to lastColumn.
        ref T source = ref MemoryMarshal.GetReference(channel);
        ref T target = ref MemoryMarshal.GetReference(rows);
        for (int i = 0; i < geometry.OutputHeight; i++)
        {
            int r = (i * geometry.StrideHeight) + rowOffset;
            if ((uint)r >= (uint)geometry.Height)
            {
                for (int v = 0; v < taps; v++)
                {
                    rows.Slice((v * area) + (i * outputWidth), outputWidth).Clear();
                }

                continue;
            }

            ref T from = ref Unsafe.Add(ref source, (r * width) + columnOffset);
            ref T to = ref Unsafe.Add(ref target, i * outputWidth);
            for (int v = 0; v < taps; v++, from = ref Unsafe.Add(ref from, columnDilation), to = ref Unsafe.Add(ref to, area))
            {
                Copy(ref to, ref from, outputWidth);
            }
        }
    }

    private static void ThrowTapRows(int taps, in PlaneGeometry geometry, int length) =>
        throw new ArgumentException(
            $"{taps} taps of {geometry.OutputHeight}×{geometry.OutputWidth} need {(long)taps * geometry.OutputHeight * geometry.OutputWidth} values, but got {length}.");

    /// <summary>Copies <paramref name="count"/> values between non-overlapping buffers; short rows (a few vectors) without a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy<T>(ref T destination, ref T source, int count)
        where T : unmanaged
    {
        nuint bytes = (nuint)count * (nuint)Unsafe.SizeOf<T>();
        ref byte to = ref Unsafe.As<T, byte>(ref destination);
        ref byte from = ref Unsafe.As<T, byte>(ref source);
        if (bytes > 128 || !Vector128.IsHardwareAccelerated)
        {
            Unsafe.CopyBlockUnaligned(ref to, ref from, (uint)bytes);
        }
        else if (bytes >= 64)
        {
            // Two 64-byte vectors from each end (overlapping in the middle when shorter than 128 bytes).
            Vector512<byte> head = Vector512.LoadUnsafe(ref from);
            Vector512<byte> tail = Vector512.LoadUnsafe(ref from, bytes - 64);
            head.StoreUnsafe(ref to);
            tail.StoreUnsafe(ref to, bytes - 64);
        }
        else if (bytes >= 32)
        {
            Vector256<byte> head = Vector256.LoadUnsafe(ref from);
            Vector256<byte> tail = Vector256.LoadUnsafe(ref from, bytes - 32);
            head.StoreUnsafe(ref to);
            tail.StoreUnsafe(ref to, bytes - 32);
        }
        else if (bytes >= 16)
        {
            Vector128<byte> head = Vector128.LoadUnsafe(ref from);
            Vector128<byte> tail = Vector128.LoadUnsafe(ref from, bytes - 16);
            head.StoreUnsafe(ref to);
            tail.StoreUnsafe(ref to, bytes - 16);
        }
        else
        {
            Unsafe.CopyBlockUnaligned(ref to, ref from, (uint)bytes);
        }
    }

    /// <summary>
    /// The adjoint of <see cref="GatherTap{T}"/>: adds each entry of the tap's row back onto the input
    /// position it was read from (entries that came from padding are dropped).
    /// </summary>
    /// <param name="row">The tap's row, <c>OutputHeight × OutputWidth</c>.</param>
    /// <param name="channel">One input plane, <c>Height × Width</c>, added to.</param>
    /// <param name="geometry">The plane and output sizes and strides.</param>
    /// <param name="rowOffset">The tap's row offset, <c>u·dilation − paddingTop</c>.</param>
    /// <param name="columnOffset">The tap's column offset, <c>v·dilation − paddingLeft</c>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScatterTapAdd<T>(ReadOnlySpan<T> row, Span<T> channel, in PlaneGeometry geometry, int rowOffset, int columnOffset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(channel.Length, row.Length, geometry);
        (int first, int end) = ValidColumns(geometry, columnOffset);
        int outputWidth = geometry.OutputWidth;
        for (int i = 0; i < geometry.OutputHeight; i++)
        {
            int r = (i * geometry.StrideHeight) + rowOffset;
            if ((uint)r >= (uint)geometry.Height)
            {
                continue;
            }

            ReadOnlySpan<T> source = row.Slice(i * outputWidth, outputWidth);
            Span<T> target = channel.Slice(r * geometry.Width, geometry.Width);
            int c = (first * geometry.StrideWidth) + columnOffset;
            if (geometry.StrideWidth == 1 && end > first)
            {
                // Contiguous on both sides: vector adds in place (rows are a few vectors long, too short for a call).
                AddInPlace(ref MemoryMarshal.GetReference(target.Slice(c, end - first)), ref MemoryMarshal.GetReference(source.Slice(first)), end - first);
                continue;
            }

            for (int j = first; j < end; j++, c += geometry.StrideWidth)
            {
                target[c] += source[j];
            }
        }
    }

    /// <summary>
    /// The adjoint of unfolding every tap of a kernel: the plane becomes the sum, over the taps in row-major order
    /// starting from zero, of each tap's row added back where <see cref="GatherTap{T}"/> read it. Tap (u, v)'s row is
    /// <c>rows[(u·kernelWidth + v)·OH·OW, …)</c>, its offsets <c>rowOffset + u·rowDilation</c> and
    /// <c>columnOffset + v·columnDilation</c>. The values are those of clearing the plane and calling
    /// <see cref="ScatterTapAdd{T}"/> tap by tap, bit for bit: each input position adds the same values in the same order.
    /// </summary>
    /// <remarks>
    /// Tap by tap, each output row is a call's worth of bounds checks for a few values, and neighbouring taps add onto
    /// overlapping stretches of the same input row, so each add waits for the last one's store (LeNet-5's second
    /// convolution: 150 taps × 10 rows of 10 values per sample). With floats, AVX and a stride of 1 along the width,
    /// this instead takes each input row once, 16 columns at a time, and adds every tap that reaches it in
    /// registers, with masked loads where a tap's row starts or ends inside the 16 columns: LeNet-5's 32 samples × 6
    /// channels in 123 µs against 207–222 µs tap by tap, and its training step 4 % faster. Other cases clear the
    /// plane and go tap by tap.
    /// </remarks>
    /// <param name="rows">The taps' rows, one after the other, <c>kernelHeight × kernelWidth × OutputHeight × OutputWidth</c>.</param>
    /// <param name="plane">One input plane, <c>Height × Width</c>, overwritten.</param>
    /// <param name="geometry">The plane and output sizes and strides.</param>
    /// <param name="rowOffset">The first kernel row's row offset, <c>−paddingTop</c>.</param>
    /// <param name="columnOffset">The first kernel column's column offset, <c>−paddingLeft</c>.</param>
    /// <param name="kernelHeight">The kernel's rows.</param>
    /// <param name="kernelWidth">The kernel's columns.</param>
    /// <param name="rowDilation">Rows between kernel rows.</param>
    /// <param name="columnDilation">Columns between kernel columns.</param>
    public static void ScatterTaps<T>(
        ReadOnlySpan<T> rows, Span<T> plane, in PlaneGeometry geometry, int rowOffset, int columnOffset, int kernelHeight, int kernelWidth, int rowDilation, int columnDilation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int area = geometry.OutputHeight * geometry.OutputWidth;
        if (kernelHeight < 0 || kernelWidth < 0 || (long)kernelHeight * kernelWidth * area > rows.Length)
        {
            ThrowTapRows(kernelHeight * kernelWidth, geometry, rows.Length);
        }

        Check(plane.Length, area, geometry);
        int chunks = (geometry.Width + 15) / 16;
        if (typeof(T) == typeof(float) && Avx.IsSupported && geometry.StrideWidth == 1 && geometry.StrideHeight > 0
            && area > 0 && chunks * 2 * (kernelWidth + 1) <= MaxMasks)
        {
            ScatterTapsRows(MemoryMarshal.Cast<T, float>(rows), MemoryMarshal.Cast<T, float>(plane), geometry, rowOffset, columnOffset, kernelHeight, kernelWidth, rowDilation, columnDilation);
            return;
        }

        plane[..(geometry.Height * geometry.Width)].Clear();
        for (int u = 0; u < kernelHeight; u++)
        {
            for (int v = 0; v < kernelWidth; v++)
            {
                ScatterTapAdd(rows.Slice(((u * kernelWidth) + v) * area, area), plane, geometry, rowOffset + (u * rowDilation), columnOffset + (v * columnDilation));
            }
        }
    }

    /// <summary>The most masks <see cref="ScatterTapsRows"/> keeps on the stack (16 KiB); wider planes or kernels go tap by tap.</summary>
    private const int MaxMasks = 512;

    /// <summary>
    /// <see cref="ScatterTaps{T}"/> with AVX, the width's stride 1: input row by input row, 16 columns at a time (two
    /// independent sums), every tap that reaches the row added in registers in row-major tap order.
    /// </summary>
    private static unsafe void ScatterTapsRows(
        ReadOnlySpan<float> rows, Span<float> plane, in PlaneGeometry geometry, int rowOffset, int columnOffset, int kernelHeight, int kernelWidth, int rowDilation, int columnDilation)
    {
        int width = geometry.Width, outputWidth = geometry.OutputWidth, outputHeight = geometry.OutputHeight, strideHeight = geometry.StrideHeight;
        int area = outputHeight * outputWidth, chunks = (width + 7) / 8, stride = kernelWidth + 1;

        // For each 8 columns from c0: first which of them lie in the plane (the store), then for each kernel column v
        // which read inside tap v's row, j = c0 + lane − columnOffset − v·columnDilation in [0, OutputWidth).
        Span<Vector256<float>> masks = stackalloc Vector256<float>[((chunks + 1) & ~1) * stride];
        Vector256<int> lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (int k = 0; k < chunks; k++)
        {
            Vector256<int> columns = Vector256.Create(8 * k) + lanes;
            Vector256<int> inPlane = Vector256.LessThan(columns, Vector256.Create(width));
            masks[k * stride] = inPlane.AsSingle();
            for (int v = 0; v < kernelWidth; v++)
            {
                Vector256<int> j = columns - Vector256.Create(columnOffset + (v * columnDilation));
                masks[(k * stride) + 1 + v] = (inPlane & Vector256.GreaterThanOrEqual(j, Vector256<int>.Zero) & Vector256.LessThan(j, Vector256.Create(outputWidth))).AsSingle();
            }
        }

        fixed (float* source = rows, destination = plane)
        {
            for (int r = 0; r < geometry.Height; r++)
            {
                float* row = destination + ((nint)r * width);
                for (int k = 0; k < chunks; k += 2)
                {
                    // An odd last chunk pairs with masks of all zeros (stackalloc zeroes them): it loads and stores nothing.
                    ref Vector256<float> m0 = ref masks[k * stride];
                    ref Vector256<float> m1 = ref masks[(k + 1) * stride];
                    Vector256<float> sum0 = Vector256<float>.Zero, sum1 = Vector256<float>.Zero;
                    for (int u = 0; u < kernelHeight; u++)
                    {
                        // Output row i reads input row i·strideHeight + rowOffset + u·rowDilation; the one that reads r, if any
                        // (without a division where the stride is 1: one per kernel row here would cost a third of the time).
                        int i = r - rowOffset - (u * rowDilation);
                        if (strideHeight != 1)
                        {
                            if (i < 0 || i % strideHeight != 0)
                            {
                                continue;
                            }

                            i /= strideHeight;
                        }

                        if ((uint)i >= (uint)outputHeight)
                        {
                            continue;
                        }

                        // Lane 0 of tap v reads its row's column 8k − columnOffset − v·columnDilation (masked where outside).
                        float* tap = source + ((nint)u * kernelWidth * area) + ((nint)i * outputWidth) + (8 * k) - columnOffset;
                        for (int v = 0; v < kernelWidth; v++, tap += area - columnDilation)
                        {
                            sum0 += Avx.MaskLoad(tap, Unsafe.Add(ref m0, 1 + v));
                            sum1 += Avx.MaskLoad(tap + 8, Unsafe.Add(ref m1, 1 + v));
                        }
                    }

                    Avx.MaskStore(row + (8 * k), m0, sum0);
                    Avx.MaskStore(row + (8 * k) + 8, m1, sum1);
                }
            }
        }
    }

    /// <summary><c>destination[0..count) += source[0..count)</c>, whole vectors first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInPlace<T>(ref T destination, ref T source, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; j <= count - Vector256<T>.Count; j += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref destination, (nuint)j) + Vector256.LoadUnsafe(ref source, (nuint)j)).StoreUnsafe(ref destination, (nuint)j);
            }
        }

        for (; j < count; j++)
        {
            Unsafe.Add(ref destination, j) += Unsafe.Add(ref source, j);
        }
    }

    /// <summary>The output columns <c>[first, end)</c> whose input column <c>j·s_w + offset</c> lies inside the plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int First, int End) ValidColumns(in PlaneGeometry geometry, int columnOffset)
    {
        int stride = geometry.StrideWidth;
        int first = columnOffset >= 0 ? 0 : (-columnOffset + stride - 1) / stride;
        int last = geometry.Width - 1 - columnOffset;
        int end = last < 0 ? 0 : Math.Min(geometry.OutputWidth, (last / stride) + 1);
        return (Math.Min(first, end), end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Check(int channel, int row, in PlaneGeometry geometry)
    {
        if (channel < geometry.Height * geometry.Width || row < geometry.OutputHeight * geometry.OutputWidth)
        {
            ThrowPlane(channel, row, geometry);
        }
    }

    private static void ThrowPlane(int channel, int row, in PlaneGeometry geometry) =>
        throw new ArgumentException(
            $"A plane of {geometry.Height}×{geometry.Width} and a tap row of {geometry.OutputHeight}×{geometry.OutputWidth} need {geometry.Height * geometry.Width} and {geometry.OutputHeight * geometry.OutputWidth} values, but got {channel} and {row}.");
}
