using System.Numerics;
using System.Runtime.CompilerServices;

namespace StaticNet.Optimizers;

/// <summary>
/// What an optimizer's vector loop does to each gradient before its update. The loops are generic over it, so the JIT
/// compiles one loop per kind: <see cref="UnadjustedVectors{T}"/> leaves nothing in it, whether or not the loop is
/// inlined where the adjustment is a constant.
/// </summary>
internal interface IGradientVectors<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The gradient the update uses, from the loss gradient and the weight.</summary>
    Vector<T> Apply(Vector<T> gradient, Vector<T> weight);
}

/// <summary>The identity adjustment (<see cref="GradientAdjustment{T}.IsIdentity"/>): the gradient as it is.</summary>
internal readonly struct UnadjustedVectors<T> : IGradientVectors<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Apply(Vector<T> gradient, Vector<T> weight) => gradient;
}

/// <summary>
/// A <see cref="GradientAdjustment{T}"/> broadcast into vectors once per update call, so the vector loops apply it
/// with the same arithmetic, in the same order, as <see cref="GradientAdjustment{T}.Apply"/> does one element at a time.
/// The identity takes <see cref="UnadjustedVectors{T}"/> instead.
/// </summary>
internal readonly struct AdjustmentVectors<T> : IGradientVectors<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _scale;
    private readonly Vector<T> _clip;
    private readonly Vector<T> _negativeClip;
    private readonly Vector<T> _l2;
    private readonly Vector<T> _l1;

    public AdjustmentVectors(in GradientAdjustment<T> adjustment)
    {
        _scale = new Vector<T>(adjustment.Scale);
        _clip = new Vector<T>(adjustment.ClipValue);
        _negativeClip = -_clip;
        _l2 = new Vector<T>(adjustment.L2);
        _l1 = new Vector<T>(adjustment.L1);
    }

    /// <summary><c>clamp(scale·g, −clip, clip) + l2·w + l1·sign(w)</c>, with <c>sign(0) = 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Apply(Vector<T> gradient, Vector<T> weight)
    {
        Vector<T> scaled = _scale * gradient;
#if NET9_0_OR_GREATER
        Vector<T> clipped = Vector.Min(Vector.Max(scaled, _negativeClip), _clip);
#else
        // .NET 8's Vector.Min and Max give the other operand where one is NaN; .NET 9's, like T.Min and T.Max, give
        // the NaN. Keep a NaN gradient NaN here too (the bounds are never NaN, zero or equal to a zero).
        Vector<T> clipped = Vector.ConditionalSelect(Vector.Equals(scaled, scaled), Vector.Min(Vector.Max(scaled, _negativeClip), _clip), scaled);
#endif
        Vector<T> sign = (Vector.GreaterThan(weight, Vector<T>.Zero) & Vector<T>.One) - (Vector.LessThan(weight, Vector<T>.Zero) & Vector<T>.One);
        return clipped + (_l2 * weight) + (_l1 * sign);
    }
}
