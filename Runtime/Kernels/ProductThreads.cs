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
/// are cut where the kernels' own blocking would (at whole panels of the batch for the swapped products, at whole
/// 6-row tiles otherwise), each band takes the same kernel path as the whole product, and each entry's sum runs
/// over k in the same order. So a network trains to bit-identical weights with 1, 2 or more threads.
/// </para>
/// <para>
/// Products smaller than <see cref="MinimumMultiplyAdds"/>, or too short to cut, run on the calling thread alone;
/// so does everything else (elementwise work, the optimizer update). The workers wait at a barrier that spins for
/// about a tenth of a millisecond before sleeping, so back-to-back products do not pay for waking a thread.
/// </para>
/// <para>One thread at a time may use an instance; a product started on a worker is never split again.</para>
/// </remarks>
public sealed unsafe class ProductThreads : IDisposable
{
    /// <summary>The smallest product that is split: 2¹⁷ multiply-adds, a few microseconds on one core.</summary>
    public const long MinimumMultiplyAdds = 1 << 17;

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
    internal void Run(delegate*<ProductThreads, int, void> part, int bands, int bandRows, int length, void* a, void* b, void* c, int m, int n, int k, bool accumulate)
    {
        Splits++;
        work = part;
        parts = bands;
        BandRows = bandRows;
        Length = length;
        A = (nint)a;
        B = (nint)b;
        C = (nint)c;
        M = m;
        N = n;
        K = k;
        Accumulate = accumulate;
        barrier.SignalAndWait(); // start: the workers read the fields above
        try
        {
            part(this, 0);
        }
        finally
        {
            barrier.SignalAndWait(); // done: every band is written
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
