using System;
using System.Collections.Generic;
using System.Linq;
using StaticNet.Init;
using Xunit;

namespace StaticNet.Runtime.Tests.Init;

public class SeededRandomTests
{
    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 4)]
    public void NextInt_fills_its_buckets_evenly(int buckets, int seed)
    {
        // Chi-square with buckets − 1 degrees of freedom; 27.88 is the 0.1 % critical value for 9 of them,
        // 13.82 for 2 and 22.46 for 6.
        const int draws = 100_000;
        var random = new SeededRandom(seed);
        int[] counts = new int[buckets];
        for (int i = 0; i < draws; i++)
        {
            counts[random.NextInt(buckets)]++;
        }

        double expected = (double)draws / buckets;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        double critical = buckets switch { 10 => 27.88, 3 => 13.82, _ => 22.46 };
        Assert.True(chiSquare < critical, $"χ² = {chiSquare} over [{string.Join(", ", counts)}]");
    }

    [Fact]
    public void NextInt_stays_in_range_for_awkward_bounds()
    {
        var random = new SeededRandom(5);
        foreach (int bound in new[] { 1, 2, 3, int.MaxValue, (1 << 30) + 1, 3 << 29 })
        {
            long sum = 0;
            for (int i = 0; i < 20_000; i++)
            {
                int value = random.NextInt(bound);
                Assert.InRange(value, 0, bound - 1);
                sum += value;
            }

            // The mean of U{0, …, bound−1} is (bound − 1)/2; its standard error here is below 0.3 % of bound.
            Assert.InRange(sum / 20_000.0, ((bound - 1) / 2.0) - (0.012 * bound), ((bound - 1) / 2.0) + (0.012 * bound));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NextInt_rejects_a_bound_that_is_not_positive(int bound)
    {
        var random = new SeededRandom(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(bound));
    }

    [Fact]
    public void NextDouble_is_uniform_on_the_unit_interval()
    {
        var random = new SeededRandom(9);
        double[] values = Enumerable.Range(0, 100_000).Select(_ => random.NextDouble()).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0, Math.BitDecrement(1.0)));
        Assert.InRange(values.Average(), 0.5 - 0.004, 0.5 + 0.004);
        Assert.InRange(values.Select(v => (v - 0.5) * (v - 0.5)).Average(), (1.0 / 12) * 0.97, (1.0 / 12) * 1.03);
    }

    [Fact]
    public void NextNormal_is_standard_normal()
    {
        var random = new SeededRandom(10);
        double[] values = Enumerable.Range(0, 100_001).Select(_ => random.NextNormal()).ToArray(); // odd: the spare is used too
        double mean = values.Average();
        Assert.InRange(mean, -0.013, 0.013);
        Assert.InRange(values.Select(v => (v - mean) * (v - mean)).Average(), 0.97, 1.03);
    }

    [Fact]
    public void The_same_seed_and_stream_repeat_and_other_streams_and_seeds_differ()
    {
        ulong[] first = Draw(1, 0), again = Draw(1, 0);
        Assert.Equal(first, again);
        Assert.Empty(first.Intersect(Draw(1, 1)));
        Assert.Empty(first.Intersect(Draw(2, 0)));
        Assert.Empty(first.Intersect(Draw(-1, 0)));

        static ulong[] Draw(int seed, int stream)
        {
            var random = new SeededRandom(seed, stream);
            return Enumerable.Range(0, 64).Select(_ => random.NextUInt64()).ToArray();
        }
    }

    [Fact]
    public void Shuffle_is_a_permutation()
    {
        var random = new SeededRandom(11);
        int[] items = Enumerable.Range(0, 1000).ToArray();
        random.Shuffle<int>(items);
        Assert.Equal(Enumerable.Range(0, 1000), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), items);
        random.Shuffle<int>([]);
        int[] single = [42];
        random.Shuffle<int>(single);
        Assert.Equal([42], single);
    }

    [Fact]
    public void Shuffle_makes_every_ordering_of_three_equally_likely()
    {
        // 6 orderings: χ² with 5 degrees of freedom, 0.1 % critical value 20.52.
        const int trials = 60_000;
        var random = new SeededRandom(12);
        var counts = new Dictionary<string, int>();
        for (int t = 0; t < trials; t++)
        {
            char[] items = ['a', 'b', 'c'];
            random.Shuffle<char>(items);
            string key = new(items);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(6, counts.Count);
        double chiSquare = counts.Values.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.True(chiSquare < 20.52, $"χ² = {chiSquare}");
    }
}
