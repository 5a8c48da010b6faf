using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace StaticNet.Training;

/// <summary>
/// Training steps on several cores, data parallel over the batch. A batch is cut into <see cref="Shards"/> parts of
/// nearly equal size (the first <c>batch % shards</c> one sample larger). Shard 0 runs forward and backward on the
/// network itself, every other shard on a replica of it with its own buffers. Their gradients are summed in shard
/// order, each weighted by its share of the batch, and every replica applies that same sum itself
/// (<see cref="INetwork{T}.ApplyGradients"/>, on the threads in parallel): the optimizer, clipping and
/// regularization see the gradient of the whole batch, as in one <c>TrainStep</c>, and the replicas stay identical
/// to the network without copying parameters.
/// </summary>
/// <remarks>
/// <para>
/// Which thread computes which shard changes nothing: every shard has its own network and buffers, the sum runs
/// in a fixed order (split by parameter ranges across the threads, each element added in shard order), and every
/// replica runs the same update on the same numbers. So the same number of shards gives bit-identical parameters
/// on 1 or <see cref="Threads"/> threads. Against one unsharded <c>TrainStep</c> the result differs by rounding only
/// (the batch's sums are taken in a different order).
/// </para>
/// <para>
/// The replicas are given the network's parameters, optimizer state, step count and learning rate when this is
/// created and whenever the network's step count is not the one the last step left (it was trained meanwhile);
/// the learning rate is passed on every step. After changing the parameters in any other way between steps, call
/// <see cref="Synchronize"/>.
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
    /// <summary>The values <see cref="SumGradients"/> adds up at a time: 16 KiB of floats, half of an L1 cache.</summary>
    private const int SumStretch = 4096;

    private readonly INetwork<T> network;
    private readonly INetwork<T>[] replicas; // replicas[0] is the network itself
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
    /// <exception cref="ArgumentException">The network has state (batch normalization) and there is more than one shard.</exception>
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

        if (network is not IClassifier<T> && network is not IRegressor<T>)
        {
            throw new ArgumentException("Data-parallel steps train generated networks, which are an IClassifier<T> or an IRegressor<T>; this one is neither.", nameof(network));
        }

        this.network = network;
        Shards = shards;
        Threads = threads;
        int capacity = (network.BatchCapacity + shards - 1) / shards;
        replicas = new INetwork<T>[shards];
        replicas[0] = network;
        for (int s = 1; s < shards; s++)
        {
            replicas[s] = (INetwork<T>)(Activator.CreateInstance(network.GetType())
                ?? throw new ArgumentException($"{network.GetType().Name} could not be copied for shard {s}.", nameof(network)));
            replicas[s].Initialize(ShardSeed(s)); // the dropout stream; Synchronize gives it the network's parameters
        }

        Synchronize();
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

    /// <summary>The seed the copy of the network for shard <paramref name="shard"/> (1 or more) starts its dropout masks from.</summary>
    /// <param name="shard">The shard, from 1.</param>
    public static int ShardSeed(int shard) => unchecked((int)(0x5A4D_0000u + ((uint)shard * 7919u)));

    /// <summary>
    /// Gives every replica the network's parameters, optimizer state, step count and learning rate. Steps do it
    /// themselves when the network was trained in between; call it after changing the parameters any other way.
    /// </summary>
    public void Synchronize()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        for (int s = 1; s < replicas.Length; s++)
        {
            network.Parameters.CopyTo(replicas[s].Parameters);
            network.OptimizerState.CopyTo(replicas[s].OptimizerState);
            replicas[s].Step = network.Step;
            replicas[s].LearningRate = network.LearningRate;
        }
    }

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
        if (replicas.Length > 1 && replicas[1].Step != network.Step)
        {
            Synchronize(); // the network was trained or reset since the last step
        }

        for (int s = 1; s < replicas.Length; s++)
        {
            replicas[s].LearningRate = network.LearningRate; // a schedule may have changed it
        }

        Run(); // the shards, the weighted sum into every replica's gradients, and every replica's update
        if (!T.IsFinite(loss))
        {
            throw new NonFiniteTrainingException(network.Step + 1, null, "loss", -1, double.CreateTruncating(loss));
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
    /// gradients summed in shard order into every replica; once that is done, its replicas' updates. A failure
    /// anywhere stops every thread at the next phase, so no replica updates unless all of them do.
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
        if (!Failed())
        {
            SumGradients(thread);
        }

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

        if (Failed() || !T.IsFinite(total))
        {
            return;
        }

        try
        {
            // Every replica, active this step or not, applies the same sum, so all stay identical.
            for (int r = thread; r < replicas.Length; r += Threads)
            {
                replicas[r].ApplyGradients();
            }
        }
        catch (Exception e)
        {
            failures[thread] = e;
        }
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
    /// <c>g = Σ_s (n_s / batch)·g_s</c> over this thread's range of the parameters, always in shard order, written
    /// into every replica's gradients (each thread reads and writes only its own range).
    /// </summary>
    /// <remarks>
    /// A stretch of <see cref="SumStretch"/> values at a time: summed in place in the network's gradients, then copied
    /// to the other replicas while it is still in the L1 cache. Summing the whole range first and copying it after
    /// reads the sum back from L2 or memory once per pass: for 0.7 M parameters (deep-tanh, 2 shards) that took 3.5 times as
    /// long; in a profile of deep-tanh on 2 threads those passes were 15 % of the time.
    /// </remarks>
    private void SumGradients(int thread)
    {
        int length = network.Parameters.Length;
        int chunk = (((length + Threads - 1) / Threads) + 15) & ~15;
        int from = Math.Min(length, thread * chunk), to = Math.Min(length, from + chunk);
        if (from >= to)
        {
            return;
        }

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

            for (int r = 1; r < replicas.Length; r++)
            {
                sum.CopyTo(replicas[r].Gradients.Slice(start, count));
            }
        }
    }

    private T Weight(int shard) => T.CreateChecked(shardCounts[shard]) / T.CreateChecked(batch);
}
