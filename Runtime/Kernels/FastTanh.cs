using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StaticNet.Kernels;

/// <summary>
/// tanh for floats as a rational function, <c>x·P(x²) / Q(x²)</c> with P of degree 6 and Q of degree 3,
/// on x clamped to ±9 (beyond which tanh rounds to ±1 in float), the result clamped to ±1, and x itself
/// below 0.0004 in magnitude (as XLA does). The coefficients are the minimax fit
/// Eigen publishes and XLA and ONNX Runtime's MLAS use, so inference matches those runtimes' tanh as well
/// as PyTorch's. Odd by construction (<c>tanh(−x) = −tanh(x)</c> exactly), never above 1 in magnitude,
/// NaN stays NaN and ±∞ gives ±1.
/// </summary>
/// <remarks>
/// Every element goes through the same vector code (<see cref="Vector{T}"/>: 256 bits with AVX2, 128
/// without), the last few through a one-vector buffer, so a value's result does not depend on its position
/// or on the span's length.
/// </remarks>
internal static class FastTanh
{
    private const float Limit = 9f;

    /// <summary>Below this magnitude tanh(x) is x to within a unit in the last place (x³/3 ≤ x·5.4 × 10⁻⁸), and the fraction would lose subnormals.</summary>
    private const float Small = 0.0004f;
    private const float Alpha13 = -2.76076847742355e-16f;
    private const float Alpha11 = 2.00018790482477e-13f;
    private const float Alpha9 = -8.60467152213735e-11f;
    private const float Alpha7 = 5.12229709037114e-08f;
    private const float Alpha5 = 1.48572235717979e-05f;
    private const float Alpha3 = 6.37261928875436e-04f;
    private const float Alpha1 = 4.89352455891786e-03f;
    private const float Beta6 = 1.19825839466702e-06f;
    private const float Beta4 = 1.18534705686654e-04f;
    private const float Beta2 = 2.26843463243900e-03f;
    private const float Beta0 = 4.89352518554385e-03f;

    /// <summary><c>values[i] = tanh(values[i])</c>; needs <see cref="Vector.IsHardwareAccelerated"/>.</summary>
    public static void Apply(Span<float> values)
    {
        int width = Vector<float>.Count;
        int i = 0;
        ref float start = ref MemoryMarshal.GetReference(values);
        for (; i + width <= values.Length; i += width)
        {
            ref byte at = ref Unsafe.As<float, byte>(ref Unsafe.Add(ref start, i));
            Unsafe.WriteUnaligned(ref at, Of(Unsafe.ReadUnaligned<Vector<float>>(ref at)));
        }

        if (i < values.Length)
        {
            Span<float> last = stackalloc float[width];
            values[i..].CopyTo(last);
            Of(new Vector<float>(last)).CopyTo(last);
            last[..(values.Length - i)].CopyTo(values[i..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Of(Vector<float> x)
    {
        Vector<float> input = x;
        x = Clamp(x, new Vector<float>(Limit));
        Vector<float> x2 = x * x;
        Vector<float> p = VectorCompat.MultiplyAdd(x2, new Vector<float>(Alpha13), new Vector<float>(Alpha11));
        p = VectorCompat.MultiplyAdd(p, x2, new Vector<float>(Alpha9));
        p = VectorCompat.MultiplyAdd(p, x2, new Vector<float>(Alpha7));
        p = VectorCompat.MultiplyAdd(p, x2, new Vector<float>(Alpha5));
        p = VectorCompat.MultiplyAdd(p, x2, new Vector<float>(Alpha3));
        p = VectorCompat.MultiplyAdd(p, x2, new Vector<float>(Alpha1));
        Vector<float> q = VectorCompat.MultiplyAdd(x2, new Vector<float>(Beta6), new Vector<float>(Beta4));
        q = VectorCompat.MultiplyAdd(q, x2, new Vector<float>(Beta2));
        q = VectorCompat.MultiplyAdd(q, x2, new Vector<float>(Beta0));
        Vector<float> y = p * x / q;
        y = Clamp(y, Vector<float>.One);
        return Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(input), new Vector<float>(Small)), input, y);
    }

    /// <summary>
    /// <paramref name="x"/> limited to ±<paramref name="limit"/>, NaN passing unchanged. The native minimum and
    /// maximum (one instruction each) return their second operand when either is NaN on x86, and NaN on Arm, so x
    /// goes second; on .NET 8, which has no native forms, a comparison and a select each (false for NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Clamp(Vector<float> x, Vector<float> limit)
    {
#if NET9_0_OR_GREATER
        return Vector.MinNative(limit, Vector.MaxNative(-limit, x));
#else
        x = Vector.ConditionalSelect(Vector.GreaterThan(x, limit), limit, x);
        return Vector.ConditionalSelect(Vector.LessThan(x, -limit), -limit, x);
#endif
    }
}
