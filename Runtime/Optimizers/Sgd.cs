using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StaticNet.Optimizers;

/// <summary>
/// Plain stochastic gradient descent: <c>W ← W − α·g′</c>, where <c>g′</c> is the gradient after the
/// <see cref="GradientAdjustment{T}"/> (scaling, clipping, L2 and L1). It is <c>torch.optim.SGD</c> without momentum.
/// </summary>
public static class Sgd
{
    /// <summary>
    /// <c>W ← W − α·g′</c>, in place, with <c>g′ = clamp(scale·g, −clip, clip) + l2·W + l1·sign(W)</c> from
    /// <paramref name="adjustment"/>. Allocation-free.
    /// </summary>
    /// <param name="parameters">W, updated in place.</param>
    /// <param name="gradients">g, the loss gradient, laid out like W.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="adjustment">What happens to each gradient first; <see cref="GradientAdjustment{T}.None"/> for nothing.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Update(parameters, new GradientBlock<T>(gradients), learningRate, adjustment);
    }

    /// <summary>
    /// The same update with the gradients of a <see cref="GradientBlock{T}"/>: stored, or computed from an outer
    /// product as they are read (a one-sample step's dense weight gradients).
    /// </summary>
    /// <exception cref="ArgumentException">The spans and the block differ in length.</exception>
    public static unsafe void Update<T>(Span<T> parameters, GradientBlock<T> gradients, T learningRate, in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Lengths.Check(parameters.Length, gradients.Length);
        fixed (T* parametersPointer = parameters)
        {
            var update = new Step<T>(parametersPointer, learningRate, adjustment);
            gradients.Run(ref update);
        }
    }

    /// <summary>The update of pinned parameters and state from a gradient source.</summary>
    private readonly unsafe struct Step<T>(T* parametersPointer, T learningRate, GradientAdjustment<T> adjustment) : IGradientUpdate<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Run<TGradient>(TGradient gradients, int offset, int count)
            where TGradient : struct, IGradientSource<T>
        {
            Span<T> parameters = new(parametersPointer + offset, count);
            int i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                i = adjustment.IsIdentity
                    ? Vectors(parameters, gradients, learningRate, default(UnadjustedVectors<T>))
                    : Vectors(parameters, gradients, learningRate, new AdjustmentVectors<T>(adjustment));
            }

            for (; i < parameters.Length; i++)
            {
                T w = parameters[i];
                T g = adjustment.Apply(gradients.At(i), w);
                parameters[i] = w - (learningRate * g);
            }
        }
    }

    /// <summary>The whole vectors of an update; returns where the scalar tail starts.</summary>
    /// <remarks>Compiled on its own, never inlined (see <see cref="IGradientVectors{T}"/>).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Vectors<T, TGradient, TAdjust>(Span<T> parameters, TGradient g, T learningRate, TAdjust adjust)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGradient : struct, IGradientSource<T>
        where TAdjust : struct, IGradientVectors<T>
    {
        Vector<T> alpha = new(learningRate);
        ref T w = ref MemoryMarshal.GetReference(parameters);
        nuint width = (nuint)Vector<T>.Count, whole = (nuint)parameters.Length - ((nuint)parameters.Length % width);
        for (nuint i = 0; i < whole; i += 2 * width)
        {
            // Two vectors a step, both loaded before either is stored (see IGradientVectors); j = i for a last odd one.
            nuint j = i + width < whole ? i + width : i;
            Vector<T> w0 = Vector.LoadUnsafe(ref w, i), w1 = Vector.LoadUnsafe(ref w, j);
            Vector<T> g0 = adjust.Apply(g.Load(i), w0), g1 = adjust.Apply(g.Load(j), w1);
            (w0 - (alpha * g0)).StoreUnsafe(ref w, i);
            (w1 - (alpha * g1)).StoreUnsafe(ref w, j);
        }

        return (int)whole;
    }
}
