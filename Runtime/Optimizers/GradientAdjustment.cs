using System;
using System.Numerics;

namespace StaticNet.Optimizers;

/// <summary>
/// What happens to each gradient before an update rule sees it:
/// <c>g′ = clamp(scale·g, −clipValue, clipValue) + l2·w + l1·sign(w)</c>, element by element, where <c>w</c> is the
/// weight the gradient belongs to (its value before the update) and <c>sign(0) = 0</c>, the L1 subgradient at 0.
/// </summary>
/// <remarks>
/// <para>
/// <c>scale</c> carries global norm clipping (<see cref="Clipping.NormScale{T}"/>) or loss scaling; <c>clipValue</c>
/// clips by value as <c>torch.nn.utils.clip_grad_value_</c> does (<c>T.PositiveInfinity</c>: no clipping);
/// <c>l2</c> is the gradient of the penalty <c>½·l2·‖W‖²</c> (weight decay, as <c>weight_decay</c> in
/// <c>torch.optim.SGD</c>) and <c>l1</c> that of <c>l1·‖W‖₁</c>. Clipping acts on the loss gradient only, before
/// the penalties are added.
/// </para>
/// <para>
/// <c>default(GradientAdjustment&lt;T&gt;)</c> is <see cref="None"/>: the gradient passes unchanged.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type of the parameters and gradients.</typeparam>
public readonly struct GradientAdjustment<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Scale and ClipValue are stored only for constructed values, so that default is None (scale 1, no clipping).
    private readonly T _scale;
    private readonly T _clipValue;
    private readonly bool _constructed;

    /// <summary>An adjustment <c>g′ = clamp(scale·g, −clipValue, clipValue) + l2·w + l1·sign(w)</c>.</summary>
    /// <param name="scale">The factor on the gradient: finite and ≥ 0.</param>
    /// <param name="clipValue">The bound on |scale·g|: &gt; 0, <c>T.PositiveInfinity</c> for no clipping.</param>
    /// <param name="l2">The L2 penalty coefficient (weight decay): finite and ≥ 0.</param>
    /// <param name="l1">The L1 penalty coefficient: finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range (NaN included).</exception>
    public GradientAdjustment(T scale, T clipValue, T l2, T l1)
    {
        if (!T.IsFinite(scale) || !(scale >= T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The gradient scale must be finite and non-negative.");
        }

        if (!(clipValue > T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "The clip value must be positive (+∞ for no clipping).");
        }

        if (!T.IsFinite(l2) || !(l2 >= T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(l2), l2, "The L2 coefficient must be finite and non-negative.");
        }

        if (!T.IsFinite(l1) || !(l1 >= T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(l1), l1, "The L1 coefficient must be finite and non-negative.");
        }

        _scale = scale;
        _clipValue = clipValue;
        _constructed = true;
        L2 = l2;
        L1 = l1;
    }

    /// <summary>No adjustment, <c>g′ = g</c>: scale 1, no clipping (+∞), no L2, no L1. The same as <c>default</c>.</summary>
    public static GradientAdjustment<T> None => default;

    /// <summary>The factor on the gradient before clipping.</summary>
    public T Scale => _constructed ? _scale : T.One;

    /// <summary>The bound on |scale·g|; <c>T.PositiveInfinity</c> means no clipping.</summary>
    public T ClipValue => _constructed ? _clipValue : T.PositiveInfinity;

    /// <summary>The L2 penalty coefficient: <c>l2·w</c> is added to the clipped gradient.</summary>
    public T L2 { get; }

    /// <summary>The L1 penalty coefficient: <c>l1·sign(w)</c> is added to the clipped gradient.</summary>
    public T L1 { get; }

    /// <summary>
    /// Whether the adjustment leaves every gradient as it is (scale 1, no clipping, no regularization): update kernels then
    /// skip it, which also keeps tiny (subnormal) gradients out of needless multiplications, slow on x86.
    /// </summary>
    public bool IsIdentity => Scale == T.One && T.IsPositiveInfinity(ClipValue) && L2 == T.Zero && L1 == T.Zero;

    /// <summary>The same scale and clip value with the penalties <paramref name="l2"/> and <paramref name="l1"/>.</summary>
    /// <param name="l2">The L2 penalty coefficient (weight decay): finite and ≥ 0.</param>
    /// <param name="l1">The L1 penalty coefficient: finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is negative, infinite or NaN.</exception>
    public GradientAdjustment<T> WithRegularization(T l2, T l1) => new(Scale, ClipValue, l2, l1);

    /// <summary>
    /// <c>g′ = clamp(scale·g, −clipValue, clipValue) + l2·w + l1·sign(w)</c>, with <c>sign(0) = 0</c>, evaluated left
    /// to right exactly as the update kernels evaluate it. A NaN gradient stays NaN.
    /// </summary>
    /// <param name="gradient">g, the loss gradient of one weight.</param>
    /// <param name="weight">w, the weight's value before the update.</param>
    public T Apply(T gradient, T weight)
    {
        if (IsIdentity)
        {
            return gradient;
        }

        T clip = ClipValue;
        T clipped = T.Min(T.Max(Scale * gradient, -clip), clip);
        T sign = weight > T.Zero ? T.One : weight < T.Zero ? -T.One : T.Zero;
        return clipped + (L2 * weight) + (L1 * sign);
    }
}
