using System.Threading;

namespace StaticNet.Training;

/// <summary>
/// A barrier for the threads of a data-parallel step. A thread that arrives early spins for a while (about a
/// tenth of a millisecond), since the others usually arrive within microseconds, and only then sleeps: waking a
/// sleeping thread costs tens of microseconds, as much as a whole shard of a small network's step. Between steps
/// (validation, an epoch's end) the waiting threads sleep instead of burning the core.
/// </summary>
internal sealed class StepBarrier
{
    /// <summary>Spins of about 4 pause instructions each (checking often, so a waiter leaves within a fraction of a microsecond) before a waiting thread sleeps.</summary>
    private const int SpinLimit = 2000;

    private readonly object gate = new();
    private readonly int participants;
    private int remaining;
    private volatile int generation;

    public StepBarrier(int participants)
    {
        this.participants = participants;
        remaining = participants;
    }

    /// <summary>Arrives, and returns once every participant has arrived.</summary>
    public void SignalAndWait()
    {
        int arrivedIn = generation;
        if (Interlocked.Decrement(ref remaining) == 0)
        {
            // The last to arrive resets the count before it opens the next generation, so a thread that passes and
            // arrives again at once counts into the new one.
            remaining = participants;
            lock (gate)
            {
                generation = arrivedIn + 1;
                Monitor.PulseAll(gate);
            }

            return;
        }

        for (int spin = 0; spin < SpinLimit; spin++)
        {
            if (generation != arrivedIn)
            {
                return;
            }

            Thread.SpinWait(4);
        }

        lock (gate)
        {
            while (generation == arrivedIn)
            {
                Monitor.Wait(gate);
            }
        }
    }
}
