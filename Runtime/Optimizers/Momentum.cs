using System;
using System.Numerics;

namespace StaticNet.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, exactly as in the course notes:
/// <c>V ← μV − α(∇J + λW)</c>, then <c>W ← W + V</c>. With μ = 0 it is plain gradient descent; λ is L2 weight decay.
/// </summary>
public static class Momentum
{
    /// <summary>Updates <paramref name="parameters"/> and their <paramref name="velocity"/> in place from <paramref name="gradients"/>.</summary>
    /// <param name="parameters">W.</param>
    /// <param name="velocity">V, the optimizer state, laid out like W.</param>
    /// <param name="gradients">∇J, laid out like W.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="momentum">μ.</param>
    /// <param name="weightDecay">λ.</param>
    public static void Update<T>(Span<T> parameters, Span<T> velocity, ReadOnlySpan<T> gradients, T learningRate, T momentum, T weightDecay)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (velocity.Length != parameters.Length || gradients.Length != parameters.Length)
        {
            throw new ArgumentException(
                $"Parameters ({parameters.Length}), velocity ({velocity.Length}) and gradients ({gradients.Length}) must have the same length.");
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> mu = new(momentum), alpha = new(learningRate), lambda = new(weightDecay);
            for (; i + Vector<T>.Count <= parameters.Length; i += Vector<T>.Count)
            {
                Vector<T> w = new(parameters[i..]);
                Vector<T> v = (mu * new Vector<T>(velocity[i..])) - (alpha * (new Vector<T>(gradients[i..]) + (lambda * w)));
                v.CopyTo(velocity[i..]);
                (w + v).CopyTo(parameters[i..]);
            }
        }

        for (; i < parameters.Length; i++)
        {
            T v = (momentum * velocity[i]) - (learningRate * (gradients[i] + (weightDecay * parameters[i])));
            velocity[i] = v;
            parameters[i] += v;
        }
    }
}
