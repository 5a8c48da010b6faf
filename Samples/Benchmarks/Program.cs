using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using StaticNet;
using StaticNet.Kernels;
using StaticNet.Samples;

// The benchmark command: the reference workloads at batch 1 and 32, training (forward, backward,
// update) and inference, in samples per second, printed in torch_bench.py's format. With --torch it
// runs shared/bench/torch_bench.py in the same session and prints both side by side with ratios.
// Each figure is the median of several timed repeats after a warm-up that lets the JIT reach tier 1.

int steps = 300, repeats = 7;
bool withTorch = false;
string torchScript = Path.Combine("..", "shared", "bench", "torch_bench.py");
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--torch": withTorch = true; break;
        case "--torch-script": torchScript = args[++i]; withTorch = true; break;
        case "--help" or "-h":
            Console.WriteLine("usage: [--steps N] [--repeats R] [--torch] [--torch-script PATH]");
            Console.WriteLine("  --steps N          timed steps per repeat at batch 1 (batch 32: max(30, N/8)); default 300");
            Console.WriteLine("  --repeats R        timed repeats, the median is reported; default 7");
            Console.WriteLine("  --torch            also run ../shared/bench/torch_bench.py and print both side by side");
            Console.WriteLine("  --torch-script P   the peer script's path (implies --torch)");
            return 0;
        default:
            Console.Error.WriteLine($"unknown option '{args[i]}'; usage: [--steps N] [--repeats R] [--torch] [--torch-script PATH]");
            return 2;
    }
}

var workloads = new (string Name, Func<IClassifier<float>> Create)[]
{
    ("mlp", () => new Mlp()),
    ("lenet5", () => new LeNet5()),
    ("deep-tanh", () => new DeepTanh()),
};

Console.WriteLine($"staticnet {typeof(INetwork<>).Assembly.GetName().Version} .NET {Environment.Version} threads=1 (median of {repeats} repeats)");
var ours = new Dictionary<(string, int), (double Train, double Infer)>();
foreach ((string name, Func<IClassifier<float>> create) in workloads)
{
    foreach (int batch in new[] { 1, 32 })
    {
        int stepCount = batch == 1 ? steps : Math.Max(30, steps / 8);
        (double train, double infer, double guard) = Measure(create(), batch, stepCount, repeats);
        ours[(name, batch)] = (train, infer);
        Console.WriteLine($"{name,-10} batch={batch,3} train={train,10:F0} samples/s  infer={infer,10:F0} samples/s  non-finite guard={guard * 100,4:F1} % of a step");
    }
}

if (withTorch)
{
    Dictionary<(string, int), (double Train, double Infer)> torch = RunTorch(torchScript, steps);
    Console.WriteLine();
    Console.WriteLine("side by side, same session (ratio > 1: StaticNet faster)");
    Console.WriteLine($"{"workload",-10} {"batch",5} {"train SN",10} {"train torch",11} {"ratio",6} {"infer SN",10} {"infer torch",11} {"ratio",6}");
    foreach (((string name, int batch), (double train, double infer)) in ours)
    {
        if (torch.TryGetValue((name, batch), out var peer))
        {
            Console.WriteLine($"{name,-10} {batch,5} {train,10:F0} {peer.Train,11:F0} {train / peer.Train,6:F2} {infer,10:F0} {peer.Infer,11:F0} {infer / peer.Infer,6:F2}");
        }
    }
}

return 0;

static (double Train, double Infer, double Guard) Measure(IClassifier<float> network, int batch, int steps, int repeats)
{
    // A pool of distinct random batches with random labels: training on one batch over and over drives the
    // loss to zero and the momentum velocity into subnormal numbers, which are slow and unlike real training.
    const int Pool = 64;
    var random = new Random(0);
    float[] inputs = Enumerable.Range(0, Pool * batch * network.InputLength).Select(_ => (float)NextGaussian(random)).ToArray();
    int[] labels = Enumerable.Range(0, Pool * batch).Select(_ => random.Next(10)).ToArray();
    float[] outputs = new float[batch * network.OutputLength];
    int next = 0;
    int resets = 0;
    void Train()
    {
        try
        {
            network.TrainStep(inputs.AsSpan(next * batch * network.InputLength, batch * network.InputLength), labels.AsSpan(next * batch, batch));
        }
        catch (NonFiniteTrainingException)
        {
            // Random labels on random inputs can drive a small batch to diverge after a few thousand steps; the
            // guard stops the step, and timing goes on from fresh weights instead of from NaN arithmetic.
            network.Initialize(0);
            resets++;
        }

        next = (next + 1) % Pool;
    }

    void Infer()
    {
        network.Forward(inputs.AsSpan(next * batch * network.InputLength, batch * network.InputLength), outputs);
        next = (next + 1) % Pool;
    }

    // Warm up for at least a second of wall time: tiered compilation promotes hot methods to optimized
    // code only after a call count and a background delay, so a fixed small number of steps is not enough.
    long warmUp = Stopwatch.GetTimestamp();
    for (int i = 0; i < 200 || Stopwatch.GetElapsedTime(warmUp).TotalSeconds < 1.5; i++)
    {
        Train();
        Infer();
    }

    double train = Median(repeats, () => Rate(Train, steps, batch));
    double infer = Median(repeats, () => Rate(Infer, steps, batch));

    // What TrainStep's non-finite guard adds: one scan of every gradient before the update (the loss is one
    // comparison). Timed alone on the gradients the steps just wrote; its share of a step, from the rates.
    void Guard() => NonFinite.IndexOf<float>(network.Gradients);
    double scans = Median(repeats, () => Rate(Guard, steps, 1));
    if (resets > 0)
    {
        Console.Error.WriteLine($"  ({resets} training runs diverged and restarted from fresh weights)");
    }

    return (train, infer, train / (scans * batch));
}

// Samples per second over at least `steps` steps and at least 0.2 s.
static double Rate(Action step, int steps, int batch)
{
    long start = Stopwatch.GetTimestamp();
    int done = 0;
    while (done < steps || Stopwatch.GetElapsedTime(start).TotalSeconds < 0.2)
    {
        step();
        done++;
    }

    return done * batch / Stopwatch.GetElapsedTime(start).TotalSeconds;
}

static double Median(int repeats, Func<double> sample)
{
    double[] values = Enumerable.Range(0, repeats).Select(_ => sample()).OrderBy(v => v).ToArray();
    return values[values.Length / 2];
}

static double NextGaussian(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

static Dictionary<(string, int), (double Train, double Infer)> RunTorch(string script, int steps)
{
    var result = new Dictionary<(string, int), (double, double)>();
    if (!File.Exists(script))
    {
        Console.Error.WriteLine($"torch benchmark not found at '{script}'; pass --torch-script PATH");
        return result;
    }

    var start = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" --steps {steps}") { RedirectStandardOutput = true, RedirectStandardError = true };
    using Process process = Process.Start(start)!;
    string output = process.StandardOutput.ReadToEnd();
    string errors = process.StandardError.ReadToEnd();
    process.WaitForExit();
    Console.WriteLine();
    Console.Write(output);
    if (process.ExitCode != 0)
    {
        Console.Error.WriteLine($"torch_bench.py failed ({process.ExitCode}): {errors.Trim()}");
        Console.Error.WriteLine("install the peer with: apt-get install -y python3-torch python3-numpy libopenblas0-pthread");
    }

    foreach (Match m in Regex.Matches(output, @"^(\S+)\s+batch=\s*(\d+) train=\s*(\d+) samples/s\s+infer=\s*(\d+)", RegexOptions.Multiline))
    {
        result[(m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))] =
            (double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture));
    }

    return result;
}
