// The GEMM of main before the width-generic kernels (commit 2abfde6), kept verbatim as the reference the
// kernel benchmark compares against: AVX-512 micro-kernels, TensorPrimitives loops otherwise.
using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StaticNet.KernelBench;

/// <summary>
/// Dense matrix products on row-major spans, the work-horse of dense and convolution layers.
/// Three shapes cover every layer's forward and backward pass without transposing anything:
/// <c>A·Bᵀ</c> (<see cref="MultiplyTransposed{T}"/>), <c>A·B</c> (<see cref="Multiply{T}"/>) and
/// <c>Aᵀ·B</c> (<see cref="TransposedMultiply{T}"/>). Each writes <c>C</c>, or adds to it when
/// <c>accumulate</c> is set.
/// </summary>
/// <remarks>
/// With AVX-512 the products run register-blocked micro-kernels: <c>A·Bᵀ</c> computes 4×4 dot products at
/// once (16 vector accumulators), the other two broadcast one element of A against two vectors of a B row
/// for 4 rows of C (8 accumulators). Without it they fall back to <see cref="TensorPrimitives"/> loops.
/// </remarks>
internal static class OldGemm
{
    /// <summary><c>C[m×n] = A[m×k] · B[n×k]ᵀ</c>: every entry is the dot product of a row of A and a row of B.</summary>
    /// <param name="a">A, <paramref name="m"/> rows of <paramref name="k"/>.</param>
    /// <param name="b">B, <paramref name="n"/> rows of <paramref name="k"/>.</param>
    /// <param name="c">C, <paramref name="m"/> rows of <paramref name="n"/>.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Rows of B, columns of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        if (!OldSimd.Wide<T>())
        {
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<T> row = a.Slice(i * k, k);
                for (int j = 0; j < n; j++)
                {
                    T dot = TensorPrimitives.Dot(row, b.Slice(j * k, k));
                    c[(i * n) + j] = accumulate ? c[(i * n) + j] + dot : dot;
                }
            }

