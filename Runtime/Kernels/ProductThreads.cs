using System;
using System.Numerics;
using System.Threading;
using StaticNet.Training;

namespace StaticNet.Kernels;

/// <summary>
/// Threads that split each large matrix product of one calling thread (intra-op parallelism, as MKL, OpenBLAS and
/// ONNX Runtime's intra-op pool do): while <see cref="Use"/> is in effect on a thread, every <see cref="Gemm"/>
/// product that thread makes with at least <see cref="MinimumMultiplyAdds"/> multiply-adds is cut into bands of
/// rows of C, one per thread, the calling thread computing the first. For the dense layers of a network this is
/// the other way to use several cores besides <see cref="DataParallel{T}"/>: nothing is copied or summed, every
/// weight matrix is read once per product instead of once per replica, and there is no optimizer update per
/// replica, which at batch 32 is what holds data parallelism back on networks whose weights outgrow the cache.
/// </summary>
/// <remarks>
/// <para>
/// <b>The same result on any number of threads.</b> The bands never change how an entry of C is computed: they
/// are cut along the weights' units (at multiples of 8 units for a dense layer's forward, input-gradient and weight-
/// gradient products, at whole 6-row tiles for other products), each band takes the same kernel path as the whole
/// product (its tiles balanced within it), and each entry's sum runs over k in the same order. So a network trains to
/// bit-identical weights with 1, 2 or more threads.
/// </para>
/// <para>
/// Products smaller than <see cref="MinimumMultiplyAdds"/>, or too short to cut, run on the calling thread alone;
/// so does everything else (elementwise work) but a dense layer's bias and activation, which each band of its forward
/// product applies to its own units, and the optimizer update, which the generated networks split the same way
/// (<see cref="UpdateParameters{T}"/>). The workers wait at a barrier that spins for
/// about a tenth of a millisecond before sleeping, so back-to-back products do not pay for waking a thread.
/// </para>
/// <para>One thread at a time may use an instance; a product started on a worker is never split again.</para>
/// </remarks>
public sealed unsafe class ProductThreads : IDisposable
{
    /// <summary>The smallest product that is split: 2¹⁷ multiply-adds, a few microseconds on one core.</summary>
    public const long MinimumMultiplyAdds = 1 << 17;

    /// <summary>The fewest parameters whose update is split: 2¹⁴, a few microseconds of work, against a barrier's microsecond.</summary>
    public const int MinimumUpdate = 1 << 14;

    /// <summary>The unused space <see cref="BufferLength{T}"/> leaves after a parameter-sized buffer: 256 KiB.</summary>
    public const int BufferGapBytes = 256 * 1024;

    [ThreadStatic]
    private static ProductThreads? t_current;

    private readonly Thread[] workers;
    private readonly StepBarrier barrier;
    private readonly Exception?[] failures;
    private ExclusiveUse use;
    private volatile bool stopping;
    private bool disposed;

    // The product being split: published before the start barrier, read by the workers after it.
    private delegate*<ProductThreads, int, void> work;
    private int parts;

    // The network being updated (UpdateParameters), and its gradient scale: published the same way.
    private object? updating;
    private double updateScale;

