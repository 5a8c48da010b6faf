using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StaticNet.Optimizers;

/// <summary>
/// Nesterov accelerated gradient, computed as <c>torch.optim.SGD(nesterov=True)</c> does, from the gradient at the
/// current weights (no second forward pass): <c>b ← μb + g′</c>; <c>W ← W − α(g′ + μb)</c>, where <c>g′</c> is the
/// gradient after the <see cref="GradientAdjustment{T}"/>.
/// </summary>
/// <remarks>
/// <para>
/// The notes' form evaluates the gradient at a look-ahead point: <c>V ← μV − α∇J(W + μV)</c>; <c>W ← W + V</c>.
/// With a constant α, this kernel runs the same iteration in the variables <c>W̃ = W + μV</c> (the look-ahead point
/// itself, so the gradient it needs is the one at its own weights, <c>∇J(W̃)</c>) and <c>b = −V/α</c>:
/// <c>V′ = μV − α∇J(W̃) = −α(μb + ∇J(W̃)) = −α·b′</c>, and
/// <c>W̃′ = W′ + μV′ = W̃ − μV + (1 + μ)V′ = W̃ − α(∇J(W̃) + μb′)</c>.
/// So starting from <c>W̃₀ = W₀ + μV₀</c> and <c>b₀ = −V₀/α</c> (both W₀ and 0 from a zero velocity), every step's
/// weights are the notes' look-ahead point <c>W + μV</c>, and the notes' <c>W</c> is <c>W̃ − μV = W̃ + αμb</c>.
/// </para>
/// <para>PyTorch starts the buffer as a copy of the first gradient, which is what <c>μ·0 + g′</c> gives.</para>
/// </remarks>
public static class Nesterov
{
    /// <summary>
    /// <c>b ← μb + g′</c>; <c>W ← W − α(g′ + μb)</c>, in place, with
    /// <c>g′ = clamp(scale·g, −clip, clip) + l2·W + l1·sign(W)</c> from <paramref name="adjustment"/>. Allocation-free.
    /// </summary>
    /// <param name="parameters">W, updated in place; the gradient must be taken at these weights.</param>
    /// <param name="buffer">b, the momentum buffer, laid out like W (zeros before the first step).</param>
    /// <param name="gradients">g = ∇J(W), laid out like W.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="momentum">μ, in [0, 1).</param>
    /// <param name="adjustment">What happens to each gradient first; <see cref="GradientAdjustment{T}.None"/> for nothing.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Update<T>(Span<T> parameters, Span<T> buffer, ReadOnlySpan<T> gradients, T learningRate, T momentum,
        in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Update(parameters, buffer, new GradientBlock<T>(gradients), learningRate, momentum, adjustment);
    }

    /// <summary>
    /// The same update with the gradients of a <see cref="GradientBlock{T}"/>: stored, or computed from an outer
    /// product as they are read (a one-sample step's dense weight gradients).
    /// </summary>
    /// <exception cref="ArgumentException">The spans and the block differ in length.</exception>
    public static unsafe void Update<T>(Span<T> parameters, Span<T> buffer, GradientBlock<T> gradients, T learningRate, T momentum,
        in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Lengths.Check(parameters.Length, gradients.Length, nameof(buffer), buffer.Length);
        fixed (T* parametersPointer = parameters, bufferPointer = buffer)
        {
            var update = new Step<T>(parametersPointer, bufferPointer, learningRate, momentum, adjustment);
            gradients.Run(ref update);
        }
    }

    /// <summary>The update of pinned parameters and state from a gradient source.</summary>
    private readonly unsafe struct Step<T>(T* parametersPointer, T* bufferPointer, T learningRate, T momentum, GradientAdjustment<T> adjustment) : IGradientUpdate<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Run<TGradient>(TGradient gradients, int offset, int count)
            where TGradient : struct, IGradientSource<T>
        {
            Span<T> parameters = new(parametersPointer + offset, count);
            Span<T> buffer = new(bufferPointer + offset, count);
            int i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                i = adjustment.IsIdentity
                    ? Vectors(parameters, buffer, gradients, learningRate, momentum, default(UnadjustedVectors<T>))
                    : Vectors(parameters, buffer, gradients, learningRate, momentum, new AdjustmentVectors<T>(adjustment));
            }

            for (; i < parameters.Length; i++)
            {
                T w = parameters[i];
                T g = adjustment.Apply(gradients.At(i), w);
                T b = (momentum * buffer[i]) + g;
                buffer[i] = b;
                parameters[i] = w - (learningRate * (g + (momentum * b)));
            }
        }
    }

    /// <summary>The whole vectors of an update; returns where the scalar tail starts.</summary>
    /// <remarks>Compiled on its own, never inlined (see <see cref="IGradientVectors{T}"/>).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Vectors<T, TGradient, TAdjust>(Span<T> parameters, Span<T> buffer, TGradient g, T learningRate,
        T momentum, TAdjust adjust)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGradient : struct, IGradientSource<T>
        where TAdjust : struct, IGradientVectors<T>
    {
        Vector<T> mu = new(momentum), alpha = new(learningRate);
        ref T w = ref MemoryMarshal.GetReference(parameters);
        ref T b = ref MemoryMarshal.GetReference(buffer);
        nuint width = (nuint)Vector<T>.Count, whole = (nuint)parameters.Length - ((nuint)parameters.Length % width);
        for (nuint i = 0; i < whole; i += 2 * width)
        {
            // Two vectors a step, both loaded before either is stored (see IGradientVectors); j = i for a last odd one.
            nuint j = i + width < whole ? i + width : i;
            Vector<T> w0 = Vector.LoadUnsafe(ref w, i), w1 = Vector.LoadUnsafe(ref w, j);
            Vector<T> g0 = adjust.Apply(g.Load(i), w0), g1 = adjust.Apply(g.Load(j), w1);
            Vector<T> b0 = (mu * Vector.LoadUnsafe(ref b, i)) + g0, b1 = (mu * Vector.LoadUnsafe(ref b, j)) + g1;
            b0.StoreUnsafe(ref b, i);
            b1.StoreUnsafe(ref b, j);
            (w0 - (alpha * (g0 + (mu * b0)))).StoreUnsafe(ref w, i);
            (w1 - (alpha * (g1 + (mu * b1)))).StoreUnsafe(ref w, j);
        }

        return (int)whole;
    }
}
