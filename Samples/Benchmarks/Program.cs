using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using StaticNet;
using StaticNet.Benchmarks;
using StaticNet.Samples;

// The benchmark command: the reference workloads at batch 1 and 32, training (forward, backward, update) and
// inference, in samples per second, printed in torch_bench.py's format, with GFLOP/s and the share of one core's
// peak. With --peers (or --all) the peers of shared/bench run in the same session, interleaved: each round runs
// StaticNet, then each peer once, so load that drifts over the session hits every side; each figure is the median
// over the rounds, shown with its range, and each ratio the median of the per-round ratios.

const string Usage = "usage: [--rounds R] [--steps N] [--peers torch,onnxruntime | --all | --torch] [--threads N] [--per-call N] [--round-trips SECONDS] [--peak GFLOPS] [--bench-dir DIR] [--torch-script PATH]";
int steps = 300, rounds = 7, threads = 1, perCall = 0;
double? givenPeak = null, roundTripSeconds = null;
string? benchDirectory = null, torchScript = null;
var peerNames = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds" or "--repeats": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--peers": peerNames.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
        case "--all": peerNames.AddRange(["torch", "onnxruntime"]); break;
        case "--torch": peerNames.Add("torch"); break;
        case "--torch-script": torchScript = args[++i]; peerNames.Add("torch"); break;
        case "--bench-dir": benchDirectory = args[++i]; break;
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--per-call": perCall = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--peak": givenPeak = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--round-trips": roundTripSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--help" or "-h":
            Console.WriteLine(Usage);
            Console.WriteLine("  --rounds R         interleaved rounds, each running every side once; figures are medians over them; default 7");
            Console.WriteLine("  --steps N          timed steps per run at batch 1 (batch 32: max(30, N/8)), at least 0.2 s; default 300");
            Console.WriteLine("  --peers LIST       peers to run in the same session: torch (training and inference), onnxruntime (inference)");
            Console.WriteLine("  --all              every peer; --torch is --peers torch");
            Console.WriteLine("  --threads N        also train StaticNet at batch 32 data parallel on N threads (one shard each), and train and infer");
            Console.WriteLine("                     with each large product split across N threads, in the same rounds");
            Console.WriteLine("  --per-call N       after the rounds, time N batch-32 training steps and N inference passes one call at a time");
            Console.WriteLine("                     (with onnxruntime: ONNX Runtime in this process, alternating call by call) and print the");
            Console.WriteLine("                     fastest call, the 10th percentile and the median; with --threads, also batch-32 training on");
            Console.WriteLine("                     1 thread and data parallel on N, and 1 thread and split products on N, alternating, each timed");
            Console.WriteLine("                     call after an untimed one of its side, as a training loop's steps follow each other (in blocks");
            Console.WriteLine("                     of 50 pairs, each after a probe of the cores' round trip; see --round-trips)");
            Console.WriteLine("  --round-trips S    only probe, four times a second for S seconds, how long a cache line takes from one thread");
            Console.WriteLine("                     to another and back, and print each probe: on a virtual machine the host's placement of the");
            Console.WriteLine("                     vCPUs decides it, and with it every two-thread figure");
            Console.WriteLine("  --peak GFLOPS      one core's FP32 peak, instead of measuring it with shared/bench/peak_flops.c and gcc");
            Console.WriteLine("  --bench-dir DIR    shared/bench (default: ../shared/bench beside the repository holding StaticNet.sln)");
            Console.WriteLine("  --torch-script P   torch_bench.py's path (implies --peers torch)");
            return 0;
        default:
            Console.Error.WriteLine($"unknown option '{args[i]}'; {Usage}");
            return 2;
    }
}

string[] unknownPeers = peerNames.Except(["torch", "onnxruntime"]).ToArray();
if (unknownPeers.Length > 0 || rounds < 1 || steps < 1 || threads < 1 || threads > 32 || perCall < 0 || perCall is > 0 and < 10)
{
    Console.Error.WriteLine(unknownPeers.Length > 0 ? $"unknown peer '{unknownPeers[0]}': torch or onnxruntime" : "--rounds and --steps take a positive count, --threads 1 to 32, --per-call 10 or more");
    return 2;
}

if (roundTripSeconds is double seconds)
{
    if (!(seconds > 0))
    {
        Console.Error.WriteLine("--round-trips takes a positive number of seconds");
        return 2;
    }

    return CrossCore.PrintTimeline(seconds);
}

