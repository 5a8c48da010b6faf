using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StaticNet.Kernels;

/// <summary>
/// Dense matrix products on row-major spans, the work-horse of dense and convolution layers.
/// Three shapes cover every layer's forward and backward pass without the caller transposing anything:
/// <c>A·Bᵀ</c> (<see cref="MultiplyTransposed{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, bool)"/>), <c>A·B</c> (<see cref="Multiply{T}"/>) and
/// <c>Aᵀ·B</c> (<see cref="TransposedMultiply{T}"/>). Each writes <c>C</c>, or adds to it when
/// <c>accumulate</c> is set.
/// </summary>
/// <remarks>
/// For <see cref="float"/> and <see cref="double"/> the products run register-blocked micro-kernels
/// (<see cref="GemmMicroKernels"/>) at the widest vector the hardware accelerates (AVX-512, AVX2 or
/// 128-bit; where 512-bit multiply-adds run at half rate, as on Zen 4, 256-bit for the shapes 512 does not pay for:
/// <see cref="GemmWidth"/>), with the blocking and packing of <see cref="GemmBlocked{T, TVector, TOps}"/>. Without
/// hardware vectors (<c>DOTNET_EnableHWIntrinsic=0</c>) or for other element types they fall back to
/// <see cref="TensorPrimitives"/> loops. Results differ between paths only by rounding (summation order).
/// </remarks>
public static class Gemm
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
        if (k == 0)
        {
            ClearUnlessAccumulating(c, m * n, accumulate);
            return;
        }

        switch (GemmWidth.For<T>(GemmProduct.MultiplyTransposed, m, n, k))
        {
            case 512: GemmBlocked<T, Vector512<T>, Vector512Ops<T>>.MultiplyTransposed(a, b, c, m, n, k, accumulate); break;
            case 256: GemmBlocked<T, Vector256<T>, Vector256Ops<T>>.MultiplyTransposed(a, b, c, m, n, k, accumulate); break;
            case 128: GemmBlocked<T, Vector128<T>, Vector128Ops<T>>.MultiplyTransposed(a, b, c, m, n, k, accumulate); break;
            default: PortableDotProducts(a, b, c, m, n, k, accumulate); break;
        }
    }

    /// <summary>
    /// <c>C[m×n] = f(A[m×k] · B[n×k]ᵀ + bias)</c>, the bias added to every row: a dense layer's forward pass
    /// (<c>Y = f(X·Wᵀ + b)</c>) in one call, for <paramref name="activation"/> Identity, ReLU or Tanh.
    /// </summary>
    /// <remarks>
    /// The result is bit for bit that of <see cref="MultiplyTransposed{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, bool)"/>,
    /// then <see cref="Bias.AddToRows{T}"/>, then <see cref="Activations.ReLU{T}"/> or <see cref="Activations.Tanh{T}"/>.
    /// Where the product runs swapped (floats with AVX, a batch against a weight matrix, one thread:
    /// <see cref="GemmBlocked{T, TVector, TOps}"/>), the bias and ReLU are applied as the transposed result is stored,
    /// while it is in registers, instead of in passes over C of their own, and tanh is one pass over the stored rows;
    /// elsewhere all of them are passes.
    /// </remarks>
    /// <param name="a">A, <paramref name="m"/> rows of <paramref name="k"/>.</param>
    /// <param name="b">B, <paramref name="n"/> rows of <paramref name="k"/>.</param>
    /// <param name="c">C, <paramref name="m"/> rows of <paramref name="n"/>.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Rows of B, columns of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="bias">The <paramref name="n"/> values added to each row of C.</param>
    /// <param name="activation">Identity, ReLU or Tanh.</param>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, ReadOnlySpan<T> bias, Activation activation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckShapes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        if (bias.Length < n)
        {
            throw new ArgumentException($"The bias has {bias.Length} values for {n} columns.", nameof(bias));
        }

        if (activation is not (Activation.Identity or Activation.ReLU or Activation.Tanh))
        {
            throw new ArgumentException($"{activation} is applied separately; the product applies Identity, ReLU or Tanh.", nameof(activation));
        }

        bias = bias[..n];
        bool done = k > 0 && GemmWidth.For<T>(GemmProduct.MultiplyTransposed, m, n, k) switch
        {
            512 => GemmBlocked<T, Vector512<T>, Vector512Ops<T>>.TryMultiplyTransposedBiasActivation(a, b, c, m, n, k, bias, activation),
            256 => GemmBlocked<T, Vector256<T>, Vector256Ops<T>>.TryMultiplyTransposedBiasActivation(a, b, c, m, n, k, bias, activation),
            128 => GemmBlocked<T, Vector128<T>, Vector128Ops<T>>.TryMultiplyTransposedBiasActivation(a, b, c, m, n, k, bias, activation),
            _ => false,
        };
        if (done)
        {
            return;
        }

        Span<T> result = c[..(m * n)];
        MultiplyTransposed(a, b, result, m, n, k);
        Bias.AddToRows(result, bias, m);
        Activations.ApplyInProduct(result, activation);
    }

    /// <summary>
    /// The columns a transposed activation buffer of a run of dense layers gives each feature
    /// (<see cref="MultiplyTransposedChained{T}"/>): the batch rounded up to 32, a whole number of every width's panels.
    /// </summary>
    /// <param name="batch">Samples in the batch.</param>
    public static int TransposedStride(int batch) => (batch + 31) & ~31;

    /// <summary>
    /// Whether <see cref="MultiplyTransposedChained{T}"/> runs this shape with nothing copied on the calling thread:
    /// floats with AVX, where the dense product runs swapped (batch along the vector) and alone. Elsewhere it still
    /// gives the same values, through transposing copies.
    /// </summary>
    /// <param name="m">The batch.</param>
    /// <param name="n">The layer's units.</param>
    /// <param name="k">Its inputs.</param>
    public static bool ChainRuns<T>(int m, int n, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        return k > 0 && GemmWidth.For<T>(GemmProduct.MultiplyTransposed, m, n, k) switch
        {
            512 => GemmBlocked<T, Vector512<T>, Vector512Ops<T>>.RunsSwappedAlone(m, n, k),
            256 => GemmBlocked<T, Vector256<T>, Vector256Ops<T>>.RunsSwappedAlone(m, n, k),
            128 => GemmBlocked<T, Vector128<T>, Vector128Ops<T>>.RunsSwappedAlone(m, n, k),
            _ => false,
        };
    }

    /// <summary>
    /// One dense layer of a run of them at inference: <c>Y = f(X·Wᵀ + b)</c>, as
    /// <see cref="MultiplyTransposed{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int, ReadOnlySpan{T}, Activation)"/>
    /// computes it, bit for bit, but with X, Y or both in the transposed layout: <c>[features, TransposedStride(m)]</c>,
    /// one row per feature with the batch along it. The swapped product computes Yᵀ and reads Xᵀ as its panels, so a
    /// layer that passes its output on transposed to the next saves transposing it out and back in. Where
    /// <see cref="ChainRuns{T}"/> is false the layouts are converted by copying.
    /// </summary>
    /// <param name="x">X: <paramref name="m"/> rows of <paramref name="k"/>, or <paramref name="k"/> rows of <c>TransposedStride(m)</c>.</param>
    /// <param name="xTransposed">Whether X is in the transposed layout.</param>
    /// <param name="w">W, <paramref name="n"/> rows of <paramref name="k"/>.</param>
    /// <param name="y">Y: <paramref name="m"/> rows of <paramref name="n"/>, or <paramref name="n"/> rows of <c>TransposedStride(m)</c>.</param>
    /// <param name="yTransposed">Whether Y is written in the transposed layout.</param>
    /// <param name="m">The batch.</param>
    /// <param name="n">Units: rows of W.</param>
    /// <param name="k">Inputs: columns of W.</param>
    /// <param name="bias">The <paramref name="n"/> biases.</param>
    /// <param name="activation">Identity, ReLU or Tanh.</param>
    public static void MultiplyTransposedChained<T>(ReadOnlySpan<T> x, bool xTransposed, ReadOnlySpan<T> w, Span<T> y, bool yTransposed, int m, int n, int k, ReadOnlySpan<T> bias, Activation activation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int stride = TransposedStride(m);
        CheckShapes(x.Length, xTransposed ? k * stride : m * k, w.Length, n * k, y.Length, yTransposed ? n * stride : m * n);
        if (bias.Length < n)
        {
            throw new ArgumentException($"The bias has {bias.Length} values for {n} units.", nameof(bias));
        }

        if (activation is not (Activation.Identity or Activation.ReLU or Activation.Tanh))
        {
            throw new ArgumentException($"{activation} is applied separately; the product applies Identity, ReLU or Tanh.", nameof(activation));
        }

        if (!xTransposed && !yTransposed)
        {
            MultiplyTransposed(x, w, y, m, n, k, bias, activation);
            return;
        }

        if (ChainRuns<T>(m, n, k))
        {
            ref T xRef = ref MemoryMarshal.GetReference(x);
            ref T wRef = ref MemoryMarshal.GetReference(w);
            ref T yRef = ref MemoryMarshal.GetReference(y);
            nint xStride = xTransposed ? stride : 0, yStride = yTransposed ? stride : 0;
            switch (GemmWidth.For<T>(GemmProduct.MultiplyTransposed, m, n, k))
            {
                case 512: GemmBlocked<T, Vector512<T>, Vector512Ops<T>>.Chained(ref xRef, xStride, ref wRef, ref yRef, yStride, m, n, k, bias[..n], activation); break;
                case 256: GemmBlocked<T, Vector256<T>, Vector256Ops<T>>.Chained(ref xRef, xStride, ref wRef, ref yRef, yStride, m, n, k, bias[..n], activation); break;
                default: GemmBlocked<T, Vector128<T>, Vector128Ops<T>>.Chained(ref xRef, xStride, ref wRef, ref yRef, yStride, m, n, k, bias[..n], activation); break;
            }

            return;
        }

        // The same values through copies: X into rows, the product as usual, Y into the transposed layout.
        int rowsIn = xTransposed ? m * k : 0;
        Span<T> scratch = ChainScratch<T>.Get(rowsIn + (yTransposed ? m * n : 0));
        ReadOnlySpan<T> xRows = x;
        if (xTransposed)
        {
            GemmTranspose.Transpose(ref MemoryMarshal.GetReference(x), stride, ref MemoryMarshal.GetReference(scratch), k, k, m, accumulate: false);
            xRows = scratch[..rowsIn];
        }

        Span<T> yRows = yTransposed ? scratch[rowsIn..] : y;
        MultiplyTransposed(xRows, w, yRows, m, n, k, bias, activation);
        if (yTransposed)
        {
            GemmTranspose.Transpose(ref MemoryMarshal.GetReference(yRows), n, ref MemoryMarshal.GetReference(y), stride, m, n, accumulate: false);
        }
    }

    /// <summary>A per-thread buffer for <see cref="MultiplyTransposedChained{T}"/>'s copies (the product itself uses <see cref="GemmScratch{T}"/>).</summary>
    private static class ChainScratch<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static T[]? t_buffer;

        public static Span<T> Get(int length)
        {
            if (t_buffer is null || t_buffer.Length < length)
            {
                t_buffer = new T[length];
            }

            return t_buffer.AsSpan(0, length);
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
        if (k == 0)
        {
            ClearUnlessAccumulating(c, m * n, accumulate);
            return;
        }

        switch (GemmWidth.For<T>(GemmProduct.Multiply, m, n, k))
        {
            case 512: GemmBlocked<T, Vector512<T>, Vector512Ops<T>>.Multiply(a, b, c, m, n, k, accumulate); break;
            case 256: GemmBlocked<T, Vector256<T>, Vector256Ops<T>>.Multiply(a, b, c, m, n, k, accumulate); break;
            case 128: GemmBlocked<T, Vector128<T>, Vector128Ops<T>>.Multiply(a, b, c, m, n, k, accumulate); break;
            default: PortableBroadcast(a, rowStride: k, columnStride: 1, b, c, m, n, k, accumulate); break;
        }
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
        if (k == 0)
        {
            ClearUnlessAccumulating(c, m * n, accumulate);
            return;
        }

        switch (GemmWidth.For<T>(GemmProduct.TransposedMultiply, m, n, k))
        {
            case 512: GemmBlocked<T, Vector512<T>, Vector512Ops<T>>.TransposedMultiply(a, b, c, m, n, k, accumulate); break;
            case 256: GemmBlocked<T, Vector256<T>, Vector256Ops<T>>.TransposedMultiply(a, b, c, m, n, k, accumulate); break;
            case 128: GemmBlocked<T, Vector128<T>, Vector128Ops<T>>.TransposedMultiply(a, b, c, m, n, k, accumulate); break;
            default: PortableBroadcast(a, rowStride: 1, columnStride: m, b, c, m, n, k, accumulate); break;
        }
    }

    /// <summary>
    /// The entry <c>a·b</c> of a product with an inner dimension of 1 (an outer product), exactly as every such product
    /// here computes it, whatever its shape: <c>a·b + 0</c> as one multiply-add where the kernels' multiply-adds are
    /// fused (hardware FMA), as they are; <c>a·b</c> then <c>+ 0</c> otherwise, and in the portable loops. (Adding 0
    /// turns a product of −0 into +0.) The one-sample weight update computes its gradients with it, so they match what
    /// <see cref="TransposedMultiply{T}"/> stores bit for bit.
    /// </summary>
    internal static T OuterProductEntry<T>(T a, T b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        return VectorBits<T>() != 0 && MultiplyAddIsFused ? T.FusedMultiplyAdd(a, b, T.Zero) : (a * b) + T.Zero;
    }

    /// <summary><see cref="OuterProductEntry{T}"/> lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<T> OuterProductEntries<T>(Vector<T> a, Vector<T> b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (VectorBits<T>() != 0)
        {
            if (Vector<T>.Count == Vector256<T>.Count)
            {
                return Vector256Ops<T>.MultiplyAdd(a.AsVector256(), b.AsVector256(), Vector256<T>.Zero).AsVector();
            }

            if (Vector<T>.Count == Vector128<T>.Count)
            {
                return Vector128Ops<T>.MultiplyAdd(a.AsVector128(), b.AsVector128(), Vector128<T>.Zero).AsVector();
            }

            if (Vector<T>.Count == Vector512<T>.Count)
            {
                return Vector512Ops<T>.MultiplyAdd(a.AsVector512(), b.AsVector512(), Vector512<T>.Zero).AsVector();
            }
        }

        return (a * b) + Vector<T>.Zero;
    }

    /// <summary>Whether the kernels' vector multiply-adds (<c>VectorCompat.MultiplyAdd</c>) are fused on this processor.</summary>
    private static bool MultiplyAddIsFused => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>
    /// Whether this processor's 512-bit multiply-adds deliver no more than its 256-bit ones (AMD's Zen 4 runs each
    /// 512-bit operation as two 256-bit halves). There each product takes 512-bit vectors only for the shapes where they
    /// measured no slower, 256-bit ones otherwise (<see cref="GemmWidth"/>). <c>STATICNET_WIDE_VECTORS=half</c> or
    /// <c>=full</c> sets it instead of the processor check (for processors it does not know, such as Intel cores with a
    /// single 512-bit multiply-add unit).
    /// </summary>
    public static bool WideVectorsAtHalfRate => GemmWidth.HalfRate;

    /// <summary>
    /// The widest vector the micro-kernels run at for <typeparamref name="T"/>: 512, 256 or 128 bits, or 0
    /// for the portable loops. A constant for the JIT, so each instantiation keeps one branch.
    /// </summary>
    internal static int VectorBits<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            return 0;
        }

        return Vector512.IsHardwareAccelerated ? 512
            : Vector256.IsHardwareAccelerated ? 256
            : Vector128.IsHardwareAccelerated ? 128
            : 0;
    }

    private static void CheckShapes(int aLength, int aNeeded, int bLength, int bNeeded, int cLength, int cNeeded)
    {
        if (aLength < aNeeded || bLength < bNeeded || cLength < cNeeded)
        {
            throw new ArgumentException(
                $"Matrix spans are too short: A has {aLength} of {aNeeded}, B {bLength} of {bNeeded}, C {cLength} of {cNeeded} values.");
        }
    }

    /// <summary>An empty inner dimension: C = 0, or C unchanged when accumulating.</summary>
    private static void ClearUnlessAccumulating<T>(Span<T> c, int length, bool accumulate)
    {
        if (!accumulate)
        {
            c[..length].Clear();
        }
    }

    /// <summary><c>A·Bᵀ</c> as one <see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> per entry.</summary>
    internal static void PortableDotProducts<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
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
    }

    /// <summary><c>Ã·B</c>, <c>Ã(i, p) = a[i·rowStride + p·columnStride]</c>, as one multiply-add of a row of B into a row of C per element of Ã.</summary>
    private static void PortableBroadcast<T>(ReadOnlySpan<T> a, int rowStride, int columnStride, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
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
    }
}
