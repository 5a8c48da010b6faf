using System;

namespace StaticNet;

/// <summary>
/// What every optimizer declares. Before the update rule sees a gradient g it is clipped (<see cref="ClipNorm"/>,
/// then <see cref="ClipValue"/>) and regularized, on weights only (never biases, batch-norm γ and β, or state):
/// g ← g + λ·W (<see cref="WeightDecay"/>, L2) + λ₁·sign(W) (<see cref="L1"/>). A network declares exactly one optimizer.
/// </summary>
public abstract class OptimizerAttribute : Attribute
{
    /// <summary>Declares an optimizer with its default learning rate.</summary>
    protected OptimizerAttribute(double learningRate) => LearningRate = learningRate;

    /// <summary>The step size α, greater than 0. The network's <c>LearningRate</c> starts at it and can be changed at run time.</summary>
    public double LearningRate { get; set; }

    /// <summary>L2 weight decay λ ≥ 0, added as λW to the weights' gradient (AdamW: decoupled, W ← W(1 − αλ)). Default 0 (AdamW 0.01).</summary>
    public double WeightDecay { get; set; }

    /// <summary>L1 regularization λ₁ ≥ 0, added as λ₁·sign(W) to the weights' gradient (0 at W = 0). Default 0.</summary>
    public double L1 { get; set; }

    /// <summary>
    /// When greater than 0, scales all gradients together so their global L2 norm is at most this
    /// (as torch.nn.utils.clip_grad_norm_: factor min(1, ClipNorm / (‖g‖ + 1e-6))). Default 0: off.
    /// </summary>
    public double ClipNorm { get; set; }

    /// <summary>When greater than 0, clamps each gradient to [−ClipValue, ClipValue], after <see cref="ClipNorm"/>. Default 0: off.</summary>
    public double ClipValue { get; set; }
}

/// <summary>Plain (mini-batch stochastic) gradient descent: W ← W − α·g.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SgdAttribute : OptimizerAttribute
{
    /// <summary>Declares SGD, learning rate 0.01 unless set.</summary>
    public SgdAttribute() : base(0.01)
    {
    }
}

/// <summary>
/// Gradient descent with momentum, exactly as in the course notes (a ball rolling on the loss surface):
/// V ← μV − α·g; W ← W + V. With <see cref="Momentum"/> 0 it is plain gradient descent.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MomentumAttribute : OptimizerAttribute
{
    /// <summary>Declares momentum SGD, learning rate 0.01 and momentum 0.9 unless set.</summary>
    public MomentumAttribute() : base(0.01)
    {
    }

    /// <summary>Momentum μ in [0, 1). Default 0.9.</summary>
    public double Momentum { get; set; } = 0.9;
}

/// <summary>
/// Nesterov accelerated gradient: the notes' V ← μV − α∇J(W + μV); W ← W + V, computed as PyTorch does without a
/// second forward pass: b ← μb + g; W ← W − α(g + μb).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class NesterovAttribute : OptimizerAttribute
{
    /// <summary>Declares Nesterov momentum, learning rate 0.01 and momentum 0.9 unless set.</summary>
    public NesterovAttribute() : base(0.01)
    {
    }

    /// <summary>Momentum μ in [0, 1). Default 0.9.</summary>
    public double Momentum { get; set; } = 0.9;
}

/// <summary>AdaGrad: G ← G + g²; W ← W − α·g/(√G + ε). Each weight's step shrinks with its accumulated gradient.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AdaGradAttribute : OptimizerAttribute
{
    /// <summary>Declares AdaGrad, learning rate 0.01 unless set (PyTorch's default).</summary>
    public AdaGradAttribute() : base(0.01)
    {
    }

    /// <summary>ε &gt; 0 in the denominator. Default 1e-10 (PyTorch's).</summary>
    public double Epsilon { get; set; } = 1e-10;
}

/// <summary>RMSProp: S ← ρS + (1 − ρ)g²; W ← W − α·g/(√S + ε). A decaying average instead of AdaGrad's sum.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RMSPropAttribute : OptimizerAttribute
{
    /// <summary>Declares RMSProp, learning rate 0.01 unless set (PyTorch's default).</summary>
    public RMSPropAttribute() : base(0.01)
    {
    }

    /// <summary>The decay rate ρ in [0, 1) of the squared-gradient average (PyTorch's alpha). Default 0.99.</summary>
    public double Rho { get; set; } = 0.99;

    /// <summary>ε &gt; 0 in the denominator. Default 1e-8.</summary>
    public double Epsilon { get; set; } = 1e-8;
}

/// <summary>
/// Adam: m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; W ← W − α·m̂/(√v̂ + ε), with the bias corrections
/// m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) at step t. <see cref="OptimizerAttribute.WeightDecay"/> adds λW to g (L2).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AdamAttribute : OptimizerAttribute
{
    /// <summary>Declares Adam, learning rate 0.001 unless set.</summary>
    public AdamAttribute() : base(0.001)
    {
    }

    /// <summary>β₁ in [0, 1), the decay of the gradient average. Default 0.9.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>β₂ in [0, 1), the decay of the squared-gradient average. Default 0.999.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>ε &gt; 0 in the denominator. Default 1e-8.</summary>
    public double Epsilon { get; set; } = 1e-8;
}

/// <summary>
/// AdamW: Adam with decoupled weight decay. The weights shrink W ← W(1 − αλ) before the Adam step instead of λW
/// being added to the gradient, so the decay is not rescaled by Adam's per-weight step sizes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AdamWAttribute : OptimizerAttribute
{
    /// <summary>Declares AdamW, learning rate 0.001 and weight decay 0.01 unless set (PyTorch's defaults).</summary>
    public AdamWAttribute() : base(0.001) => WeightDecay = 0.01;

    /// <summary>β₁ in [0, 1). Default 0.9.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>β₂ in [0, 1). Default 0.999.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>ε &gt; 0. Default 1e-8.</summary>
    public double Epsilon { get; set; } = 1e-8;
}
