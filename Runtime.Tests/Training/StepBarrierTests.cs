using System.Threading;
using StaticNet.Training;
using Xunit;

namespace StaticNet.Runtime.Tests.Training;

public class StepBarrierTests
{
    [Fact]
    public void No_thread_passes_before_every_thread_has_arrived_in_spinning_or_sleeping_rounds()
    {
        const int threads = 3, rounds = 3000;
        var barrier = new StepBarrier(threads);
        int arrived = 0, violations = 0;
        void Run(int t)
        {
            for (int round = 1; round <= rounds; round++)
            {
                if (t == round % threads && round % 500 == 0)
                {
                    Thread.Sleep(2); // long enough that the others stop spinning and sleep
                }

                Interlocked.Increment(ref arrived);
                barrier.SignalAndWait();
                if (Volatile.Read(ref arrived) < round * threads)
                {
                    Interlocked.Increment(ref violations);
                }

                barrier.SignalAndWait(); // nobody starts the next round before everyone has checked this one
            }
        }

        // Threads of their own, not the pool's: every participant must be running at once.
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            workers[t] = new Thread(() => Run(id));
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Assert.Equal(0, violations);
        Assert.Equal(threads * rounds, arrived);
    }
}
