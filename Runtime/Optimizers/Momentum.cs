using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StaticNet.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, exactly as in the course notes: <c>V ← μV − α·g′</c>, then
/// <c>W ← W + V</c>, where <c>g′</c> is the gradient after the <see cref="GradientAdjustment{T}"/> (with an L2
/// coefficient λ, <c>g′ = ∇J + λW</c>: weight decay). With μ = 0 it is plain gradient descent, bit for bit
/// <see cref="Sgd"/>.
/// </summary>
/// <remarks>
/// <c>torch.optim.SGD</c> keeps <c>b ← μb + g′; W ← W − α·b</c> instead; the two agree (<c>V = −α·b</c>) while α is
/// constant, and differ when the learning rate changes, where the notes' velocity keeps the old step sizes.
/// </remarks>
public static class Momentum
{
    /// <summary>
    /// <c>V ← μV − α·g′</c>; <c>W ← W + V</c>, in place, with <c>g′ = clamp(scale·g, −clip, clip) + l2·W + l1·sign(W)</c>
    /// from <paramref name="adjustment"/>. Allocation-free.
    /// </summary>
    /// <param name="parameters">W, updated in place.</param>
    /// <param name="velocity">V, the optimizer state, laid out like W (zeros before the first step).</param>
    /// <param name="gradients">g, the loss gradient, laid out like W.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="momentum">μ, in [0, 1).</param>
    /// <param name="adjustment">What happens to each gradient first; <see cref="GradientAdjustment{T}.None"/> for nothing.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Update<T>(Span<T> parameters, Span<T> velocity, ReadOnlySpan<T> gradients, T learningRate, T momentum,
        in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Update(parameters, velocity, new GradientBlock<T>(gradients), learningRate, momentum, adjustment);
    }

    /// <summary>
    /// The same update with the gradients of a <see cref="GradientBlock{T}"/>: stored, or computed from an outer
    /// product as they are read (a one-sample step's dense weight gradients).
    /// </summary>
    /// <exception cref="ArgumentException">The spans and the block differ in length.</exception>
    public static unsafe void Update<T>(Span<T> parameters, Span<T> velocity, GradientBlock<T> gradients, T learningRate, T momentum,
        in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Lengths.Check(parameters.Length, gradients.Length, nameof(velocity), velocity.Length);
        fixed (T* parametersPointer = parameters, velocityPointer = velocity)
        {
            var update = new Step<T>(parametersPointer, velocityPointer, learningRate, momentum, adjustment);
            gradients.Run(ref update);
        }
    }

    /// <summary>The update of pinned parameters and state from a gradient source.</summary>
    private readonly unsafe struct Step<T>(T* parametersPointer, T* velocityPointer, T learningRate, T momentum, GradientAdjustment<T> adjustment) : IGradientUpdate<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Run<TGradient>(TGradient gradients, int offset, int count)
            where TGradient : struct, IGradientSource<T>
        {
            Span<T> parameters = new(parametersPointer + offset, count);
            Span<T> velocity = new(velocityPointer + offset, count);
            int i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                i = adjustment.IsIdentity
                    ? Vectors(parameters, velocity, gradients, learningRate, momentum, default(UnadjustedVectors<T>))
                    : Vectors(parameters, velocity, gradients, learningRate, momentum, new AdjustmentVectors<T>(adjustment));
            }

            for (; i < parameters.Length; i++)
            {
                T w = parameters[i];
                T g = adjustment.Apply(gradients.At(i), w);
                T v = (momentum * velocity[i]) - (learningRate * g);
                velocity[i] = v;
                parameters[i] = w + v;
            }
        }
    }

    /// <summary>The whole vectors of an update; returns where the scalar tail starts.</summary>
    /// <remarks>Compiled on its own, never inlined (see <see cref="IGradientVectors{T}"/>).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Vectors<T, TGradient, TAdjust>(Span<T> parameters, Span<T> velocity, TGradient g, T learningRate,
        T momentum, TAdjust adjust)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGradient : struct, IGradientSource<T>
        where TAdjust : struct, IGradientVectors<T>
    {
        Vector<T> mu = new(momentum), alpha = new(learningRate);
        ref T w = ref MemoryMarshal.GetReference(parameters);
        ref T v = ref MemoryMarshal.GetReference(velocity);
        nuint width = (nuint)Vector<T>.Count, whole = (nuint)parameters.Length - ((nuint)parameters.Length % width);
        for (nuint i = 0; i < whole; i += 2 * width)
        {
            // Two vectors a step, both loaded before either is stored (see IGradientVectors); j = i for a last odd one.
            nuint j = i + width < whole ? i + width : i;
            Vector<T> w0 = Vector.LoadUnsafe(ref w, i), w1 = Vector.LoadUnsafe(ref w, j);
            Vector<T> v0 = (mu * Vector.LoadUnsafe(ref v, i)) - (alpha * adjust.Apply(g.Load(i), w0));
            Vector<T> v1 = (mu * Vector.LoadUnsafe(ref v, j)) - (alpha * adjust.Apply(g.Load(j), w1));
            v0.StoreUnsafe(ref v, i);
            v1.StoreUnsafe(ref v, j);
            (w0 + v0).StoreUnsafe(ref w, i);
            (w1 + v1).StoreUnsafe(ref w, j);
        }

        return (int)whole;
    }
}
