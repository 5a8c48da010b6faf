using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.Intrinsics;
using StaticNet.Kernels;
using StaticNet.KernelBench;

// The GEMM microbenchmark: every product the reference workloads (mlp, lenet5, deep-tanh; batch 1 and 32;
// forward and backward) call, timed with main's kernels (OldGemm, kept verbatim) and the current ones in
// the same process. Each round times both, in alternating order, for the same number of calls; the
// figures are medians over the rounds, and "ratio" is old time / new time (> 1: the new kernel is faster).
// GFLOP/s count 2·m·n·k per call. "% peak" divides by the multiply-add peak measured in the same rounds
// (a loop of 12 independent FMA chains at the widest accelerated vector, like shared/bench/peak_flops.c),
// so it reads as a share of what this core delivered while the kernels ran, contention included; --peak
// divides by a fixed figure instead (e.g. 134 for a Zen 5 core with AVX2, 268 with AVX-512).

int rounds = 11;
double milliseconds = 4;
string filter = "";
double? peakOption = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ms": milliseconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--filter": filter = args[++i]; break;
        case "--peak": peakOption = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("usage: [--rounds R] [--ms MILLISECONDS_PER_TIMING] [--filter SUBSTRING] [--peak GFLOPS]");
            return 2;
    }
}

string width = Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : Vector128.IsHardwareAccelerated ? "128-bit" : "none";
Console.WriteLine($"GEMM kernels, float, one thread, .NET {Environment.Version}, vectors: {width}; median of {rounds} rounds, ~{milliseconds} ms per timing");

List<Call> calls = Workloads.Calls().Where(c => c.Label.Contains(filter, StringComparison.Ordinal)).ToList();
var timings = new Dictionary<Shape, (double Old, double New)>();
var peaks = new List<double>();
Console.WriteLine();
Console.WriteLine($"{"product",-20} {"m",4} {"n",4} {"k",4} {"acc",3} {"old µs",9} {"new µs",9} {"ratio",6} {"GFLOP/s",8} {"% peak",6}  used by");
foreach (IGrouping<Shape, Call> group in calls.GroupBy(c => c.Shape))
{
    Shape shape = group.Key;
    (double old, double @new, double measuredPeak) = Time(shape, rounds, milliseconds);
    timings[shape] = (old, @new);
    peaks.Add(measuredPeak);
    double peak = peakOption ?? measuredPeak;
    double gflops = 2.0 * shape.M * shape.N * shape.K / @new / 1e3;
    string users = string.Join(", ", group.Select(c => c.Label).Distinct().Take(3)) + (group.Select(c => c.Label).Distinct().Count() > 3 ? ", …" : "");
    Console.WriteLine($"{shape.Product,-20} {shape.M,4} {shape.N,4} {shape.K,4} {(shape.Accumulate ? "+" : ""),3} {old,9:F2} {@new,9:F2} {old / @new,6:F2} {gflops,8:F1} {100 * gflops / peak,5:F0}%  {users}");
}

// Per workload, batch and direction: the GEMM time of one step (each call × how often the step makes it).
double sessionPeak = peakOption ?? Median([.. peaks]);
Console.WriteLine();
Console.WriteLine($"multiply-add peak measured alongside: median {Median([.. peaks]):F1} GFLOP/s (range {peaks.Min():F1}–{peaks.Max():F1}); below, % of {sessionPeak:F1}");
Console.WriteLine("GEMM time per step, summed over its products");
Console.WriteLine($"{"workload",-10} {"batch",5} {"pass",-8} {"old µs",9} {"new µs",9} {"ratio",6} {"GFLOP/s",8} {"% peak",6}");
foreach (IGrouping<(string Workload, int Batch, string Pass), Call> group in calls.GroupBy(c => (c.Workload, c.Batch, c.Pass)))
{
    double old = group.Sum(c => c.Count * timings[c.Shape].Old);
    double @new = group.Sum(c => c.Count * timings[c.Shape].New);
    double flops = group.Sum(c => c.Count * 2.0 * c.Shape.M * c.Shape.N * c.Shape.K);
    double gflops = flops / @new / 1e3;
    Console.WriteLine($"{group.Key.Workload,-10} {group.Key.Batch,5} {group.Key.Pass,-8} {old,9:F1} {@new,9:F1} {old / @new,6:F2} {gflops,8:F1} {100 * gflops / sessionPeak,5:F0}%");
}

return 0;

