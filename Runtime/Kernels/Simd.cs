using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System;
using System.Runtime.Intrinsics.X86;
#endif

namespace StaticNet.Kernels;

/// <summary>
/// Fused multiply-add on 512-bit vectors of <see cref="float"/> or <see cref="double"/>. The type tests
/// are constants for the JIT, so each instantiation compiles to one <c>vfmadd</c> instruction.
/// </summary>
internal static class Simd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd<T>(Vector512<T> left, Vector512<T> right, Vector512<T> addend)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(left.As<T, float>(), right.As<T, float>(), addend.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(left.As<T, double>(), right.As<T, double>(), addend.As<T, double>()).As<double, T>();
        }
#else
        // .NET 8 has no Vector512.FusedMultiplyAdd: the same instruction through Avx512F, and where that is
        // missing the same result lane by lane, as .NET 9's method computes it without the hardware.
        if (typeof(T) == typeof(float))
        {
            return Avx512F.IsSupported
                ? Avx512F.FusedMultiplyAdd(left.As<T, float>(), right.As<T, float>(), addend.As<T, float>()).As<float, T>()
                : MultiplyAddLanes(left, right, addend);
        }

        if (typeof(T) == typeof(double))
        {
            return Avx512F.IsSupported
                ? Avx512F.FusedMultiplyAdd(left.As<T, double>(), right.As<T, double>(), addend.As<T, double>()).As<double, T>()
                : MultiplyAddLanes(left, right, addend);
        }
#endif

        return (left * right) + addend;
    }

#if !NET9_0_OR_GREATER
    private static Vector512<T> MultiplyAddLanes<T>(Vector512<T> left, Vector512<T> right, Vector512<T> addend)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Span<T> lanes = stackalloc T[Vector512<T>.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = T.FusedMultiplyAdd(left.GetElement(i), right.GetElement(i), addend.GetElement(i));
        }

        return Vector512.Create<T>(lanes);
    }
#endif

    /// <summary>Whether the 512-bit paths run: AVX-512 hardware and an element type it handles.</summary>
    public static bool Wide<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector512.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double));
}
