using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// <see cref="WideVectorsAtHalfRate"/>), with the blocking and packing of <see cref="GemmBlocked{T, TVector, TOps}"/>. Without
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

        switch (ProductBits<T>(GemmProduct.MultiplyTransposed, m, n, k))
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
        bool done = k > 0 && ProductBits<T>(GemmProduct.MultiplyTransposed, m, n, k) switch
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

        switch (ProductBits<T>(GemmProduct.Multiply, m, n, k))
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

        switch (ProductBits<T>(GemmProduct.TransposedMultiply, m, n, k))
        {
            case 512: GemmBlocked<T, Vector512<T>, Vector512Ops<T>>.TransposedMultiply(a, b, c, m, n, k, accumulate); break;
            case 256: GemmBlocked<T, Vector256<T>, Vector256Ops<T>>.TransposedMultiply(a, b, c, m, n, k, accumulate); break;
            case 128: GemmBlocked<T, Vector128<T>, Vector128Ops<T>>.TransposedMultiply(a, b, c, m, n, k, accumulate); break;
            default: PortableBroadcast(a, rowStride: 1, columnStride: m, b, c, m, n, k, accumulate); break;
        }
    }

    /// <summary>
    /// Whether this processor's 512-bit multiply-adds deliver no more than its 256-bit ones: AMD's Zen 4 (family 19h with
    /// AVX-512) runs each 512-bit operation as two 256-bit halves, so 512-bit vectors halve the instructions but not the
    /// time of a product's inner loop, while its tiles, padding and horizontal sums grow with the width. There the
    /// products take 512-bit vectors only for shapes where that measured no slower (<see cref="WideVectorsPay{T}"/>).
    /// <c>STATICNET_WIDE_VECTORS=half</c> or <c>=full</c> sets it instead of the processor check (for processors it does
    /// not know, such as Intel cores with a single 512-bit multiply-add unit).
    /// </summary>
    public static bool WideVectorsAtHalfRate { get; } = DetectHalfRateWideVectors();

    /// <summary>
    /// The vector width <paramref name="product"/> of this shape runs at: <see cref="VectorBits{T}"/>, except 256 bits
    /// on processors with <see cref="WideVectorsAtHalfRate"/> where <see cref="WideVectorsPay{T}"/> says 512 does not pay.
    /// A function of the shape and the processor only, so a shape always sums in the same order on one machine.
    /// </summary>
    internal static int ProductBits<T>(GemmProduct product, int m, int n, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int widest = VectorBits<T>();
        return widest == 512 && WideVectorsAtHalfRate && !WideVectorsPay<T>(product, m, n, k) ? 256 : widest;
    }

    /// <summary>
    /// Whether a product of this shape runs at least as fast with 512-bit vectors as with 256-bit ones where both have
    /// the same multiply-add rate (measured on Zen 4 with every product of the reference workloads, at batch 32 and in
    /// data-parallel shards of 16): where a 512-bit panel fills, and where the work per tile outweighs what grows with
    /// the width.
    /// <list type="bullet">
    /// <item>A swapped product (a batch of at least one 512-bit panel, 32 floats, against a weight matrix): yes. A batch
    /// that fills only a 256-bit panel (16 floats) runs swapped at 256 bits instead: no (16 × 256 × 256 took 1.16–1.22×
    /// as long at 512 bits, without the swap).</item>
    /// <item>The dot-product tile of <c>A·Bᵀ</c>: only for a long inner dimension (k ≥ 512 floats); with shorter ones
    /// its horizontal sums and the masked last vector cost more than the wider steps save (a convolution's kernel
    /// gradient, 16 × 150 × 100, took 1.37× as long).</item>
    /// <item>A weight gradient <c>Aᵀ·B</c> over fewer samples than a panel is wide (a shard of 16): no (1.12–1.25×).</item>
    /// <item>Otherwise the outer-product tile (a strip of four vectors for a single row): where the columns fill whole
    /// 512-bit panels, or run at least 8 panels so the padded last one is a small share (a 10 × 10 plane's 100 columns
    /// pad to 128 against 112 with 256-bit panels: 1.45× as long).</item>
    /// </list>
    /// </summary>
    internal static bool WideVectorsPay<T>(GemmProduct product, int m, int n, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = Vector512<T>.Count;
        int panel = GemmMicroKernels.TileVectors * lanes;
        long packed = product == GemmProduct.Multiply ? (long)k * n : 0;
        if (product != GemmProduct.TransposedMultiply)
        {
            if (GemmBlocked<T, Vector512<T>, Vector512Ops<T>>.SwapPays(m, n, k, packed))
            {
                return true;
            }

            if (GemmBlocked<T, Vector256<T>, Vector256Ops<T>>.SwapPays(m, n, k, packed))
            {
                return false;
            }
        }

        if (product == GemmProduct.MultiplyTransposed)
        {
            return k >= 32 * lanes;
        }

        if (product == GemmProduct.TransposedMultiply && k > 1 && k < panel)
        {
            return false;
        }

        int stripe = m == 1 ? GemmMicroKernels.StripVectors * lanes : panel;
        return n % stripe == 0 || n >= 8 * stripe;
    }

    private static bool DetectHalfRateWideVectors()
    {
        if (WideVectorsSetting(Environment.GetEnvironmentVariable("STATICNET_WIDE_VECTORS")) is bool set)
        {
            return set;
        }

        if (!X86Base.IsSupported || !Avx512F.IsSupported)
        {
            return false;
        }

        (_, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
        return IsAmdFamily19h(ebx, ecx, edx, X86Base.CpuId(1, 0).Eax);
    }

    /// <summary><c>STATICNET_WIDE_VECTORS</c>: <c>half</c> true, <c>full</c> false, unset or empty null (ask the processor).</summary>
    internal static bool? WideVectorsSetting(string? value) => value switch
    {
        null or "" => null,
        "half" => true,
        "full" => false,
        _ => throw new InvalidOperationException($"STATICNET_WIDE_VECTORS is '{value}'; expected 'half' or 'full' (or unset, to ask the processor)."),
    };

    /// <summary>
    /// Whether CPUID names an AMD processor of family 19h (Zen 3 and Zen 4; of these only Zen 4 has AVX-512): the vendor
    /// "AuthenticAMD" in leaf 0's EBX, EDX, ECX, and leaf 1's EAX, whose base family 0Fh adds the extended family.
    /// </summary>
    internal static bool IsAmdFamily19h(int vendorEbx, int vendorEcx, int vendorEdx, int signatureEax)
    {
        bool amd = vendorEbx == 0x68747541 && vendorEdx == 0x69746E65 && vendorEcx == 0x444D4163;
        int family = (signatureEax >> 8) & 0xF;
        if (family == 0xF)
        {
            family += (signatureEax >> 20) & 0xFF;
        }

        return amd && family == 0x19;
    }

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

/// <summary>The three products of <see cref="Gemm"/>, for choosing their vector width by shape.</summary>
internal enum GemmProduct
{
    /// <summary><c>A·Bᵀ</c>.</summary>
    MultiplyTransposed,

    /// <summary><c>A·B</c>.</summary>
    Multiply,

    /// <summary><c>Aᵀ·B</c>.</summary>
    TransposedMultiply,
}