// Median microseconds per call of the old and the new kernel on one shape, and the median peak probe.
static (double Old, double New, double Peak) Time(Shape shape, int rounds, double milliseconds)
{
    var random = new Random(1);
    (int aLength, int bLength) = shape.Product switch
    {
        Product.MultiplyTransposed => (shape.M * shape.K, shape.N * shape.K),
        Product.Multiply => (shape.M * shape.K, shape.K * shape.N),
        _ => (shape.K * shape.M, shape.K * shape.N),
    };
    float[] a = Enumerable.Range(0, aLength).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    float[] b = Enumerable.Range(0, bLength).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    float[] cOld = new float[shape.M * shape.N], cNew = new float[shape.M * shape.N];

    void RunOld()
    {
        switch (shape.Product)
        {
            case Product.MultiplyTransposed: OldGemm.MultiplyTransposed<float>(a, b, cOld, shape.M, shape.N, shape.K, shape.Accumulate); break;
            case Product.Multiply: OldGemm.Multiply<float>(a, b, cOld, shape.M, shape.N, shape.K, shape.Accumulate); break;
            default: OldGemm.TransposedMultiply<float>(a, b, cOld, shape.M, shape.N, shape.K, shape.Accumulate); break;
        }
    }

    void RunNew()
    {
        switch (shape.Product)
        {
            case Product.MultiplyTransposed: Gemm.MultiplyTransposed<float>(a, b, cNew, shape.M, shape.N, shape.K, shape.Accumulate); break;
            case Product.Multiply: Gemm.Multiply<float>(a, b, cNew, shape.M, shape.N, shape.K, shape.Accumulate); break;
            default: Gemm.TransposedMultiply<float>(a, b, cNew, shape.M, shape.N, shape.K, shape.Accumulate); break;
        }
    }

    // Both must compute the same product (up to rounding), or the timing means nothing.
    cOld.AsSpan().Clear();
    cNew.AsSpan().Clear();
    RunOld();
    RunNew();
    for (int i = 0; i < cOld.Length; i++)
    {
        if (Math.Abs(cOld[i] - cNew[i]) > 1e-4 * (1 + Math.Abs(cOld[i])) * shape.K)
        {
            throw new InvalidOperationException($"{shape}: old and new differ at {i}: {cOld[i]} vs {cNew[i]}");
        }
    }

    // Warm-up: long enough for tiered compilation to reach optimized code for both.
    long warm = Stopwatch.GetTimestamp();
    int calibration = 0;
    while (Stopwatch.GetElapsedTime(warm).TotalMilliseconds < 300)
    {
        RunOld();
        RunNew();
        calibration++;
    }

    // Calls per timing, from the faster of the two after warm-up.
    long start = Stopwatch.GetTimestamp();
    for (int i = 0; i < 50; i++)
    {
        RunNew();
    }

    double perCall = Stopwatch.GetElapsedTime(start).TotalMilliseconds / 50;
    int repeat = Math.Max(1, (int)(milliseconds / Math.Max(perCall, 1e-6)));
    var old = new double[rounds];
    var @new = new double[rounds];
    var peak = new double[rounds];
    for (int round = 0; round < rounds; round++)
    {
        if (round % 2 == 0)
        {
            old[round] = Microseconds(RunOld, repeat);
            @new[round] = Microseconds(RunNew, repeat);
        }
        else
        {
            @new[round] = Microseconds(RunNew, repeat);
            old[round] = Microseconds(RunOld, repeat);
        }

        peak[round] = PeakProbe.GigaflopsPerSecond(milliseconds);
    }

    return (Median(old), Median(@new), Median(peak));
}

static double Microseconds(Action run, int repeat)
{
    long start = Stopwatch.GetTimestamp();
    for (int i = 0; i < repeat; i++)
    {
        run();
    }

    return Stopwatch.GetElapsedTime(start).TotalMicroseconds / repeat;
}

static double Median(double[] values)
{
    double[] sorted = [.. values.Order()];
    return sorted[sorted.Length / 2];
}

internal enum Product
{
    MultiplyTransposed,
    Multiply,
    TransposedMultiply,
}

internal readonly record struct Shape(Product Product, int M, int N, int K, bool Accumulate);

/// <summary>One product a training or inference step makes, and how many times.</summary>
internal readonly record struct Call(string Workload, int Batch, string Pass, string Layer, Shape Shape, int Count)
{
    public string Label => $"{Workload}/{Batch}/{Pass}/{Layer}";
}

/// <summary>The products of the generated code of shared/bench's workloads (see the snapshot tests for the calls).</summary>
internal static class Workloads
{
    public static IEnumerable<Call> Calls()
    {
        foreach (int batch in new[] { 1, 32 })
        {
            // mlp: 784 → 128 ReLU → 10. The first layer computes no input gradient.
            foreach (Call call in Dense("mlp", batch, [784, 128, 10]))
            {
                yield return call;
            }

            // lenet5: two convolutions as im2col products per sample, then 400 → 120 → 84 → 10.
            yield return new("lenet5", batch, "forward", "conv1", new(Product.Multiply, 6, 784, 25, false), batch);
            yield return new("lenet5", batch, "forward", "conv2", new(Product.Multiply, 16, 100, 150, false), batch);
            yield return new("lenet5", batch, "backward", "conv1.dK", new(Product.MultiplyTransposed, 6, 25, 784, batch > 1), batch);
            yield return new("lenet5", batch, "backward", "conv2.dK", new(Product.MultiplyTransposed, 16, 150, 100, batch > 1), batch);
            yield return new("lenet5", batch, "backward", "conv2.dX", new(Product.TransposedMultiply, 150, 100, 16, false), batch);
            foreach (Call call in Dense("lenet5", batch, [400, 120, 84, 10], firstHasInputGradient: true))
            {
                yield return call;
            }

            // deep-tanh: 784 → 256, eight 256 → 256, → 10.
            foreach (Call call in Dense("deep-tanh", batch, [784, 256, 256, 256, 256, 256, 256, 256, 256, 256, 10]))
            {
                yield return call;
            }
        }
    }

    private static IEnumerable<Call> Dense(string workload, int batch, int[] widths, bool firstHasInputGradient = false)
    {
        for (int layer = 0; layer + 1 < widths.Length; layer++)
        {
            int inputs = widths[layer], units = widths[layer + 1];
            string name = $"dense{layer + 1}";
            yield return new(workload, batch, "forward", name, new(Product.MultiplyTransposed, batch, units, inputs, false), 1);
            yield return new(workload, batch, "backward", name + ".dW", new(Product.TransposedMultiply, units, inputs, batch, false), 1);
            if (layer > 0 || firstHasInputGradient)
            {
                yield return new(workload, batch, "backward", name + ".dX", new(Product.Multiply, batch, inputs, units, false), 1);
            }
        }
    }
}
