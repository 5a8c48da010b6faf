using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
