using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace StaticNet.KernelBench;

/// <summary>
/// One core's multiply-add throughput right now: 12 independent FMA chains at the widest accelerated vector
/// (enough to cover 4 cycles of latency on 2 pipes, and few enough for AVX2's 16 registers), the loop of
/// shared/bench/peak_flops.c. Measured between the kernel timings, so that a share of it discounts whatever
/// else the machine was doing.
/// </summary>
internal static class PeakProbe
{
    private static volatile float s_seed = 1;

    public static double GigaflopsPerSecond(double milliseconds)
    {
        long iterations = 0;
        long start = Stopwatch.GetTimestamp();
        float sink = 0;
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < milliseconds)
        {
            sink += Vector512.IsHardwareAccelerated ? Chains512(10_000) : Chains256(10_000);
            iterations += 10_000;
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        return sink == 12345 ? 0 : iterations * 12 * lanes * 2 / seconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(int iterations)
    {
        float s = s_seed;
        Vector256<float> a0 = Vector256.Create(s), a1 = Vector256.Create(s + 1), a2 = Vector256.Create(s + 2), a3 = Vector256.Create(s + 3);
        Vector256<float> a4 = Vector256.Create(s + 4), a5 = Vector256.Create(s + 5), a6 = Vector256.Create(s + 6), a7 = Vector256.Create(s + 7);
        Vector256<float> a8 = Vector256.Create(s + 8), a9 = Vector256.Create(s + 9), a10 = Vector256.Create(s + 10), a11 = Vector256.Create(s + 11);
        Vector256<float> b = Vector256.Create(0.9999f), c = Vector256.Create(1e-7f);
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, b, c);
            a1 = Vector256.FusedMultiplyAdd(a1, b, c);
            a2 = Vector256.FusedMultiplyAdd(a2, b, c);
            a3 = Vector256.FusedMultiplyAdd(a3, b, c);
            a4 = Vector256.FusedMultiplyAdd(a4, b, c);
            a5 = Vector256.FusedMultiplyAdd(a5, b, c);
            a6 = Vector256.FusedMultiplyAdd(a6, b, c);
            a7 = Vector256.FusedMultiplyAdd(a7, b, c);
            a8 = Vector256.FusedMultiplyAdd(a8, b, c);
            a9 = Vector256.FusedMultiplyAdd(a9, b, c);
            a10 = Vector256.FusedMultiplyAdd(a10, b, c);
            a11 = Vector256.FusedMultiplyAdd(a11, b, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(int iterations)
    {
        float s = s_seed;
        Vector512<float> a0 = Vector512.Create(s), a1 = Vector512.Create(s + 1), a2 = Vector512.Create(s + 2), a3 = Vector512.Create(s + 3);
        Vector512<float> a4 = Vector512.Create(s + 4), a5 = Vector512.Create(s + 5), a6 = Vector512.Create(s + 6), a7 = Vector512.Create(s + 7);
        Vector512<float> a8 = Vector512.Create(s + 8), a9 = Vector512.Create(s + 9), a10 = Vector512.Create(s + 10), a11 = Vector512.Create(s + 11);
        Vector512<float> b = Vector512.Create(0.9999f), c = Vector512.Create(1e-7f);
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, b, c);
            a1 = Vector512.FusedMultiplyAdd(a1, b, c);
            a2 = Vector512.FusedMultiplyAdd(a2, b, c);
            a3 = Vector512.FusedMultiplyAdd(a3, b, c);
            a4 = Vector512.FusedMultiplyAdd(a4, b, c);
            a5 = Vector512.FusedMultiplyAdd(a5, b, c);
            a6 = Vector512.FusedMultiplyAdd(a6, b, c);
            a7 = Vector512.FusedMultiplyAdd(a7, b, c);
            a8 = Vector512.FusedMultiplyAdd(a8, b, c);
            a9 = Vector512.FusedMultiplyAdd(a9, b, c);
            a10 = Vector512.FusedMultiplyAdd(a10, b, c);
            a11 = Vector512.FusedMultiplyAdd(a11, b, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
