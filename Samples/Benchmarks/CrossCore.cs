using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace StaticNet.Benchmarks;

/// <summary>
/// How long two cores take to pass a cache line there and back: one thread writes a counter, another copies it to a line
/// of its own, and the first waits to read it back. Every split region's start and end, and every value one thread
/// writes and the other reads, pays this. On a virtual machine it is the host's choice: the two vCPUs of the Zen 4 host
/// measured 105–116 ns while they shared a level-3 cache and 520–570 ns while they did not, switching every few seconds
/// without any steal time, and two-thread steps slowed by half in the second state (mlp with split products, 84 → 130 µs)
/// while one-thread steps did not move.
/// </summary>
internal static class CrossCore
{
    // The two counters, 128 bytes apart so that each has a cache line (and its neighbour) to itself.
    private const int Ping = 16, Pong = 32;

    /// <summary>
    /// <c>--round-trips</c>: a probe every quarter of a second for <paramref name="seconds"/>, each printed with its time,
    /// then the smallest, median and largest; 0, or 1 where the probe could not run.
    /// </summary>
    public static int PrintTimeline(double seconds)
    {
        var trips = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long next = clock.ElapsedMilliseconds + 250;
            if (RoundTripNanoseconds() is not double trip)
            {
                Console.Error.WriteLine("the probe's second thread did not run alongside: this needs two cores to itself");
                return 1;
            }

            trips.Add(trip);
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F2} s  {trip,5:F0} ns");
            Thread.Sleep((int)Math.Max(0, next - clock.ElapsedMilliseconds));
        }

        trips.Sort();
        Console.WriteLine($"cross-core round trip over {trips.Count} probes: smallest {trips[0]:F0} ns, median {trips[trips.Count / 2]:F0}, largest {trips[^1]:F0}");
        return 0;
    }

    /// <summary>The median round trip in nanoseconds over a few milliseconds of them; null with fewer than two cores, or when the other thread did not run alongside within half a second.</summary>
    public static double? RoundTripNanoseconds()
    {
        if (Environment.ProcessorCount < 2)
        {
            return null;
        }

        long[] lines = new long[48];
        var echo = new Thread(() =>
        {
            long seen = 0;
            while (true)
            {
                long value;
                while ((value = Volatile.Read(ref lines[Ping])) == seen)
                {
                }

                if (value < 0)
                {
                    return;
                }

                seen = value;
                Volatile.Write(ref lines[Pong], value);
            }
        })
        { IsBackground = true, Name = "cross-core probe" };
        echo.Start();

        const int Batches = 25, PerBatch = 200;
        double[] perTrip = new double[Batches];
        long counter = 0, began = Stopwatch.GetTimestamp();
        try
        {
            for (int batch = -5; batch < Batches; batch++) // five batches to warm up
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < PerBatch; i++)
                {
                    Volatile.Write(ref lines[Ping], ++counter);
                    for (int spins = 1; Volatile.Read(ref lines[Pong]) != counter; spins++)
                    {
                        if (spins % 4096 == 0 && Stopwatch.GetElapsedTime(began).TotalSeconds > 0.5)
                        {
                            return null; // the echo thread is not running alongside: no core to itself
                        }
                    }
                }

                if (batch >= 0)
                {
                    perTrip[batch] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / PerBatch;
                }
            }
        }
        finally
        {
            Volatile.Write(ref lines[Ping], -1);
            echo.Join();
        }

        Array.Sort(perTrip);
        return perTrip[Batches / 2];
    }
}
