using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using StaticNet.Samples;

namespace StaticNet.Benchmarks;

/// <summary>
/// <c>--per-call N</c>: each batch-32 training step and inference pass timed on its own, N of each, with ONNX Runtime's
/// inference in this process, alternating with StaticNet's call by call. The fastest call, the 10th percentile and the
/// median tell what the code does when the shared host leaves the core alone and what it does typically; the rounds'
/// medians above mix the two in proportions the host decides.
/// </summary>
internal static class PerCall
{
    public static List<string[]> Measure(IEnumerable<(StaticNetBench Bench, FlopCount Flops)> workloads, int calls, double? peak, string? onnxModels)
    {
        var rows = new List<string[]>
        {
            new[] { "workload", "train µs", "train GFLOP/s" + (peak is null ? "" : " (% of peak)"), "infer µs", "ONNX Runtime µs", "StaticNet/ONNX Runtime" },
        };
        foreach ((StaticNetBench bench, FlopCount flops) in workloads)
        {
            double[] train = Times(() => bench.Step(Mode.Train), calls);
            using OnnxSession? ort = onnxModels is null ? null : new OnnxSession(Path.Combine(onnxModels, bench.Workload + ".onnx"), bench.Workload, bench.Batch);
            (double[] infer, double[]? peer) = Alternating(() => bench.Step(Mode.Infer), ort is null ? null : ort.Run, calls);
            double[] trainFlops = train.Select(t => flops.Training * bench.Batch / t / 1e3).ToArray();
            rows.Add([
                bench.Workload,
                Quantiles(train, "F0"),
                Quantiles(trainFlops, "F1") + (peak is double p ? $" ({string.Join(", ", Points(trainFlops).Select(g => (g / p).ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))})" : ""),
                Quantiles(infer, "F0"),
                peer is null ? "–" : Quantiles(peer, "F0"),
                peer is null ? "–" : string.Join(", ", Points(peer).Zip(Points(infer), (o, s) => (o / s).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))),
            ]);
        }