benchDirectory ??= FindBenchDirectory();
var workloads = new (string Name, Func<IClassifier<float>> Create, FlopCount Flops)[]
{
    ("mlp", () => new Mlp(), WorkloadFlops.Mlp),
    ("lenet5", () => new LeNet5(), WorkloadFlops.LeNet5),
    ("deep-tanh", () => new DeepTanh(), WorkloadFlops.DeepTanh),
};
int[] batches = [1, 32];
DirectoryInfo work = Directory.CreateTempSubdirectory("staticnet-bench-");
try
{
    Machine machine = Machine.Describe();
    Console.WriteLine($"machine: {machine.Summary}");
    (double? peak, string peakSource) = givenPeak is double g
        ? (g, "one core's FP32 peak as given with --peak")
        : machine.MeasurePeak(Path.Combine(benchDirectory, "peak_flops.c"), work.FullName);
    Console.WriteLine(peak is double p ? $"peak: {p:F1} GFLOP/s, {peakSource}" : $"peak: unknown ({peakSource}); pass --peak GFLOPS for the share of peak");
    if (threads > 1)
    {
        Console.WriteLine(CrossCore.RoundTripNanoseconds() is double trip
            ? $"cross-core round trip: {trip:F0} ns (a cache line from one thread to another and back; the threads' speed-ups depend on it)"
            : "cross-core round trip: not measured (the probe's second thread did not run alongside)");
    }

    var peers = new List<Peer>();
    foreach (string peer in peerNames.Distinct())
    {
        peers.Add(peer == "torch"
            ? new TorchPeer(torchScript ?? Path.Combine(benchDirectory, "torch_bench.py"), steps)
            : new OnnxRuntimePeer(Path.Combine(benchDirectory, "onnxruntime")));
    }

    foreach (Peer peer in peers)
    {
        if (peer.Prepare(work.FullName) is string problem)
        {
            peer.Disable(problem);
        }
    }

    var staticNet = new Side("StaticNet")
    {
        Banner = $"staticnet {typeof(INetwork<>).Assembly.GetName().Version} .NET {Environment.Version} threads=1",
    };
    StaticNetBench[] benches = workloads.SelectMany(w => batches.Select(b => new StaticNetBench(w.Name, b, w.Create()))).ToArray();
    // With --threads N, the batch-32 training steps again, data parallel on N threads, in the same rounds.
    var parallelSide = new Side($"StaticNet {threads} threads");
    StaticNetBench[] parallelBenches = threads == 1 ? [] : workloads.Select(w => new StaticNetBench(w.Name, 32, w.Create(), threads)).ToArray();
    // And split products: batch-32 training and inference with each large product cut across the N threads.
    var splitSide = new Side($"StaticNet {threads} threads, split products");
    StaticNetBench[] splitBenches = threads == 1 ? [] : workloads.Select(w => new StaticNetBench(w.Name, 32, w.Create(), threads, splitProducts: true)).ToArray();
    foreach (StaticNetBench bench in benches.Concat(parallelBenches).Concat(splitBenches))
    {
        bench.WarmUp();
    }

    string order = string.Join(", then ", peers.Where(p => p.Available).Select(p => p.Name).Prepend("StaticNet"));
    Console.WriteLine($"{rounds} round{(rounds == 1 ? "" : "s")}, each running {order}; one thread each");
    CpuTimes? sessionStart = CpuTimes.Read();
    for (int round = 1; round <= rounds; round++)
    {
        var times = new List<string>();
        CpuTimes? roundStart = CpuTimes.Read();
        long start = Stopwatch.GetTimestamp();
        var rates = new Dictionary<(string Workload, int Batch, Mode Mode), double>();
        foreach (StaticNetBench bench in benches)
        {
            int stepCount = StepCount(bench.Batch, steps);
            rates[(bench.Workload, bench.Batch, Mode.Train)] = bench.Rate(Mode.Train, stepCount);
            rates[(bench.Workload, bench.Batch, Mode.Infer)] = bench.Rate(Mode.Infer, stepCount);
        }

        staticNet.AddRound(rates);
        times.Add($"StaticNet {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
        if (parallelBenches.Length > 0)
        {
            start = Stopwatch.GetTimestamp();
            parallelSide.AddRound(parallelBenches.ToDictionary(b => (b.Workload, b.Batch, Mode.Train), b => b.Rate(Mode.Train, StepCount(b.Batch, steps))));
            times.Add($"StaticNet on {threads} threads {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
            start = Stopwatch.GetTimestamp();
            splitSide.AddRound(splitBenches.SelectMany(b => new[] { Mode.Train, Mode.Infer }.Select(mode => (b, mode)))
                .ToDictionary(p => (p.b.Workload, p.b.Batch, p.mode), p => p.b.Rate(p.mode, StepCount(p.b.Batch, steps))));
            times.Add($"split products {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
        }
        foreach (Peer peer in peers)
        {
            start = Stopwatch.GetTimestamp();
            peer.RunRound();
            if (peer.Available)
            {
                times.Add($"{peer.Name} {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
            }
        }

        string steal = roundStart is CpuTimes before && CpuTimes.Read()?.StealSince(before) is double share ? $"; hypervisor steal {share:P1}" : "";
        Console.WriteLine($"round {round}/{rounds}: {string.Join(", ", times)}{steal}");
    }

    if (sessionStart is CpuTimes first && CpuTimes.Read()?.StealSince(first) is double stolen)
    {
        // A round takes a few seconds and a median rate moves by the steal share of its rounds: under 2 % that is within
        // what the rounds scatter anyway.
        Console.WriteLine(stolen < 0.02
            ? $"hypervisor steal over the rounds: {stolen:P1} of the CPU time (under 2 %: a quiet machine)"
            : $"hypervisor steal over the rounds: {stolen:P1} of the CPU time: the timings include time the code was not running, so they are not from a quiet machine");
    }

    foreach (StaticNetBench bench in benches.Where(b => b.Restarts > 0))
    {
        Console.Error.WriteLine($"  ({bench.Workload} batch {bench.Batch}: {bench.Restarts} training runs diverged and restarted from fresh weights)");
    }

    // Each side's lines in torch_bench.py's format, medians over the rounds.
    Console.WriteLine();
    Console.WriteLine($"{staticNet.Banner} (median of {rounds} rounds)");
    foreach (StaticNetBench bench in benches)
    {
        double train = staticNet.Median(bench.Workload, bench.Batch, Mode.Train)!.Value;
        double infer = staticNet.Median(bench.Workload, bench.Batch, Mode.Infer)!.Value;
        double guard = bench.GuardShare(train, StepCount(bench.Batch, steps));
        Console.WriteLine($"{bench.Workload,-10} batch={bench.Batch,3} train={train,10:F0} samples/s  infer={infer,10:F0} samples/s  {(bench.Batch == 1 ? "gradient scan" : "non-finite guard")}={guard * 100,4:F1} % of a step");
    }

    Side[] peerResults = peers.Select(p => p.Results).Where(s => s.Has(Mode.Infer)).ToArray();
    foreach (Side peer in peerResults)
    {
        Console.WriteLine($"{peer.Banner} (median of {rounds} rounds)");
        foreach ((string name, _, _) in workloads)
        {
            foreach (int batch in batches)
            {
                string train = peer.Median(name, batch, Mode.Train) is double t ? $" train={t,10:F0} samples/s " : "";
                Console.WriteLine($"{name,-10} batch={batch,3}{train} infer={peer.Median(name, batch, Mode.Infer),10:F0} samples/s");
            }
        }
    }

    Side? torch = peerResults.FirstOrDefault(s => s.Name == "PyTorch");
    Side? ort = peerResults.FirstOrDefault(s => s.Name == "ONNX Runtime");
    var sides = new[] { staticNet }.Concat(peerResults).ToArray();
    foreach (Mode mode in new[] { Mode.Train, Mode.Infer })
    {
        Side[] shown = sides.Where(s => s.Has(mode)).ToArray();
        Side[] against = mode == Mode.Train ? [.. new[] { torch }.OfType<Side>()] : [.. new[] { torch, ort }.OfType<Side>()];
        Console.WriteLine();
        Console.WriteLine($"{(mode == Mode.Train ? "training" : "inference")}, samples/s: median [range] over {rounds} rounds" +
            (against.Length > 0 ? "; ratios: median [range] of the per-round ratios, > 1 when StaticNet is faster" : ""));
        var rows = new List<string[]>
        {
            new[] { "workload", "batch" }.Concat(shown.Select(s => s.Name)).Concat(against.Select(s => $"StaticNet/{s.Name}")).ToArray(),
        };
        foreach ((string name, _, _) in workloads)
        {
            foreach (int batch in batches)
            {
                rows.Add(new[] { name, batch.ToString(CultureInfo.InvariantCulture) }
                    .Concat(shown.Select(s => Statistics.MedianAndRange(s.Rates(name, batch, mode), "N0")))
                    .Concat(against.Select(s => Statistics.MedianAndRange(staticNet.RoundRatios(s, name, batch, mode), "F2")))
                    .ToArray());
            }
        }

        PrintTable(rows);
    }

    if (parallelBenches.Length > 0)
    {
        // Data parallel training against one thread, both StaticNet, each round's pair measured back to back.
        Console.WriteLine();
        Console.WriteLine($"training at batch 32 on {threads} threads (data parallel, {threads} shards) against 1 thread, samples/s: median [range] over {rounds} rounds; speed-up: median [range] of the per-round ratios");
        var rows = new List<string[]> { new[] { "workload", "1 thread", $"{threads} threads", "speed-up" } };
        foreach ((string name, _, _) in workloads)
        {
            rows.Add([
                name,
                Statistics.MedianAndRange(staticNet.Rates(name, 32, Mode.Train), "N0"),
                Statistics.MedianAndRange(parallelSide.Rates(name, 32, Mode.Train), "N0"),
                Statistics.MedianAndRange(parallelSide.RoundRatios(staticNet, name, 32, Mode.Train), "F2"),
            ]);
        }

        PrintTable(rows);

        // Split products against one thread, training and inference.
        Console.WriteLine();
        Console.WriteLine($"batch 32 on {threads} threads with split products (each large product cut across the threads; the same weights as one thread) against 1 thread: speed-up, median [range] of the per-round ratios");
        rows = [["workload", "train", "infer"]];
        foreach ((string name, _, _) in workloads)
        {
            rows.Add([
                name,
                Statistics.MedianAndRange(splitSide.RoundRatios(staticNet, name, 32, Mode.Train), "F2"),
                Statistics.MedianAndRange(splitSide.RoundRatios(staticNet, name, 32, Mode.Infer), "F2"),
            ]);
        }

        PrintTable(rows);
    }

    // Work per sample from the layer shapes, and the rate it is done at.
    Console.WriteLine();
    Console.WriteLine("FLOPs per sample (2 per multiply-add of dense and convolution layers; training: forward, weight and input gradients);");
    Console.WriteLine(peak is double pk
        ? $"GFLOP/s at the median rates, and their share of the {pk:F1} GFLOP/s peak of one core"
        : "GFLOP/s at the median rates (peak unknown)");
    var flopRows = new List<string[]>
    {
        new[] { "workload", "batch", "MFLOP fwd/train" }
            .Concat(sides.SelectMany(s => new[] { Mode.Train, Mode.Infer }.Where(s.Has)
                .Select(m => $"{s.Name} {(m == Mode.Train ? "train" : "infer")}")))
            .ToArray(),
    };
    foreach ((string name, _, FlopCount flops) in workloads)
    {
        foreach (int batch in batches)
        {
            var row = new List<string> { name, batch.ToString(CultureInfo.InvariantCulture), $"{flops.Forward / 1e6:F3} / {flops.Training / 1e6:F3}" };
            foreach (Side side in sides)
            {
                foreach (Mode mode in new[] { Mode.Train, Mode.Infer }.Where(side.Has))
                {
                    if (side.Median(name, batch, mode) is not double rate)
                    {
                        row.Add("–");
                        continue;
                    }

                    double gflops = rate * (mode == Mode.Train ? flops.Training : flops.Forward) / 1e9;
                    row.Add(peak is double pk2 ? $"{gflops:F1} ({gflops / pk2:P0})" : $"{gflops:F1}");
                }
            }

            flopRows.Add([.. row]);
        }
    }

    PrintTable(flopRows);

    if (perCall > 0)
    {
        string? models = peers.OfType<OnnxRuntimePeer>().FirstOrDefault()?.Models;
        Console.WriteLine();
        Console.WriteLine($"per call at batch 32, {perCall} calls each{(models is null ? "" : ", inference alternating with ONNX Runtime (in this process) call by call")}:");
        Console.WriteLine("the fastest call, the 10th percentile and the median (ratios of the same points, > 1 when StaticNet is faster)");
        PrintTable(PerCall.Measure(benches.Where(b => b.Batch == 32).Select(b => (b, workloads.First(w => w.Name == b.Workload).Flops)), perCall, peak, models));
        PrintThreadComparison(parallelBenches, $"(data parallel, {threads} shards)");
        PrintThreadComparison(splitBenches, "with split products");
    }

    return 0;

    // Per call, batch-32 training on one thread against these benches on several, alternating (PerCall.MeasureThreads).
    void PrintThreadComparison(StaticNetBench[] several, string how)
    {
        if (several.Length == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"per call, batch-32 training on 1 thread and on {threads} {how}, alternating, {perCall} calls each,");
        Console.WriteLine("each timed after an untimed call of its side: the fastest call, the 10th percentile and the median (speed-ups of the same points)");
        PrintTable(PerCall.MeasureThreads(several.Select(p => (benches.First(b => b.Workload == p.Workload && b.Batch == 32), p)), perCall, threads));
    }
}
finally
{
    work.Delete(recursive: true);
}

static int StepCount(int batch, int steps) => batch == 1 ? steps : Math.Max(30, steps / 8);

// shared/bench sits beside the repository: found from the repository root (the directory holding StaticNet.sln),
// searched upwards from the program and from the current directory, so any working directory will do.
static string FindBenchDirectory()
{
    foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
    {
        for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StaticNet.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "bench"));
            }
        }
    }

    return Path.GetFullPath(Path.Combine("..", "shared", "bench"));
}

// Columns padded to their widest cell, the first two left-aligned, numbers right-aligned.
static void PrintTable(List<string[]> rows)
{
    int[] widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
    foreach (string[] row in rows)
    {
        Console.WriteLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
    }
}
