using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StaticNet.Optimizers;

/// <summary>
/// Adam, and AdamW with decoupled weight decay, in <c>torch.optim.Adam</c>'s order of operations (no AMSGrad):
/// <c>m ← β₁m + (1−β₁)g′</c>; <c>v ← β₂v + (1−β₂)g′²</c>; <c>W ← W − (α/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε)</c>, where
/// <c>g′</c> is the gradient after the <see cref="GradientAdjustment{T}"/> and t the step, counted from 1.
/// </summary>
/// <remarks>
/// <para>
/// L2 regularization through the adjustment is <c>torch.optim.Adam(weight_decay=λ)</c>: λW joins the gradient and so
/// the moments. Decoupled weight decay is <c>torch.optim.AdamW(weight_decay=λ)</c>: <c>W ← W·(1 − αλ)</c> before
/// the Adam step, outside the moments. Use one or the other.
/// </para>
/// <para>
/// As in PyTorch, the scalars are computed in double once per call and rounded to the element type:
/// the step size <c>α/(1−β₁ᵗ)</c>, <c>√(1−β₂ᵗ)</c> and the decay factor <c>1 − αλ</c>; and the per-element
/// arithmetic is <c>denom = √v / √(1−β₂ᵗ) + ε</c>, <c>W ← W − (stepSize·m)/denom</c>, with the second moment
/// updated as <c>β₂v + ((1−β₂)·g′)·g′</c> and 1−β₁, 1−β₂ computed in the element type. PyTorch 2 computes
/// the first moment as <c>m + (1−β₁)(g′ − m)</c> (a lerp), the same value to rounding.
/// </para>
/// </remarks>
public static class Adam
{
    /// <summary>
    /// One Adam step at step <paramref name="step"/>, in place: if λ ≠ 0, <c>W ← W·(1 − αλ)</c> first (AdamW); then
    /// <c>m ← β₁m + (1−β₁)g′</c>, <c>v ← β₂v + (1−β₂)g′²</c> and
    /// <c>W ← W − (α/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε)</c>, with <c>g′ = clamp(scale·g, −clip, clip) + l2·W + l1·sign(W)</c>
    /// from <paramref name="adjustment"/> and W as it was before the decay. Allocation-free.
    /// </summary>
    /// <param name="parameters">W, updated in place.</param>
    /// <param name="firstMoment">m, the moving average of gradients, laid out like W (zeros before step 1).</param>
    /// <param name="secondMoment">v, the moving average of squared gradients, laid out like W (zeros before step 1).</param>
    /// <param name="gradients">g, the loss gradient, laid out like W.</param>
    /// <param name="learningRate">α (PyTorch's default is 1e-3).</param>
    /// <param name="beta1">β₁, in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂, in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε, added to the bias-corrected √v (default 1e-8).</param>
    /// <param name="step">t, the number of this step: 1 for the first update, then 2, 3, …</param>
    /// <param name="decoupledWeightDecay">λ of AdamW; 0 for Adam.</param>
    /// <param name="adjustment">What happens to each gradient first; <see cref="GradientAdjustment{T}.None"/> for nothing.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is less than 1.</exception>
    public static void Update<T>(Span<T> parameters, Span<T> firstMoment, Span<T> secondMoment, ReadOnlySpan<T> gradients,
        T learningRate, T beta1, T beta2, T epsilon, long step, T decoupledWeightDecay, in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Update(parameters, firstMoment, secondMoment, new GradientBlock<T>(gradients), learningRate, beta1, beta2, epsilon, step, decoupledWeightDecay, adjustment);
    }

