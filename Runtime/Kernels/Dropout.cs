using System;
using System.Numerics;
using System.Numerics.Tensors;
using StaticNet.Init;

namespace StaticNet.Kernels;

/// <summary>
/// Inverted dropout: during training each value is kept with probability keep = 1 − rate and scaled by 1/keep, so
/// the expected output equals the input and inference needs no rescaling. The forward pass is <c>y = x ⊙ mask</c>
/// and the backward pass <c>∂x = ∂y ⊙ mask</c>, both <see cref="Apply{T}"/>.
/// </summary>
public static class Dropout
{
    /// <summary>
    /// Fills <paramref name="mask"/> with 1/<paramref name="keep"/> where <c>random.NextDouble() &lt; keep</c>, else 0:
    /// one draw per entry, in order, so the same seed and stream give the same masks. A <paramref name="keep"/> of 1
    /// fills ones without drawing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keep"/> is not in (0, 1].</exception>
    public static void DrawMask<T>(Span<T> mask, double keep, ref SeededRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(keep > 0 && keep <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "The keep probability must be in (0, 1].");
        }

        if (keep == 1)
        {
            mask.Fill(T.One);
            return;
        }

        T scale = T.CreateTruncating(1 / keep);
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextDouble() < keep ? scale : T.Zero;
        }
    }

    /// <summary><c>output = input ⊙ mask</c>; <paramref name="output"/> may be <paramref name="input"/> itself.</summary>
    /// <exception cref="ArgumentException">The three spans' lengths differ.</exception>
    public static void Apply<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> mask, Span<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (mask.Length != input.Length || output.Length != input.Length)
        {
            throw new ArgumentException($"The input, mask and output hold {input.Length}, {mask.Length} and {output.Length} values; they must match.");
        }

        TensorPrimitives.Multiply<T>(input, mask, output);
    }
}
