using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using System.Threading;
using StaticNet.Kernels;

namespace StaticNet.Training;

/// <summary>
/// Training steps on several cores, data parallel over the batch. A batch is cut into <see cref="Shards"/> parts of
/// nearly equal size (the first <c>batch % shards</c> one sample larger). Shard 0 runs forward and backward on the
/// network itself, every other shard on a shard of it (<see cref="IShardable{T}.CreateShard"/>) that reads the same
/// parameters and has its own gradients and buffers. Then each thread takes a range of the parameters: it sums the
/// shards' gradients there in shard order, each weighted by its share of the batch, and checks the sum is finite;
/// once every range is checked, it applies the optimizer's update to its range (<see cref="IShardable{T}.UpdateParameters"/>).
/// The optimizer, clipping and regularization see the gradient of the whole batch, as in one <c>TrainStep</c>, and
/// every parameter is updated once.
/// </summary>
/// <remarks>
/// <para>
/// Which thread computes which shard or range changes nothing: every shard has its own buffers, the sum runs in a
/// fixed order (each element added in shard order), and the update of a value reads only that value's parameter,
/// gradient and optimizer state. So the same number of shards gives bit-identical parameters on 1 or
/// <see cref="Threads"/> threads. Against one unsharded <c>TrainStep</c> the result differs by rounding only (the
/// batch's sums are taken in a different order).
/// </para>
/// <para>
/// The shards share the network's parameters and optimizer state, so they never go stale: the network may be
/// trained, initialized, loaded or changed in any way between steps. The step count and the learning rate are the
/// network's.
/// </para>
/// <para>
/// Networks with state (batch normalization) are refused with more than one shard: their statistics are over the
/// whole batch, which no shard sees. Dropout draws each shard's masks from that shard's own stream; the replicas
/// start theirs from seeds of their own (<see cref="ShardSeed"/>), so no two shards drop the same units.
/// </para>
/// <para>The threads are started once and wait between steps; a step allocates nothing.</para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class DataParallel<T> : IDisposable where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>A thread's range of the parameters starts at a multiple of this: 64 bytes of floats, a cache line.</summary>
    private const int RangeAlignment = 16;

    /// <summary>The values <see cref="SumGradients"/> adds up at a time: 16 KiB of floats, half of an L1 cache.</summary>
    private const int SumStretch = 4096;

    private readonly INetwork<T> network;
    private readonly IShardable<T> shardable;
    private readonly bool stateful; // batch norm: then one shard, updated by ApplyGradients
    private readonly INetwork<T>[] replicas; // replicas[0] is the network itself; the others share its parameters
    private readonly T[][] shardInputs;
    private readonly int[][] shardLabels;
    private readonly T[][] shardTargets;
    private readonly T[][] shardOutputs;
    private readonly T[] shardLosses;
    private readonly int[] shardStarts;
    private readonly int[] shardCounts;
    private readonly Thread[] workers;
    private readonly StepBarrier? barrier;
    private readonly Exception?[] failures;
    private readonly int[] nonFinite; // per thread: the first non-finite summed gradient in its range, or -1
    private int activeShards;
    private int batch;
    private T loss;
    private bool labelled;
    private bool wantOutputs;
    private volatile bool stopping;
    private bool disposed;

    /// <summary>Prepares data-parallel steps for <paramref name="network"/>.</summary>
    /// <param name="network">A generated network; trained in place.</param>
    /// <param name="shards">Parts each batch is cut into, 1 to <see cref="INetwork{T}.BatchCapacity"/>; fixes the result.</param>
    /// <param name="threads">Threads computing the shards, 1 to <paramref name="shards"/>; changes only the speed.</param>
    /// <exception cref="ArgumentOutOfRangeException">Shards or threads are out of range.</exception>
    /// <exception cref="ArgumentException">
    /// The network has state (batch normalization) and there is more than one shard, or it is not a generated network.
    /// </exception>
    public DataParallel(INetwork<T> network, int shards, int threads)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shards, network.BatchCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (threads > shards)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"{threads} threads for {shards} shards: each thread computes whole shards, so use at most {shards} threads, or more shards.");
        }

        if (shards > 1 && network.State.Length > 0)
        {
            throw new ArgumentException(
                "This network has batch-normalization state, whose statistics are over the whole batch; a shard sees only its part, so it trains with one shard (one thread).",
                nameof(network));
        }

        if ((network is not IClassifier<T> && network is not IRegressor<T>) || network is not IShardable<T> shardable)
        {
            throw new ArgumentException("Data-parallel steps train generated networks, which are an IClassifier<T> or an IRegressor<T> and an IShardable<T>; this one is not.", nameof(network));
        }

        this.network = network;
        this.shardable = shardable;
        stateful = network.State.Length > 0;
        Shards = shards;
        Threads = threads;
        int capacity = (network.BatchCapacity + shards - 1) / shards;
        replicas = new INetwork<T>[shards];
        replicas[0] = network;
        for (int s = 1; s < shards; s++)
        {
            replicas[s] = shardable.CreateShard(ShardSeed(s));
        }

        shardInputs = new T[shards][];
        shardLabels = new int[shards][];
        shardTargets = new T[shards][];
        shardOutputs = new T[shards][];
        for (int s = 0; s < shards; s++)
        {
            shardInputs[s] = new T[capacity * network.InputLength];
            shardLabels[s] = new int[capacity];
            shardTargets[s] = new T[capacity * network.OutputLength];
            shardOutputs[s] = new T[capacity * network.OutputLength];
        }

        shardLosses = new T[shards];
        shardStarts = new int[shards];
        shardCounts = new int[shards];
        failures = new Exception?[threads];
        nonFinite = new int[threads];
        workers = new Thread[threads - 1];
        if (threads > 1)
        {
            barrier = new StepBarrier(threads);
            for (int w = 1; w < threads; w++)
            {
                int worker = w;
                workers[w - 1] = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = $"StaticNet shard worker {w}" };
                workers[w - 1].Start();
            }
        }
    }

    /// <summary>Parts each batch is cut into.</summary>
    public int Shards { get; }

    /// <summary>Threads computing the shards, the calling thread included.</summary>
    public int Threads { get; }

    /// <summary>The seed the shard network for shard <paramref name="shard"/> (1 or more) starts its dropout masks from.</summary>
    /// <param name="shard">The shard, from 1.</param>
    public static int ShardSeed(int shard) => unchecked((int)(0x5A4D_0000u + ((uint)shard * 7919u)));

    /// <summary>
    /// One training step of a classifier on <c>labels.Length</c> samples: <see cref="IClassifier{T}.TrainStep(ReadOnlySpan{T}, ReadOnlySpan{int}, Span{T})"/>
    /// computed on the shards. Returns the batch's mean loss before the update.
    /// </summary>
    /// <param name="inputs">The batch's inputs.</param>
    /// <param name="labels">One class per sample.</param>
    /// <param name="outputs">Receives the training-mode outputs, unless empty.</param>
    /// <exception cref="NonFiniteTrainingException">The loss or a gradient is NaN or infinite; nothing was updated.</exception>
    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, Span<T> outputs)
    {
        if (network is not IClassifier<T>)
        {
            throw new InvalidOperationException("The network is a regressor: it trains on target vectors, not labels.");
        }

        Split(labels.Length, inputs.Length, outputs.Length);
        labelled = true;
        for (int s = 0; s < activeShards; s++)
        {
            inputs.Slice(shardStarts[s] * network.InputLength, shardCounts[s] * network.InputLength).CopyTo(shardInputs[s]);
            labels.Slice(shardStarts[s], shardCounts[s]).CopyTo(shardLabels[s]);
        }

        return Step(outputs);
    }

    /// <summary>
    /// One training step of a regressor on <c>inputs.Length / InputLength</c> samples, computed on the shards.
    /// Returns the batch's mean loss before the update.
    /// </summary>
    /// <param name="inputs">The batch's inputs.</param>
    /// <param name="targets">One target vector per sample.</param>
    /// <param name="outputs">Receives the training-mode outputs, unless empty.</param>
    /// <exception cref="NonFiniteTrainingException">The loss or a gradient is NaN or infinite; nothing was updated.</exception>
    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> outputs)
    {
        if (network is not IRegressor<T>)
        {
            throw new InvalidOperationException("The network is a classifier: it trains on labels, not target vectors.");
        }

        Split(BatchGuard.CountSamples(targets.Length, network.OutputLength, nameof(targets)), inputs.Length, outputs.Length);
        labelled = false;
        for (int s = 0; s < activeShards; s++)
        {
            inputs.Slice(shardStarts[s] * network.InputLength, shardCounts[s] * network.InputLength).CopyTo(shardInputs[s]);
            targets.Slice(shardStarts[s] * network.OutputLength, shardCounts[s] * network.OutputLength).CopyTo(shardTargets[s]);
        }

        return Step(outputs);
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stopping = true;
        if (barrier is not null)
        {
            barrier.SignalAndWait();
            foreach (Thread worker in workers)
            {
                worker.Join();
            }
        }
    }

    private void Split(int samples, int inputLength, int outputLength)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        BatchGuard.CheckTrainingBatch(samples, network.BatchCapacity);
        BatchGuard.CheckLength(inputLength, samples, network.InputLength, "inputs");
        if (outputLength != 0)
        {
            BatchGuard.CheckLength(outputLength, samples, network.OutputLength, "outputs");
        }

        batch = samples;
        wantOutputs = outputLength != 0;
        activeShards = Math.Min(Shards, samples);
        for (int s = 0, start = 0; s < activeShards; s++)
        {
            shardStarts[s] = start;
            shardCounts[s] = (samples / activeShards) + (s < samples % activeShards ? 1 : 0);
            start += shardCounts[s];
        }
    }

    private T Step(Span<T> outputs)
    {
        Run(); // the shards, the weighted sum into the network's gradients, and the update, each split across the threads
        if (!T.IsFinite(loss))
        {
            throw new NonFiniteTrainingException(network.Step + 1, null, "loss", -1, double.CreateTruncating(loss));
        }

        int at = -1;
        foreach (int first in nonFinite)
        {
            at = first >= 0 && (at < 0 || first < at) ? first : at;
        }

        if (at >= 0)
        {
            throw new NonFiniteTrainingException(network.Step + 1, null, "gradient", at, double.NaN);
        }

        if (!stateful)
        {
            network.Step++; // ApplyGradients counted it where the network has state
        }

        if (wantOutputs)
        {
            for (int s = 0; s < activeShards; s++)
            {
                shardOutputs[s].AsSpan(0, shardCounts[s] * network.OutputLength).CopyTo(outputs.Slice(shardStarts[s] * network.OutputLength));
            }
        }

        return loss;
    }

    /// <summary>A step's phases on every thread, the calling one as thread 0; then the first failure, if any, rethrown.</summary>
    private void Run()
    {
        if (barrier is null)
        {
            Phases(0);
        }
        else
        {
            barrier.SignalAndWait(); // start the workers
            Phases(0);
            barrier.SignalAndWait(); // wait for them
        }

        for (int t = 0; t < failures.Length; t++)
        {
            if (failures[t] is Exception failure)
            {
                Array.Clear(failures);
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
    }

    private void WorkerLoop(int worker)
    {
        while (true)
        {
            barrier!.SignalAndWait();
            if (stopping)
            {
                return;
            }

            Phases(worker);
            barrier.SignalAndWait();
        }
    }

    /// <summary>
    /// Thread <paramref name="thread"/>'s part of a step: its shards; once every shard is done, its range of the
    /// gradients summed in shard order and checked; once every range is checked, the update of its range. A failure
    /// or a non-finite value anywhere stops every thread before the update, so nothing changes unless all of it does.
    /// </summary>
    private void Phases(int thread)
    {
        try
        {
            for (int s = thread; s < activeShards; s += Threads)
            {
                ComputeShard(s);
            }
        }
        catch (Exception e)
        {
            failures[thread] = e;
        }

        barrier?.SignalAndWait();
        nonFinite[thread] = Failed() ? -1 : SumGradients(thread);
        barrier?.SignalAndWait();

        // The batch's loss, as every thread computes it from the same shard losses in the same order.
        T total = T.Zero;
        for (int s = 0; s < activeShards; s++)
        {
            total += shardLosses[s] * T.CreateChecked(shardCounts[s]) / T.CreateChecked(batch);
        }

        if (thread == 0)
        {
            loss = total;
        }

        if (Failed() || !T.IsFinite(total) || Array.Exists(nonFinite, first => first >= 0))
        {
            return;
        }

        try
        {
            if (stateful)
            {
                network.ApplyGradients(); // one shard, one thread: the update and the running statistics, as TrainStep
            }
            else
            {
                // Every thread computes the same scale from the same sum (a read of every gradient when clipping by norm).
                (int from, int to) = Range(thread);
                shardable.UpdateParameters(from, to, shardable.GradientScale());
            }
        }
        catch (Exception e)
        {
            failures[thread] = e;
        }
    }

    /// <summary>Thread <paramref name="thread"/>'s range of the parameters, for the sum and the update.</summary>
    private (int From, int To) Range(int thread)
    {
        int length = network.Parameters.Length;
        int chunk = (((length + Threads - 1) / Threads) + RangeAlignment - 1) / RangeAlignment * RangeAlignment;
        int from = Math.Min(length, thread * chunk);
        return (from, Math.Min(length, from + chunk));
    }

    private bool Failed() => !Array.TrueForAll(failures, f => f is null);

    private void ComputeShard(int shard)
    {
        INetwork<T> replica = replicas[shard];
        int count = shardCounts[shard];
        Span<T> outputs = wantOutputs ? shardOutputs[shard].AsSpan(0, count * network.OutputLength) : Span<T>.Empty;
        ReadOnlySpan<T> inputs = shardInputs[shard].AsSpan(0, count * network.InputLength);
        shardLosses[shard] = labelled
            ? ((IClassifier<T>)replica).ComputeGradients(inputs, shardLabels[shard].AsSpan(0, count), outputs)
            : ((IRegressor<T>)replica).ComputeGradients(inputs, shardTargets[shard].AsSpan(0, count * network.OutputLength), outputs);
    }

    /// <summary>
    /// <c>g = Σ_s (n_s / batch)·g_s</c> over this thread's range of the parameters, always in shard order, into the
    /// network's gradients; returns the first non-finite value of the sum in the range, or -1.
    /// </summary>
    /// <remarks>
    /// A stretch of <see cref="SumStretch"/> values at a time, checked while it is still in the L1 cache. The update
    /// that follows reads the same range on the same thread, from L2 where it fits.
    /// </remarks>
    private int SumGradients(int thread)
    {
        (int from, int to) = Range(thread);
        for (int start = from; start < to; start += SumStretch)
        {
            int count = Math.Min(SumStretch, to - start);
            Span<T> sum = network.Gradients.Slice(start, count);
            if (activeShards > 1)
            {
                TensorPrimitives.Multiply(sum, Weight(0), sum);
                for (int s = 1; s < activeShards; s++)
                {
                    TensorPrimitives.MultiplyAdd(replicas[s].Gradients.Slice(start, count), Weight(s), sum, sum);
                }
            }

            int at = NonFinite.IndexOf<T>(sum);
            if (at >= 0)
            {
                return start + at;
            }
        }

        return -1;
    }

    private T Weight(int shard) => T.CreateChecked(shardCounts[shard]) / T.CreateChecked(batch);
}
