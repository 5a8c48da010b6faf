using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StaticNet.Optimizers;

/// <summary>
/// RMSProp, as <c>torch.optim.RMSprop</c> computes it (not centered, no momentum): <c>S ← ρS + (1−ρ)g′²</c>;
/// <c>W ← W − α·g′/(√S + ε)</c>, where <c>g′</c> is the gradient after the <see cref="GradientAdjustment{T}"/>.
/// Each weight's step is divided by a moving root mean square of its recent gradients.
/// </summary>
public static class RMSProp
{
    /// <summary>
    /// <c>S ← ρS + ((1−ρ)·g′)·g′</c>; <c>W ← W − (α·g′)/(√S + ε)</c>, in place, with
    /// <c>g′ = clamp(scale·g, −clip, clip) + l2·W + l1·sign(W)</c> from <paramref name="adjustment"/>; 1−ρ is computed in
    /// <typeparamref name="T"/>. Allocation-free.
    /// </summary>
    /// <param name="parameters">W, updated in place.</param>
    /// <param name="squareAverage">S, the moving average of squared gradients, laid out like W (zeros to start).</param>
    /// <param name="gradients">g, the loss gradient, laid out like W.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="rho">ρ, the decay of the average, in [0, 1) (PyTorch's <c>alpha</c>, default 0.99).</param>
    /// <param name="epsilon">ε, added to √S (PyTorch's default is 1e-8).</param>
    /// <param name="adjustment">What happens to each gradient first; <see cref="GradientAdjustment{T}.None"/> for nothing.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Update<T>(Span<T> parameters, Span<T> squareAverage, ReadOnlySpan<T> gradients, T learningRate, T rho,
        T epsilon, in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Update(parameters, squareAverage, new GradientBlock<T>(gradients), learningRate, rho, epsilon, adjustment);
    }

    /// <summary>
    /// The same update with the gradients of a <see cref="GradientBlock{T}"/>: stored, or computed from an outer
    /// product as they are read (a one-sample step's dense weight gradients).
    /// </summary>
    /// <exception cref="ArgumentException">The spans and the block differ in length.</exception>
    public static unsafe void Update<T>(Span<T> parameters, Span<T> squareAverage, GradientBlock<T> gradients, T learningRate, T rho,
        T epsilon, in GradientAdjustment<T> adjustment)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Lengths.Check(parameters.Length, gradients.Length, nameof(squareAverage), squareAverage.Length);
        T keep = T.One - rho;
        fixed (T* parametersPointer = parameters, squareAveragePointer = squareAverage)
        {
            var update = new Step<T>(parametersPointer, squareAveragePointer, learningRate, rho, epsilon, adjustment, keep);
            gradients.Run(ref update);
        }
    }

    /// <summary>The update of pinned parameters and state from a gradient source.</summary>
    private readonly unsafe struct Step<T>(T* parametersPointer, T* squareAveragePointer, T learningRate, T rho, T epsilon, GradientAdjustment<T> adjustment, T keep) : IGradientUpdate<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Run<TGradient>(TGradient gradients, int offset, int count)
            where TGradient : struct, IGradientSource<T>
        {
            Span<T> parameters = new(parametersPointer + offset, count);
            Span<T> squareAverage = new(squareAveragePointer + offset, count);
            int i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                i = adjustment.IsIdentity
                    ? Vectors(parameters, squareAverage, gradients, learningRate, rho, keep, epsilon, default(UnadjustedVectors<T>))
                    : Vectors(parameters, squareAverage, gradients, learningRate, rho, keep, epsilon, new AdjustmentVectors<T>(adjustment));
            }

            for (; i < parameters.Length; i++)
            {
                T w = parameters[i];
                T g = adjustment.Apply(gradients.At(i), w);
                T s = (rho * squareAverage[i]) + (keep * g * g);
                squareAverage[i] = s;
                parameters[i] = w - ((learningRate * g) / (T.Sqrt(s) + epsilon));
            }
        }
    }

    /// <summary>The whole vectors of an update; returns where the scalar tail starts.</summary>
    /// <remarks>Compiled on its own, never inlined (see <see cref="IGradientVectors{T}"/>).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Vectors<T, TGradient, TAdjust>(Span<T> parameters, Span<T> squareAverage, TGradient g,
        T learningRate, T rho, T keep, T epsilon, TAdjust adjust)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGradient : struct, IGradientSource<T>
        where TAdjust : struct, IGradientVectors<T>
    {
        Vector<T> alpha = new(learningRate), decay = new(rho), fresh = new(keep), eps = new(epsilon);
        ref T w = ref MemoryMarshal.GetReference(parameters);
        ref T s = ref MemoryMarshal.GetReference(squareAverage);
        nuint width = (nuint)Vector<T>.Count, whole = (nuint)parameters.Length - ((nuint)parameters.Length % width);
        for (nuint i = 0; i < whole; i += 2 * width)
        {
            // Two vectors a step, both loaded before either is stored (see IGradientVectors); j = i for a last odd one.
            nuint j = i + width < whole ? i + width : i;
            Vector<T> w0 = Vector.LoadUnsafe(ref w, i), w1 = Vector.LoadUnsafe(ref w, j);
            Vector<T> g0 = adjust.Apply(g.Load(i), w0), g1 = adjust.Apply(g.Load(j), w1);
            Vector<T> s0 = (decay * Vector.LoadUnsafe(ref s, i)) + (fresh * g0 * g0), s1 = (decay * Vector.LoadUnsafe(ref s, j)) + (fresh * g1 * g1);
            s0.StoreUnsafe(ref s, i);
            s1.StoreUnsafe(ref s, j);
            (w0 - ((alpha * g0) / (Vector.SquareRoot(s0) + eps))).StoreUnsafe(ref w, i);
            (w1 - ((alpha * g1) / (Vector.SquareRoot(s1) + eps))).StoreUnsafe(ref w, j);
        }

        return (int)whole;
    }
}