            return;
        }

        ref T aStart = ref MemoryMarshal.GetReference(a);
        ref T bStart = ref MemoryMarshal.GetReference(b);
        ref T cStart = ref MemoryMarshal.GetReference(c);
        int i0 = 0;
        for (; i0 + 4 <= m; i0 += 4)
        {
            int j0 = 0;
            for (; j0 + 4 <= n; j0 += 4)
            {
                Dot4x4(ref Unsafe.Add(ref aStart, i0 * k), ref Unsafe.Add(ref bStart, j0 * k), ref Unsafe.Add(ref cStart, (i0 * n) + j0), n, k, accumulate);
            }

            for (; j0 < n; j0++)
            {
                for (int r = 0; r < 4; r++)
                {
                    Dot1x1(ref Unsafe.Add(ref aStart, (i0 + r) * k), ref Unsafe.Add(ref bStart, j0 * k), ref Unsafe.Add(ref cStart, ((i0 + r) * n) + j0), k, accumulate);
                }
            }
        }

        for (; i0 < m; i0++)
        {
            int j0 = 0;
            for (; j0 + 4 <= n; j0 += 4)
            {
                Dot1x4(ref Unsafe.Add(ref aStart, i0 * k), ref Unsafe.Add(ref bStart, j0 * k), ref Unsafe.Add(ref cStart, (i0 * n) + j0), k, accumulate);
            }

            for (; j0 < n; j0++)
            {
                Dot1x1(ref Unsafe.Add(ref aStart, i0 * k), ref Unsafe.Add(ref bStart, j0 * k), ref Unsafe.Add(ref cStart, (i0 * n) + j0), k, accumulate);
            }
        }
    }

    /// <summary><c>C[m×n] = A[m×k] · B[k×n]</c>.</summary>
    /// <param name="a">A, <paramref name="m"/> rows of <paramref name="k"/>.</param>
    /// <param name="b">B, <paramref name="k"/> rows of <paramref name="n"/>.</param>
    /// <param name="c">C, <paramref name="m"/> rows of <paramref name="n"/>.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        Broadcast(a, rowStride: k, columnStride: 1, b, c, m, n, k, accumulate);
    }

    /// <summary><c>C[m×n] = A[k×m]ᵀ · B[k×n]</c>: a sum of <paramref name="k"/> outer products of a row of A with a row of B.</summary>
    /// <param name="a">A, <paramref name="k"/> rows of <paramref name="m"/>.</param>
    /// <param name="b">B, <paramref name="k"/> rows of <paramref name="n"/>.</param>
    /// <param name="c">C, <paramref name="m"/> rows of <paramref name="n"/>.</param>
    /// <param name="m">Columns of A, rows of C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="k">Rows of A and B.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void TransposedMultiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, k * m, b.Length, k * n, c.Length, m * n);
        Broadcast(a, rowStride: 1, columnStride: m, b, c, m, n, k, accumulate);
    }

    private static void CheckShapes(int aLength, int aNeeded, int bLength, int bNeeded, int cLength, int cNeeded)
    {
        if (aLength < aNeeded || bLength < bNeeded || cLength < cNeeded)
        {
            throw new ArgumentException(
                $"Matrix spans are too short: A has {aLength} of {aNeeded}, B {bLength} of {bNeeded}, C {cLength} of {cNeeded} values.");
        }
    }

    /// <summary>
    /// <c>C = Ã·B</c> where <c>Ã(i, p) = a[i·rowStride + p·columnStride]</c>, so one routine serves A and Aᵀ.
    /// Each element of Ã is broadcast against contiguous vectors of a row of B.
    /// </summary>
    private static void Broadcast<T>(ReadOnlySpan<T> a, int rowStride, int columnStride, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!OldSimd.Wide<T>())
        {
            for (int i = 0; i < m; i++)
            {
                Span<T> row = c.Slice(i * n, n);
                if (!accumulate)
                {
                    row.Clear();
                }

                for (int p = 0; p < k; p++)
                {
                    TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[(i * rowStride) + (p * columnStride)], row, row);
                }
            }

            return;
        }

        int width = Vector512<T>.Count;
        ref T aStart = ref MemoryMarshal.GetReference(a);
        ref T bStart = ref MemoryMarshal.GetReference(b);
        ref T cStart = ref MemoryMarshal.GetReference(c);
        int i0 = 0;
        while (i0 < m)
        {
            if (i0 + 4 > m)
            {
                if (accumulate || m < 4)
                {
                    break;
                }

                // Overwriting C: the last rows run as one more 4-row panel ending at row m, recomputing a few
                // rows already written with the very same operations (so the same values).
                i0 = m - 4;
            }

            ref T aRows = ref Unsafe.Add(ref aStart, i0 * rowStride);
            ref T cRows = ref Unsafe.Add(ref cStart, i0 * n);
            int j0 = 0;
            for (; j0 + (2 * width) <= n; j0 += 2 * width)
            {
                Panel4x2(ref aRows, rowStride, columnStride, ref Unsafe.Add(ref bStart, j0), ref Unsafe.Add(ref cRows, j0), n, k, accumulate);
            }

            // Single vectors; the last one ends at column n, with the lanes before j0 (already done) masked out.
            for (; j0 < n && n >= width; j0 += width)
            {
                int start = Math.Min(j0, n - width);
                Panel4x1(ref aRows, rowStride, columnStride, ref Unsafe.Add(ref bStart, start), ref Unsafe.Add(ref cRows, start), n, k, accumulate, TailMask<T>(j0 - start));
            }

            if (j0 < n)
            {
                // A row shorter than one vector.
                for (int r = 0; r < 4; r++)
                {
                    BroadcastRowTail(ref Unsafe.Add(ref aRows, r * rowStride), columnStride, ref bStart, ref Unsafe.Add(ref cRows, r * n), j0, n, k, accumulate);
                }
            }

            i0 += 4;
        }

        for (; i0 < m; i0++)
        {
            BroadcastRowTail(ref Unsafe.Add(ref aStart, i0 * rowStride), columnStride, ref bStart, ref Unsafe.Add(ref cStart, i0 * n), 0, n, k, accumulate);
        }
    }

    /// <summary>A mask whose lanes from <paramref name="first"/> on are set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> TailMask<T>(int first)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(first)).As<int, T>();
        }

        return Vector512.GreaterThanOrEqual(Vector512<long>.Indices, Vector512.Create((long)first)).As<long, T>();
    }

    /// <summary>4 rows × 1 vector of C; only the lanes set in <paramref name="mask"/> are stored.</summary>
    private static void Panel4x1<T>(ref T a, int rowStride, int columnStride, ref T b, ref T c, int n, int k, bool accumulate, Vector512<T> mask)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector512<T> c0 = Vector512<T>.Zero, c1 = Vector512<T>.Zero, c2 = Vector512<T>.Zero, c3 = Vector512<T>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<T> b0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref b, p * n));
            ref T aColumn = ref Unsafe.Add(ref a, p * columnStride);
            c0 = OldSimd.MultiplyAdd(Vector512.Create(aColumn), b0, c0);
            c1 = OldSimd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref aColumn, rowStride)), b0, c1);
            c2 = OldSimd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref aColumn, 2 * rowStride)), b0, c2);
            c3 = OldSimd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref aColumn, 3 * rowStride)), b0, c3);
        }

        StoreMasked(c0, ref c, accumulate, mask);
        StoreMasked(c1, ref Unsafe.Add(ref c, n), accumulate, mask);
        StoreMasked(c2, ref Unsafe.Add(ref c, 2 * n), accumulate, mask);
        StoreMasked(c3, ref Unsafe.Add(ref c, 3 * n), accumulate, mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMasked<T>(Vector512<T> value, ref T destination, bool accumulate, Vector512<T> mask)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Vector512<T> old = Vector512.LoadUnsafe(ref destination);
        if (accumulate)
        {
            value += old;
        }

        Vector512.ConditionalSelect(mask, value, old).StoreUnsafe(ref destination);
    }

    /// <summary>One row of C from column <paramref name="j0"/> on: pairs of vectors, then single (the last one masked), or scalars when the row is shorter than a vector.</summary>
    private static void BroadcastRowTail<T>(ref T a, int columnStride, ref T b, ref T c, int j0, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int width = Vector512<T>.Count;
        for (; j0 + (2 * width) <= n; j0 += 2 * width)
        {
            Vector512<T> c0 = Vector512<T>.Zero, c1 = Vector512<T>.Zero;
            for (int p = 0; p < k; p++)
            {
                Vector512<T> s = Vector512.Create(Unsafe.Add(ref a, p * columnStride));
                ref T bRow = ref Unsafe.Add(ref b, (p * n) + j0);
                c0 = OldSimd.MultiplyAdd(s, Vector512.LoadUnsafe(ref bRow), c0);
                c1 = OldSimd.MultiplyAdd(s, Vector512.LoadUnsafe(ref bRow, (nuint)width), c1);
            }

            Store(c0, ref Unsafe.Add(ref c, j0), accumulate);
            Store(c1, ref Unsafe.Add(ref c, j0 + width), accumulate);
        }

        // Single vectors; the last one ends at column n, with the lanes before j0 (already done) masked out.
        for (; j0 < n && n >= width; j0 += width)
        {
            int start = Math.Min(j0, n - width);
            Vector512<T> c0 = Vector512<T>.Zero;
            for (int p = 0; p < k; p++)
            {
                c0 = OldSimd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, p * columnStride)), Vector512.LoadUnsafe(ref Unsafe.Add(ref b, (p * n) + start)), c0);
            }

            StoreMasked(c0, ref Unsafe.Add(ref c, start), accumulate, TailMask<T>(j0 - start));
        }

        for (; j0 < n; j0++)
        {
            T sum = T.Zero;
            for (int p = 0; p < k; p++)
            {
                sum += Unsafe.Add(ref a, p * columnStride) * Unsafe.Add(ref b, (p * n) + j0);
            }

            Unsafe.Add(ref c, j0) = accumulate ? Unsafe.Add(ref c, j0) + sum : sum;
        }
    }

    /// <summary>4 rows × 2 vectors of C, accumulated over the whole inner dimension in registers.</summary>
    private static void Panel4x2<T>(ref T a, int rowStride, int columnStride, ref T b, ref T c, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nuint width = (nuint)Vector512<T>.Count;
        Vector512<T> c00 = Vector512<T>.Zero, c01 = Vector512<T>.Zero;
        Vector512<T> c10 = Vector512<T>.Zero, c11 = Vector512<T>.Zero;
        Vector512<T> c20 = Vector512<T>.Zero, c21 = Vector512<T>.Zero;
        Vector512<T> c30 = Vector512<T>.Zero, c31 = Vector512<T>.Zero;
        for (int p = 0; p < k; p++)
        {
            ref T bRow = ref Unsafe.Add(ref b, p * n);
            Vector512<T> b0 = Vector512.LoadUnsafe(ref bRow);
            Vector512<T> b1 = Vector512.LoadUnsafe(ref bRow, width);
            ref T aColumn = ref Unsafe.Add(ref a, p * columnStride);
            Vector512<T> s = Vector512.Create(aColumn);
            c00 = OldSimd.MultiplyAdd(s, b0, c00);
            c01 = OldSimd.MultiplyAdd(s, b1, c01);
            s = Vector512.Create(Unsafe.Add(ref aColumn, rowStride));
            c10 = OldSimd.MultiplyAdd(s, b0, c10);
            c11 = OldSimd.MultiplyAdd(s, b1, c11);
            s = Vector512.Create(Unsafe.Add(ref aColumn, 2 * rowStride));
            c20 = OldSimd.MultiplyAdd(s, b0, c20);
            c21 = OldSimd.MultiplyAdd(s, b1, c21);
            s = Vector512.Create(Unsafe.Add(ref aColumn, 3 * rowStride));
            c30 = OldSimd.MultiplyAdd(s, b0, c30);
            c31 = OldSimd.MultiplyAdd(s, b1, c31);
        }

        int w = (int)width;
        Store(c00, ref c, accumulate);
        Store(c01, ref Unsafe.Add(ref c, w), accumulate);
        Store(c10, ref Unsafe.Add(ref c, n), accumulate);
        Store(c11, ref Unsafe.Add(ref c, n + w), accumulate);
        Store(c20, ref Unsafe.Add(ref c, 2 * n), accumulate);
        Store(c21, ref Unsafe.Add(ref c, (2 * n) + w), accumulate);
        Store(c30, ref Unsafe.Add(ref c, 3 * n), accumulate);
        Store(c31, ref Unsafe.Add(ref c, (3 * n) + w), accumulate);
    }

    /// <summary>The 4×4 dot products of 4 rows of A with 4 rows of B (each <paramref name="k"/> long) into C.</summary>
    private static void Dot4x4<T>(ref T a, ref T b, ref T c, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int width = Vector512<T>.Count;
        ref T a0 = ref a, a1 = ref Unsafe.Add(ref a, k), a2 = ref Unsafe.Add(ref a, 2 * k), a3 = ref Unsafe.Add(ref a, 3 * k);
        ref T b0 = ref b, b1 = ref Unsafe.Add(ref b, k), b2 = ref Unsafe.Add(ref b, 2 * k), b3 = ref Unsafe.Add(ref b, 3 * k);
        Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<T> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<T> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<T> c30 = default, c31 = default, c32 = default, c33 = default;
        int p = 0;
        for (; p + width <= k; p += width)
        {
            nuint offset = (nuint)p;
            Vector512<T> x0 = Vector512.LoadUnsafe(ref a0, offset);
            Vector512<T> x1 = Vector512.LoadUnsafe(ref a1, offset);
            Vector512<T> x2 = Vector512.LoadUnsafe(ref a2, offset);
            Vector512<T> x3 = Vector512.LoadUnsafe(ref a3, offset);
            Vector512<T> y = Vector512.LoadUnsafe(ref b0, offset);
            c00 = OldSimd.MultiplyAdd(x0, y, c00);
            c10 = OldSimd.MultiplyAdd(x1, y, c10);
            c20 = OldSimd.MultiplyAdd(x2, y, c20);
            c30 = OldSimd.MultiplyAdd(x3, y, c30);
            y = Vector512.LoadUnsafe(ref b1, offset);
            c01 = OldSimd.MultiplyAdd(x0, y, c01);
            c11 = OldSimd.MultiplyAdd(x1, y, c11);
            c21 = OldSimd.MultiplyAdd(x2, y, c21);
            c31 = OldSimd.MultiplyAdd(x3, y, c31);
            y = Vector512.LoadUnsafe(ref b2, offset);
            c02 = OldSimd.MultiplyAdd(x0, y, c02);
            c12 = OldSimd.MultiplyAdd(x1, y, c12);
            c22 = OldSimd.MultiplyAdd(x2, y, c22);
            c32 = OldSimd.MultiplyAdd(x3, y, c32);
            y = Vector512.LoadUnsafe(ref b3, offset);
            c03 = OldSimd.MultiplyAdd(x0, y, c03);
            c13 = OldSimd.MultiplyAdd(x1, y, c13);
            c23 = OldSimd.MultiplyAdd(x2, y, c23);
            c33 = OldSimd.MultiplyAdd(x3, y, c33);
        }

        Finish(Vector512.Sum(c00), ref a0, ref b0, p, k, ref c, accumulate);
        Finish(Vector512.Sum(c01), ref a0, ref b1, p, k, ref Unsafe.Add(ref c, 1), accumulate);
        Finish(Vector512.Sum(c02), ref a0, ref b2, p, k, ref Unsafe.Add(ref c, 2), accumulate);
        Finish(Vector512.Sum(c03), ref a0, ref b3, p, k, ref Unsafe.Add(ref c, 3), accumulate);
        Finish(Vector512.Sum(c10), ref a1, ref b0, p, k, ref Unsafe.Add(ref c, n), accumulate);
        Finish(Vector512.Sum(c11), ref a1, ref b1, p, k, ref Unsafe.Add(ref c, n + 1), accumulate);
        Finish(Vector512.Sum(c12), ref a1, ref b2, p, k, ref Unsafe.Add(ref c, n + 2), accumulate);
        Finish(Vector512.Sum(c13), ref a1, ref b3, p, k, ref Unsafe.Add(ref c, n + 3), accumulate);
        Finish(Vector512.Sum(c20), ref a2, ref b0, p, k, ref Unsafe.Add(ref c, 2 * n), accumulate);
        Finish(Vector512.Sum(c21), ref a2, ref b1, p, k, ref Unsafe.Add(ref c, (2 * n) + 1), accumulate);
        Finish(Vector512.Sum(c22), ref a2, ref b2, p, k, ref Unsafe.Add(ref c, (2 * n) + 2), accumulate);
        Finish(Vector512.Sum(c23), ref a2, ref b3, p, k, ref Unsafe.Add(ref c, (2 * n) + 3), accumulate);
        Finish(Vector512.Sum(c30), ref a3, ref b0, p, k, ref Unsafe.Add(ref c, 3 * n), accumulate);
        Finish(Vector512.Sum(c31), ref a3, ref b1, p, k, ref Unsafe.Add(ref c, (3 * n) + 1), accumulate);
        Finish(Vector512.Sum(c32), ref a3, ref b2, p, k, ref Unsafe.Add(ref c, (3 * n) + 2), accumulate);
        Finish(Vector512.Sum(c33), ref a3, ref b3, p, k, ref Unsafe.Add(ref c, (3 * n) + 3), accumulate);
    }

    /// <summary>One row of A against 4 rows of B: the batch-of-one case of <see cref="MultiplyTransposed{T}"/>.</summary>
    private static void Dot1x4<T>(ref T a, ref T b, ref T c, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int width = Vector512<T>.Count;
        ref T b0 = ref b, b1 = ref Unsafe.Add(ref b, k), b2 = ref Unsafe.Add(ref b, 2 * k), b3 = ref Unsafe.Add(ref b, 3 * k);
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default;
        int p = 0;
        for (; p + width <= k; p += width)
        {
            nuint offset = (nuint)p;
            Vector512<T> x = Vector512.LoadUnsafe(ref a, offset);
            c0 = OldSimd.MultiplyAdd(x, Vector512.LoadUnsafe(ref b0, offset), c0);
            c1 = OldSimd.MultiplyAdd(x, Vector512.LoadUnsafe(ref b1, offset), c1);
            c2 = OldSimd.MultiplyAdd(x, Vector512.LoadUnsafe(ref b2, offset), c2);
            c3 = OldSimd.MultiplyAdd(x, Vector512.LoadUnsafe(ref b3, offset), c3);
        }

        Finish(Vector512.Sum(c0), ref a, ref b0, p, k, ref c, accumulate);
        Finish(Vector512.Sum(c1), ref a, ref b1, p, k, ref Unsafe.Add(ref c, 1), accumulate);
        Finish(Vector512.Sum(c2), ref a, ref b2, p, k, ref Unsafe.Add(ref c, 2), accumulate);
        Finish(Vector512.Sum(c3), ref a, ref b3, p, k, ref Unsafe.Add(ref c, 3), accumulate);
    }

    private static void Dot1x1<T>(ref T a, ref T b, ref T c, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T dot = TensorPrimitives.Dot(MemoryMarshal.CreateReadOnlySpan(ref a, k), MemoryMarshal.CreateReadOnlySpan(ref b, k));
        c = accumulate ? c + dot : dot;
    }

    /// <summary>Adds the scalar tail <c>[p, k)</c> of one dot product to its vector part and stores it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T>(T sum, ref T a, ref T b, int p, int k, ref T c, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (; p < k; p++)
        {
            sum += Unsafe.Add(ref a, p) * Unsafe.Add(ref b, p);
        }

        c = accumulate ? c + sum : sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector512<T> value, ref T destination, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (accumulate)
        {
            value += Vector512.LoadUnsafe(ref destination);
        }

        value.StoreUnsafe(ref destination);
    }
}

/// <summary>
/// Fused multiply-add on 512-bit vectors of <see cref="float"/> or <see cref="double"/>. The type tests
/// are constants for the JIT, so each instantiation compiles to one <c>vfmadd</c> instruction.
/// </summary>
internal static class OldSimd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd<T>(Vector512<T> left, Vector512<T> right, Vector512<T> addend)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(left.As<T, float>(), right.As<T, float>(), addend.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(left.As<T, double>(), right.As<T, double>(), addend.As<T, double>()).As<double, T>();
        }

        return (left * right) + addend;
    }

    /// <summary>Whether the 512-bit paths run: AVX-512 hardware and an element type it handles.</summary>
    public static bool Wide<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector512.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double));
}