    /// <summary>Starts <paramref name="threads"/> − 1 worker threads; the thread that calls <see cref="Use"/> is the other.</summary>
    /// <param name="threads">Threads per product, 1 to 64 (1 splits nothing).</param>
    public ProductThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threads, 64);
        Threads = threads;
        barrier = new StepBarrier(threads);
        failures = new Exception?[threads];
        workers = new Thread[threads - 1];
        for (int w = 0; w < workers.Length; w++)
        {
            int index = w + 1;
            workers[w] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"StaticNet product thread {index}" };
            workers[w].Start();
        }
    }

    /// <summary>Threads per product, the calling thread included.</summary>
    public int Threads { get; }

    /// <summary>How many products were split so far.</summary>
    public long Splits { get; private set; }

    /// <summary>How many optimizer updates were split so far (<see cref="UpdateParameters{T}"/>).</summary>
    public long SplitUpdates { get; private set; }

    /// <summary>The calling thread's threads, while a <see cref="Use"/> scope is open on it.</summary>
    internal static ProductThreads? Current => t_current;

    // Operands of the product being split (pinned by the caller for the whole call).
    internal nint A { get; private set; }

    internal nint B { get; private set; }

    internal nint C { get; private set; }

    internal int M { get; private set; }

    internal int N { get; private set; }

    internal int K { get; private set; }

    internal bool Accumulate { get; private set; }

    /// <summary>The bias of a dense layer's forward product (n values), or zero where the band applies none.</summary>
    internal nint Bias { get; private set; }

    /// <summary>The activation a dense layer's forward band applies after its bias.</summary>
    internal Activation Activation { get; private set; }

    /// <summary>Rows (or columns) per band, a multiple of the kernels' blocking; the last band takes the rest.</summary>
    internal int BandRows { get; private set; }

    /// <summary>The length of the dimension the product is cut along.</summary>
    internal int Length { get; private set; }

    /// <summary>
    /// Splits the calling thread's products across these threads until the scope is disposed: <c>using (threads.Use()) { … }</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another thread is using this instance, or this thread already uses threads.</exception>
    /// <exception cref="ObjectDisposedException">The instance is disposed.</exception>
    public Scope Use()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (t_current is not null)
        {
            throw new InvalidOperationException("This thread already splits its products across threads; close that scope first.");
        }

        use.Enter("ProductThreads.Use");
        t_current = this;
        return new Scope(this);
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
        if (workers.Length > 0)
        {
            barrier.SignalAndWait();
            foreach (Thread worker in workers)
            {
                worker.Join();
            }
        }
    }

    /// <summary>
    /// The number of bands for a product of <paramref name="multiplyAdds"/> cut along a dimension of
    /// <paramref name="length"/> at multiples of <paramref name="granularity"/>: 1 (do not split) unless it is large
    /// enough and has at least two whole units.
    /// </summary>
    internal int Bands(int length, long multiplyAdds, int granularity) =>
        Threads == 1 || multiplyAdds < MinimumMultiplyAdds ? 1 : Math.Min(Threads, length / granularity);

    /// <summary>
    /// Runs <paramref name="part"/>(this, band) for bands 0 to <paramref name="bands"/> − 1 of the product, band 0 on
    /// the calling thread, and returns when all are done. <paramref name="bandRows"/> rows per band, the last taking the rest.
    /// </summary>
    internal void Run(delegate*<ProductThreads, int, void> part, int bands, int bandRows, int length, void* a, void* b, void* c, int m, int n, int k, bool accumulate, void* bias = null, Activation activation = Activation.Identity)
    {
        Splits++;
        Bias = (nint)bias;
        Activation = activation;
        BandRows = bandRows;
        Length = length;
        A = (nint)a;
        B = (nint)b;
        C = (nint)c;
        M = m;
        N = n;
        K = k;
        Accumulate = accumulate;
        RunParts(part, bands);
    }

    /// <summary>Runs <paramref name="part"/>(this, t) for t from 0 to <paramref name="count"/> − 1, part 0 on the calling thread, and returns when all are done.</summary>
    private void RunParts(delegate*<ProductThreads, int, void> part, int count)
    {
        work = part;
        parts = count;
        barrier.SignalAndWait(); // start: the workers read the fields set before it
        try
        {
            part(this, 0);
        }
        finally
        {
            barrier.SignalAndWait(); // done: every part is written
        }

        for (int t = 1; t < failures.Length; t++)
        {
            if (failures[t] is Exception failure)
            {
                failures[t] = null;
                throw new InvalidOperationException($"A product thread failed: {failure.Message}", failure);
            }
        }
    }

    /// <summary>
    /// A training step's optimizer update, <paramref name="network"/>'s <see cref="IShardable{T}.UpdateParameters"/>
    /// over all its parameters, split across the calling thread's product threads while <see cref="Use"/> is in
    /// effect on it (and it has at least <see cref="MinimumUpdate"/> parameters): thread t updates the t-th part of
    /// every parameter tensor (the calling thread every tensor under <see cref="WholeUpdateBelow"/> values, whose
    /// gradients it computed alone), and the products, cut into bands of rows of the weights in the same order, leave the
    /// t-th band of each weight matrix and its gradient in thread t's cache. Updated on one thread, the other
    /// threads' bands would cross between the cores' caches twice a step; a dense network's step then got no faster
    /// on two threads (mlp on a Zen 4: 125 µs against 143 µs alone, and 87 µs with the update split).
    /// </summary>
    /// <remarks>
    /// Every value's update reads only that value's parameter, gradient and optimizer state, so the result is the
    /// same on any number of threads. Outside a <see cref="Use"/> scope it is one call over all the parameters.
    /// </remarks>
    /// <param name="network">A generated network (an <see cref="IShardable{T}"/>).</param>
    /// <param name="gradientScale">The step's <see cref="IShardable{T}.GradientScale"/>.</param>
    /// <exception cref="ArgumentException">The network is not an <see cref="IShardable{T}"/>.</exception>
    public static void UpdateParameters<T>(INetwork<T> network, T gradientScale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (network is not IShardable<T> shardable)
        {
            throw new ArgumentException("The update is split by the network's own IShardable<T>.UpdateParameters; this network does not implement it.", nameof(network));
        }

        int count = network.Parameters.Length;
        if (t_current is not { Threads: > 1 } threads || count < MinimumUpdate)
        {
            shardable.UpdateParameters(0, count, gradientScale);
            return;
        }

        threads.SplitUpdates++;
        threads.updating = network;
        threads.updateScale = double.CreateTruncating(gradientScale); // exact for floats and doubles
        try
        {
            threads.RunParts(&UpdateBand<T>, threads.Threads);
        }
        finally
        {
            threads.updating = null;
        }
    }

    /// <summary>
    /// The length a generated network allocates each of its parameter-sized buffers (parameters, gradients, optimizer
    /// state) with: <paramref name="length"/>, plus <see cref="BufferGapBytes"/> of unused space after it where the
    /// update is split (<see cref="MinimumUpdate"/> values or more). The buffers are allocated one after the other,
    /// and a split update gives the last thread the end of each buffer and the first thread the start of the next.
    /// Measured on a Zen 4 (mlp, two threads), the first thread's part of the update then took 24 µs against the
    /// other's 11.5, its first rows slowest, as if the other core had pulled them in; with 128 KiB between the
    /// buffers it took 13, with 160 KiB or more 9–10, and the whole step went from 111 to 96–100 µs. With 4 to
    /// 64 KiB nothing changed. The networks read only the first <paramref name="length"/> values.
    /// </summary>
    /// <param name="length">The values the buffer holds.</param>
    public static int BufferLength<T>(int length)
        where T : unmanaged =>
        length < MinimumUpdate ? length : checked(length + (BufferGapBytes / sizeof(T)));

    /// <summary>
    /// The tensors under this many values are updated whole by the calling thread: 4,096, below which no batch of 32
    /// samples or fewer splits a dense layer's weight gradient (<see cref="MinimumMultiplyAdds"/>). Their gradients come
    /// from work the calling thread does alone (a bias's sum over the batch, a small layer's products), and it reads
    /// their parameters again in the next step's small products; another thread updating a part of them pulls those
    /// lines to its core and back. Measured on a Zen 4 (mlp, two threads), the other thread's part of the update took
    /// 7.5–8.3 µs against the calling thread's 6.6–6.8 while the 1,290 values of the last layer and mlp's first bias
    /// were split too, and 6.9–7.1 against 6.4–6.9 with them updated whole.
    /// </summary>
    public const int WholeUpdateBelow = 4096;

    /// <summary>
    /// Thread <paramref name="band"/>'s part of the update: its part of every parameter tensor, cut at cache lines; the
    /// calling thread's (band 0) also every tensor under <see cref="WholeUpdateBelow"/> values.
    /// </summary>
    private static void UpdateBand<T>(ProductThreads p, int band)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var network = (INetwork<T>)p.updating!;
        var shardable = (IShardable<T>)network;
        T scale = T.CreateTruncating(p.updateScale);
        System.Collections.Generic.IReadOnlyList<TensorInfo> tensors = network.Tensors;
        for (int i = 0; i < tensors.Count; i++)
        {
            TensorInfo tensor = tensors[i];
            if (tensor.Kind != TensorKind.Parameter)
            {
                continue;
            }

            (int from, int to) = UpdatePart(tensor.Length, band, p.Threads);
            if (from < to)
            {
                shardable.UpdateParameters(tensor.Offset + from, tensor.Offset + to, scale);
            }
        }
    }

    /// <summary>
    /// The values [from, to) of a tensor of <paramref name="length"/> values that thread <paramref name="band"/> of
    /// <paramref name="threads"/> updates: consecutive parts cut at multiples of 16 values (64 bytes of floats), the last
    /// taking the rest; a tensor under <see cref="WholeUpdateBelow"/> values whole on the calling thread (band 0).
    /// </summary>
    internal static (int From, int To) UpdatePart(int length, int band, int threads)
    {
        if (length < WholeUpdateBelow)
        {
            return band == 0 ? (0, length) : (length, length);
        }

        int part = ((((length + threads - 1) / threads) + 15) / 16) * 16;
        int from = Math.Min(length, band * part);
        return (from, band == threads - 1 ? length : Math.Min(length, from + part));
    }

    /// <summary>Where band <paramref name="band"/> starts along the cut dimension, and its length.</summary>
    internal (int Start, int Rows) Band(int band)
    {
        int start = band * BandRows;
        return (start, band == parts - 1 ? Length - start : BandRows);
    }

    private void WorkerLoop(int index)
    {
        while (true)
        {
            barrier.SignalAndWait();
            if (stopping)
            {
                return;
            }

            if (index < parts)
            {
                try
                {
                    work(this, index);
                }
                catch (Exception e)
                {
                    failures[index] = e;
                }
            }

            barrier.SignalAndWait();
        }
    }

    /// <summary>Ends <see cref="Use"/>: the thread's products run on it alone again.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ProductThreads? owner;

        internal Scope(ProductThreads owner) => this.owner = owner;

        /// <inheritdoc/>
        public void Dispose()
        {
            if (owner is not null && t_current == owner)
            {
                t_current = null;
                owner.use.Exit();
            }
        }
    }
}
