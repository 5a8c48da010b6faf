using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace StaticNet.Init;

/// <summary>
/// A small, fast, reproducible random source: xoshiro256** seeded through splitmix64. The same seed and
/// stream give the same numbers on every machine and .NET version (unlike <see cref="Random"/>, whose
/// algorithm is not specified). Each layer draws from its own stream, so adding a layer does not change
/// the weights of the layers before it. A mutable struct: pass it by <c>ref</c>.
/// </summary>
public struct SeededRandom
{
    private ulong s0, s1, s2, s3;
    private double spareNormal;
    private bool hasSpare;

    /// <summary>Starts the generator for <paramref name="seed"/> and an independent <paramref name="stream"/> of it.</summary>
    public SeededRandom(int seed, int stream = 0)
    {
        ulong state = ((ulong)(uint)seed << 32) ^ (uint)stream ^ 0x5DEECE66DUL;
        s0 = SplitMix(ref state);
        s1 = SplitMix(ref state);
        s2 = SplitMix(ref state);
        s3 = SplitMix(ref state);
        spareNormal = 0;
        hasSpare = false;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        // Lemire's multiply-shift with rejection of the biased low range.
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
            if (low >= threshold)
            {
                return (int)high;
            }
        }
    }

    /// <summary>A standard normal sample (mean 0, variance 1), by the Marsaglia polar method.</summary>
    public double NextNormal()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareNormal;
        }

        double u, v, s;
        do
        {
            u = (2 * NextDouble()) - 1;
            v = (2 * NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        double factor = Math.Sqrt(-2 * Math.Log(s) / s);
        spareNormal = v * factor;
        hasSpare = true;
        return u * factor;
    }

    /// <summary>Shuffles <paramref name="items"/> uniformly in place (Fisher–Yates).</summary>
    public void Shuffle<TItem>(Span<TItem> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
