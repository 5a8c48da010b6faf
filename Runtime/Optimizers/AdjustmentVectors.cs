using System.Numerics;
using System.Runtime.CompilerServices;

namespace StaticNet.Optimizers;

/// <summary>
/// A <see cref="GradientAdjustment{T}"/> broadcast into vectors once per update call, so the vector loops apply it
/// with the same arithmetic, in the same order, as <see cref="GradientAdjustment{T}.Apply"/> does one element at a time.
/// </summary>
internal readonly struct AdjustmentVectors<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _scale;
    private readonly Vector<T> _clip;
    private readonly Vector<T> _negativeClip;
    private readonly Vector<T> _l2;
    private readonly Vector<T> _l1;
    private readonly bool _identity;

    public AdjustmentVectors(in GradientAdjustment<T> adjustment)
    {
        _scale = new Vector<T>(adjustment.Scale);
        _clip = new Vector<T>(adjustment.ClipValue);
        _negativeClip = -_clip;
        _l2 = new Vector<T>(adjustment.L2);
        _l1 = new Vector<T>(adjustment.L1);
        _identity = adjustment.IsIdentity;
    }

    /// <summary><c>clamp(scale·g, −clip, clip) + l2·w + l1·sign(w)</c>, with <c>sign(0) = 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Apply(Vector<T> gradient, Vector<T> weight)
    {
        if (_identity)
        {
            return gradient;
        }

        Vector<T> clipped = Vector.Min(Vector.Max(_scale * gradient, _negativeClip), _clip);
        Vector<T> sign = (Vector.GreaterThan(weight, Vector<T>.Zero) & Vector<T>.One) - (Vector.LessThan(weight, Vector<T>.Zero) & Vector<T>.One);
        return clipped + (_l2 * weight) + (_l1 * sign);
    }
}