        return rows;
    }

    /// <summary>
    /// Batch-32 training steps on one thread and on several (data parallel, or split products), alternating, so that the
    /// host's load falls on both alike, each timed step straight after an untimed one of its side (as in a training loop):
    /// each side's fastest call, 10th percentile and median, and the speed-ups there.
    /// The calls run in blocks of <see cref="Block"/> pairs, each after a probe of the cores' round trip
    /// (<see cref="CrossCore"/>). Where the probes fall into groups apart (<see cref="ByRoundTrip"/>), as when the host
    /// moves its vCPUs between placements during the run, each group's calls get a row of their own too.
    /// </summary>
    public static List<string[]> MeasureThreads(IEnumerable<(StaticNetBench One, StaticNetBench Several)> workloads, int calls, int threads)
    {
        var rows = new List<string[]> { new[] { "workload", "round trip ns", "1 thread µs", $"{threads} threads µs", "speed-up" } };
        foreach ((StaticNetBench one, StaticNetBench several) in workloads)
        {
            List<ThreadBlock> blocks = AlternatingBlocks(() => one.Step(Mode.Train), () => several.Step(Mode.Train), calls);
            rows.Add(ThreadsRow(one.Workload, blocks));
            List<List<ThreadBlock>> states = ByRoundTrip(blocks);
            if (states.Count > 1)
            {
                rows.AddRange(states.Select(state => ThreadsRow("  of which", state)));
            }
        }

        return rows;
    }

    /// <summary>
    /// The blocks grouped by their probed round trip, shortest first: a new group wherever the next longer round trip is
    /// more than 1.5 times the one before (the host's placements of the vCPUs measured about 55, 115 and 530 ns apart).
    /// Blocks whose probe failed are left out.
    /// </summary>
    private static List<List<ThreadBlock>> ByRoundTrip(List<ThreadBlock> blocks)
    {
        var groups = new List<List<ThreadBlock>>();
        double previous = double.NaN;
        foreach (ThreadBlock block in blocks.Where(b => double.IsFinite(b.RoundTrip)).OrderBy(b => b.RoundTrip))
        {
            if (groups.Count == 0 || block.RoundTrip > 1.5 * previous)
            {
                groups.Add([]);
            }

            groups[^1].Add(block);
            previous = block.RoundTrip;
        }

        return groups;
    }

    /// <summary>Call pairs per block of <see cref="MeasureThreads"/>, between probes of the cores' round trip.</summary>
    private const int Block = 50;

    private static string[] ThreadsRow(string label, List<ThreadBlock> blocks)
    {
        double[] single = blocks.SelectMany(b => b.Single).Order().ToArray();
        double[] parallel = blocks.SelectMany(b => b.Parallel).Order().ToArray();
        double[] trips = blocks.Select(b => b.RoundTrip).Where(double.IsFinite).ToArray();
        string tripRange = trips.Length == 0 ? "–" : $"{trips.Min():F0}–{trips.Max():F0} ({blocks.Count} blocks)";
        return [
            label,
            tripRange,
            Quantiles(single, "F0"),
            Quantiles(parallel, "F0"),
            string.Join(", ", Points(single).Zip(Points(parallel), (a, b) => (a / b).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))),
        ];
    }

    /// <summary>
    /// <paramref name="calls"/> timed calls of each, alternating, after a second of <paramref name="several"/> alone, in
    /// blocks: before each, the threads are left to fall asleep and the round trip is probed (NaN where it cannot be).
    /// Each timed call follows an untimed call of the same side, as a training loop's steps follow each other, so that no
    /// timed call pays for waking a thread (the threads sleep after about a tenth of a millisecond, and deep-tanh's
    /// one-thread step takes 1.4 ms: its two-thread calls took about 36 µs longer timed straight after one) or for
    /// bringing its network back into the cache after the other side's call.
    /// </summary>
    private static List<ThreadBlock> AlternatingBlocks(Action single, Action several, int calls)
    {
        WarmUp(several);
        var blocks = new List<ThreadBlock>();
        for (int done = 0; done < calls; done += Block)
        {
            Thread.Sleep(2); // longer than the workers spin before they sleep
            double trip = CrossCore.RoundTripNanoseconds() ?? double.NaN;
            (double[] a, double[] b) = TimePairs(Twice(single), Twice(several), Math.Min(Block, calls - done));
            blocks.Add(new ThreadBlock(trip, a, b));
        }

        return blocks;
    }

    /// <summary>A timing that makes <paramref name="call"/> once untimed, then once more, and returns that call's microseconds.</summary>
    private static Func<double> Twice(Action call)
    {
        Func<double> timed = Timed(call);
        return () =>
        {
            call();
            return timed();
        };
    }

    /// <summary>One block of <see cref="MeasureThreads"/>: the round trip probed before it, and its calls' times on each side.</summary>
    private readonly record struct ThreadBlock(double RoundTrip, double[] Single, double[] Parallel);

    /// <summary>The fastest, the 10th percentile and the median of sorted call times (or the rates at them).</summary>
    private static double[] Points(double[] sorted) => [sorted[0], sorted[sorted.Length / 10], sorted[sorted.Length / 2]];

    private static string Quantiles(double[] values, string format) =>
        string.Join(", ", Points(values).Select(v => v.ToString(format, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Microseconds per call, sorted from the fastest.</summary>
    private static double[] Times(Action call, int calls)
    {
        var times = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static (double[] Ours, double[]? Peer) Alternating(Action ours, Action? peer, int calls)
    {
        if (peer is null)
        {
            return (Times(ours, calls), null);
        }

        WarmUp(peer);
        (double[] a, double[] b) = TimePairs(ours, peer, calls);
        Array.Sort(a);
        Array.Sort(b);
        return (a, b);
    }

    /// <summary>A second of <paramref name="call"/> alone, before it is timed: its threads started, its code compiled.</summary>
    private static void WarmUp(Action call)
    {
        for (long start = Stopwatch.GetTimestamp(); Stopwatch.GetElapsedTime(start).TotalSeconds < 1;)
        {
            call();
        }
    }

    /// <summary>Microseconds of <paramref name="count"/> calls of each, alternating, in call order.</summary>
    private static (double[] First, double[] Second) TimePairs(Action first, Action second, int count) =>
        TimePairs(Timed(first), Timed(second), count);

    /// <summary><paramref name="count"/> of each of two timings, alternating, in call order.</summary>
    private static (double[] First, double[] Second) TimePairs(Func<double> first, Func<double> second, int count)
    {
        double[] a = new double[count], b = new double[count];
        for (int i = 0; i < count; i++)
        {
            a[i] = first();
            b[i] = second();
        }

        return (a, b);
    }

    /// <summary>A timing that makes <paramref name="call"/> once and returns its microseconds.</summary>
    private static Func<double> Timed(Action call) => () =>
    {
        long start = Stopwatch.GetTimestamp();
        call();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    };

    /// <summary>An exported workload in ONNX Runtime, set up as shared/bench/onnxruntime does: one intra-op thread, every graph optimization.</summary>
    private sealed class OnnxSession : IDisposable
    {
        private readonly InferenceSession session;
        private readonly List<NamedOnnxValue> inputs;

        public OnnxSession(string model, string workload, int batch)
        {
            var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = new InferenceSession(model, options);
            int[] dimensions = workload == "lenet5" ? [batch, 1, 28, 28] : [batch, 784];
            var random = new Random(0);
            float[] data = Enumerable.Range(0, batch * 784).Select(_ => (float)random.NextDouble()).ToArray();
            inputs = [NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(data, dimensions))];
        }

        public void Run()
        {
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run(inputs);
        }

        public void Dispose() => session.Dispose();
    }
}
