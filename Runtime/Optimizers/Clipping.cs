using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace StaticNet.Optimizers;

/// <summary>Gradient clipping by global norm, to be applied through <see cref="GradientAdjustment{T}.Scale"/>.</summary>
public static class Clipping
{
    /// <summary>The offset <c>torch.nn.utils.clip_grad_norm_</c> adds to the norm before dividing by it.</summary>
    private const double NormOffset = 1e-6;

    /// <summary>
    /// The factor that clips the gradients to a global L2 norm of at most <paramref name="maxNorm"/>, exactly as
    /// <c>torch.nn.utils.clip_grad_norm_</c> computes it: with <c>total = √Σg²</c> (accumulated in double),
    /// <c>min(1, maxNorm / (total + 1e-6))</c>, rounded to <typeparamref name="T"/>. It is 1 when the gradients are
    /// already within the norm, and exactly 1 when <paramref name="maxNorm"/> is +∞ (the gradients are then not read).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Pass the result as the scale of a <see cref="GradientAdjustment{T}"/>. For gradients held in several buffers,
    /// clip them together: the norm is that of all of them, so give this method one span covering them all.
    /// </para>
    /// <para>
    /// A non-finite total (a NaN or infinite gradient, or a sum of squares beyond double's range) gives NaN, so the
    /// failure propagates instead of silently zeroing the step: <see cref="GradientAdjustment{T}"/>'s constructor
    /// rejects a NaN scale. (PyTorch with <c>error_if_nonfinite=False</c> scales by <c>max_norm / inf = 0</c> instead.)
    /// </para>
    /// </remarks>
    /// <param name="gradients">Every gradient the norm is taken over.</param>
    /// <param name="maxNorm">The largest global L2 norm allowed: &gt; 0, or +∞ for no clipping.</param>
    /// <returns>The clipping factor in (0, 1], or NaN for a non-finite total.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive, or is NaN.</exception>
    public static T NormScale<T>(ReadOnlySpan<T> gradients, double maxNorm)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The largest norm must be positive (+∞ for no clipping).");
        }

        if (double.IsPositiveInfinity(maxNorm))
        {
            return T.One;
        }

        double total = Math.Sqrt(SumOfSquares(gradients));
        if (!double.IsFinite(total))
        {
            return T.NaN;
        }

        return T.CreateTruncating(Math.Min(1.0, maxNorm / (total + NormOffset)));
    }

    /// <summary>Σx², in double whatever <typeparamref name="T"/> is; float and double vectorized.</summary>
    private static double SumOfSquares<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> x = MemoryMarshal.Cast<T, double>(values);
            Vector<double> squares = Vector<double>.Zero;
            for (; i + Vector<double>.Count <= x.Length; i += Vector<double>.Count)
            {
                Vector<double> v = new(x[i..]);
                squares += v * v;
            }

            sum = Vector.Sum(squares);
        }
        else if (Vector.IsHardwareAccelerated && typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> x = MemoryMarshal.Cast<T, float>(values);
            Vector<double> squares = Vector<double>.Zero;
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(x[i..]), out Vector<double> low, out Vector<double> high);
                squares += (low * low) + (high * high);
            }

            sum = Vector.Sum(squares);
        }

        for (; i < values.Length; i++)
        {
            double x = double.CreateTruncating(values[i]);
            sum += x * x;
        }

        return sum;
    }
}
