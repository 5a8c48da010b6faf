using System;
using System.Diagnostics;
using System.Linq;
using StaticNet.Kernels;
using StaticNet.Training;

namespace StaticNet.Benchmarks;

/// <summary>
/// StaticNet on one workload at one batch size: training steps and inference passes, timed. With more than one
/// thread, training is data parallel (<see cref="DataParallel{T}"/>, one shard per thread) and inference stays on
/// one; or, with <c>splitProducts</c>, both split each large product across the threads (<see cref="ProductThreads"/>).
/// </summary>
internal sealed class StaticNetBench : IDisposable
{
    // A pool of distinct random batches with random labels for training: training on one batch over and over drives
    // the loss to zero and the momentum velocity into subnormal numbers, which are slow and unlike real training.
    // Inference runs on the pool's first batch every time, as both peers do (torch_bench.py and the ONNX Runtime peer
    // each time one fixed input): cycling through the pool's 6.4 MB made each of StaticNet's passes read a fresh batch
    // from L3, which the peers never paid (mlp at batch 32: 67.7 against 59.4 µs at the median call on the Zen 4 host).
    private const int Pool = 64;

    private readonly IClassifier<float> network;
    private readonly float[] inputs;
    private readonly int[] labels;
    private readonly float[] outputs;
    private readonly DataParallel<float>? parallel;
    private readonly ProductThreads? products;
    private int next;

    public StaticNetBench(string workload, int batch, IClassifier<float> network, int threads = 1, bool splitProducts = false)
    {
        Workload = workload;
        Batch = batch;
        this.network = network;
        parallel = threads > 1 && !splitProducts ? new DataParallel<float>(network, shards: threads, threads) : null;
        products = threads > 1 && splitProducts ? new ProductThreads(threads) : null;
        var random = new Random(0);
        inputs = Enumerable.Range(0, Pool * batch * network.InputLength).Select(_ => (float)NextGaussian(random)).ToArray();
        labels = Enumerable.Range(0, Pool * batch).Select(_ => random.Next(10)).ToArray();
        outputs = new float[batch * network.OutputLength];
    }

    public string Workload { get; }

    public int Batch { get; }

    /// <summary>Training runs that diverged (random labels on random inputs can) and restarted from fresh weights.</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// Runs training and inference for at least 1.5 s of wall time: tiered compilation promotes hot methods to
    /// optimized code only after a call count and a background delay, so a fixed small number of steps is not enough.
    /// </summary>
    public void WarmUp()
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < 200 || Stopwatch.GetElapsedTime(start).TotalSeconds < 1.5; i++)
        {
            Train();
            Infer();
        }
    }

    /// <summary>One training step over the next batch of the pool, or one inference pass over its first batch.</summary>
    public void Step(Mode mode)
    {
        if (mode == Mode.Train)
        {
            Train();
        }
        else
        {
            Infer();
        }
    }

    /// <summary>Samples per second over at least <paramref name="steps"/> steps and at least 0.2 s.</summary>
    public double Rate(Mode mode, int steps) => mode == Mode.Train ? Rate(Train, steps, Batch) : Rate(Infer, steps, Batch);

    /// <summary>
    /// What a scan of every gradient costs (TrainStep's non-finite guard from batch 2 on; the loss is one comparison),
    /// timed alone on the gradients the steps wrote, as a share of a training step at this rate. At batch 1 the guard
    /// checks each dense layer's weight gradient from its two vectors instead and scans only the other layers'.
    /// </summary>
    public double GuardShare(double trainRate, int steps)
    {
        void Scan() => NonFinite.IndexOf<float>(network.Gradients);
        double scans = Enumerable.Range(0, 3).Select(_ => Rate(Scan, steps, 1)).Order().ElementAt(1);
        return trainRate / (scans * Batch);
    }

    private void Train()
    {
        try
        {
            ReadOnlySpan<float> x = inputs.AsSpan(next * Batch * network.InputLength, Batch * network.InputLength);
            ReadOnlySpan<int> y = labels.AsSpan(next * Batch, Batch);
            if (parallel is null)
            {
                using ProductThreads.Scope scope = products?.Use() ?? default;
                network.TrainStep(x, y);
            }
            else
            {
                parallel.TrainStep(x, y, Span<float>.Empty);
            }
        }
        catch (NonFiniteTrainingException)
        {
            // The guard stopped the step; timing goes on from fresh weights instead of from NaN arithmetic.
            network.Initialize(0);
            Restarts++;
        }

        next = (next + 1) % Pool;
    }

    public void Dispose()
    {
        parallel?.Dispose();
        products?.Dispose();
    }

    private void Infer()
    {
        using ProductThreads.Scope scope = products?.Use() ?? default;
        network.Forward(inputs.AsSpan(0, Batch * network.InputLength), outputs);
    }

    private static double Rate(Action step, int steps, int batch)
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

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
