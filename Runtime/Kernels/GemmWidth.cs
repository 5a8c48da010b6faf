using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StaticNet.Kernels;

/// <summary>
/// Which vector width each product of <see cref="Gemm"/> runs at. Everywhere but one kind of processor, the widest the
/// hardware accelerates (<see cref="Gemm.VectorBits{T}"/>). Where 512-bit multiply-adds deliver no more than 256-bit ones
/// (<see cref="HalfRate"/>: AMD's Zen 4 runs each 512-bit operation as two 256-bit halves), 512-bit vectors halve the
/// instructions but not the time of a product's inner loop, while its tiles, padding and horizontal sums grow with the
/// width; there a product takes them only for the shapes where they measured no slower (<see cref="WidePays{T}"/>).
/// </summary>
/// <remarks>
/// On the first AVX-512 host (Zen 4), 512-bit vectors everywhere made LeNet-5's batch-32 training step 13 % and its
/// inference 20 % slower than 256-bit ones, and deep-tanh's training step 8–13 % faster; choosing by shape keeps both
/// gains (docs/performance.md, its first section).
/// </remarks>
internal static class GemmWidth
{
    /// <summary><see cref="Gemm.WideVectorsAtHalfRate"/>: from <c>STATICNET_WIDE_VECTORS</c>, else from the processor.</summary>
    public static bool HalfRate { get; } = DetectHalfRate();

    /// <summary>
    /// The vector width <paramref name="product"/> of this shape runs at: <see cref="Gemm.VectorBits{T}"/>, except 256 bits
    /// where <see cref="HalfRate"/> holds and <see cref="WidePays{T}"/> says 512 does not pay.
    /// A function of the shape and the processor only, so a shape always sums in the same order on one machine.
    /// </summary>
    public static int For<T>(GemmProduct product, int m, int n, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int widest = Gemm.VectorBits<T>();
        return widest == 512 && HalfRate && !WidePays<T>(product, m, n, k) ? 256 : widest;
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
    public static bool WidePays<T>(GemmProduct product, int m, int n, int k)
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

    private static bool DetectHalfRate()
    {
        if (Setting(Environment.GetEnvironmentVariable("STATICNET_WIDE_VECTORS")) is bool set)
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
    public static bool? Setting(string? value) => value switch
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
    public static bool IsAmdFamily19h(int vendorEbx, int vendorEcx, int vendorEdx, int signatureEax)
    {
        bool amd = vendorEbx == 0x68747541 && vendorEdx == 0x69746E65 && vendorEcx == 0x444D4163;
        int family = (signatureEax >> 8) & 0xF;
        if (family == 0xF)
        {
            family += (signatureEax >> 20) & 0xFF;
        }

        return amd && family == 0x19;
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