    /// <summary>
    /// The same update with the gradients of a <see cref="GradientBlock{T}"/>: stored, or computed from an outer
    /// product as they are read (a one-sample step's dense weight gradients).
    /// </summary>
    /// <exception cref="ArgumentException">The spans and the block differ in length.</exception>
    public static unsafe void Update<T>(Span<T> parameters, Span<T> firstMoment, Span<T> secondMoment, GradientBlock<T> gradients,
        T learningRate, T beta1, T beta2, T epsilon, long step, T decoupledWeightDecay, in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Lengths.Check(parameters.Length, gradients.Length, nameof(firstMoment), firstMoment.Length, nameof(secondMoment), secondMoment.Length);
        if (step < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Adam counts steps from 1: the first update is step 1.");
        }

        double alpha = double.CreateTruncating(learningRate);
        T stepSize = T.CreateTruncating(alpha / (1 - Math.Pow(double.CreateTruncating(beta1), step)));
        T correction2 = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(double.CreateTruncating(beta2), step)));
        // W·1 is W exactly, so plain Adam multiplies by 1 rather than branching.
        T decay = decoupledWeightDecay == T.Zero ? T.One : T.CreateTruncating(1 - (alpha * double.CreateTruncating(decoupledWeightDecay)));
        T keep1 = T.One - beta1, keep2 = T.One - beta2;
        fixed (T* parametersPointer = parameters, firstMomentPointer = firstMoment, secondMomentPointer = secondMoment)
        {
            var update = new Step<T>(parametersPointer, firstMomentPointer, secondMomentPointer, beta1, beta2, epsilon, adjustment, stepSize, correction2, decay, keep1, keep2);
            gradients.Run(ref update);
        }
    }

    /// <summary>The update of pinned parameters and state from a gradient source.</summary>
    private readonly unsafe struct Step<T>(T* parametersPointer, T* firstMomentPointer, T* secondMomentPointer, T beta1, T beta2, T epsilon, GradientAdjustment<T> adjustment, T stepSize, T correction2, T decay, T keep1, T keep2) : IGradientUpdate<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Run<TGradient>(TGradient gradients, int offset, int count)
            where TGradient : struct, IGradientSource<T>
        {
            Span<T> parameters = new(parametersPointer + offset, count);
            Span<T> firstMoment = new(firstMomentPointer + offset, count);
            Span<T> secondMoment = new(secondMomentPointer + offset, count);
            int i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                i = adjustment.IsIdentity
                    ? Vectors(parameters, firstMoment, secondMoment, gradients, beta1, beta2, keep1, keep2, stepSize, correction2,
                        epsilon, decay, default(UnadjustedVectors<T>))
                    : Vectors(parameters, firstMoment, secondMoment, gradients, beta1, beta2, keep1, keep2, stepSize, correction2,
                        epsilon, decay, new AdjustmentVectors<T>(adjustment));
            }

            for (; i < parameters.Length; i++)
            {
                T w = parameters[i];
                T g = adjustment.Apply(gradients.At(i), w);
                T m = (beta1 * firstMoment[i]) + (keep1 * g);
                T v = (beta2 * secondMoment[i]) + (keep2 * g * g);
                firstMoment[i] = m;
                secondMoment[i] = v;
                T denom = (T.Sqrt(v) / correction2) + epsilon;
                parameters[i] = (w * decay) - (stepSize * m / denom);
            }
        }
    }

    /// <summary>The whole vectors of an update; returns where the scalar tail starts.</summary>
    /// <remarks>Compiled on its own, never inlined (see <see cref="IGradientVectors{T}"/>).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Vectors<T, TGradient, TAdjust>(Span<T> parameters, Span<T> firstMoment, Span<T> secondMoment,
        TGradient g, T beta1, T beta2, T keep1, T keep2, T stepSize, T correction2, T epsilon, T decay,
        TAdjust adjust)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGradient : struct, IGradientSource<T>
        where TAdjust : struct, IGradientVectors<T>
    {
        Vector<T> b1 = new(beta1), b2 = new(beta2), fresh1 = new(keep1), fresh2 = new(keep2);
        Vector<T> size = new(stepSize), corr2 = new(correction2), eps = new(epsilon), shrink = new(decay);
        ref T w = ref MemoryMarshal.GetReference(parameters);
        ref T m = ref MemoryMarshal.GetReference(firstMoment);
        ref T v = ref MemoryMarshal.GetReference(secondMoment);
        nuint width = (nuint)Vector<T>.Count, whole = (nuint)parameters.Length - ((nuint)parameters.Length % width);
        for (nuint i = 0; i < whole; i += 2 * width)
        {
            // Two vectors a step, both loaded before either is stored (see IGradientVectors); j = i for a last odd one.
            nuint j = i + width < whole ? i + width : i;
            Vector<T> w0 = Vector.LoadUnsafe(ref w, i), w1 = Vector.LoadUnsafe(ref w, j);
            Vector<T> g0 = adjust.Apply(g.Load(i), w0), g1 = adjust.Apply(g.Load(j), w1);
            Vector<T> m0 = (b1 * Vector.LoadUnsafe(ref m, i)) + (fresh1 * g0), m1 = (b1 * Vector.LoadUnsafe(ref m, j)) + (fresh1 * g1);
            Vector<T> v0 = (b2 * Vector.LoadUnsafe(ref v, i)) + (fresh2 * g0 * g0), v1 = (b2 * Vector.LoadUnsafe(ref v, j)) + (fresh2 * g1 * g1);
            m0.StoreUnsafe(ref m, i);
            m1.StoreUnsafe(ref m, j);
            v0.StoreUnsafe(ref v, i);
            v1.StoreUnsafe(ref v, j);
            ((w0 * shrink) - (size * m0 / ((Vector.SquareRoot(v0) / corr2) + eps))).StoreUnsafe(ref w, i);
            ((w1 * shrink) - (size * m1 / ((Vector.SquareRoot(v1) / corr2) + eps))).StoreUnsafe(ref w, j);
        }

        return (int)whole;
    }
}
