using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace StaticNet.Benchmarks;

internal enum Mode
{
    Train,
    Infer,
}

/// <summary>One side of the comparison (StaticNet or a peer): samples/s per workload, batch and mode, round by round.</summary>
internal sealed class Side(string name)
{
    private readonly List<Dictionary<(string Workload, int Batch, Mode Mode), double>> rounds = [];

    public string Name { get; } = name;

    /// <summary>The side's own first line (version, threads), as its benchmark prints it.</summary>
    public string Banner { get; set; } = name;

    /// <summary>Records one round's rates; a round the side failed is recorded empty, so round numbers stay aligned across sides.</summary>
    public void AddRound(Dictionary<(string Workload, int Batch, Mode Mode), double> rates) => rounds.Add(rates);

    /// <summary>Whether any round has a rate in this mode (ONNX Runtime only infers; a failed peer has none).</summary>
    public bool Has(Mode mode) => rounds.Any(r => r.Keys.Any(k => k.Mode == mode));

    public double? Rate(int round, string workload, int batch, Mode mode) =>
        round < rounds.Count && rounds[round].TryGetValue((workload, batch, mode), out double rate) ? rate : null;

    /// <summary>The rates of every round that has one.</summary>
    public double[] Rates(string workload, int batch, Mode mode) =>
        Enumerable.Range(0, rounds.Count).Select(r => Rate(r, workload, batch, mode)).OfType<double>().ToArray();

    public double? Median(string workload, int batch, Mode mode) => Statistics.Median(Rates(workload, batch, mode));

    /// <summary>This side's rate over <paramref name="other"/>'s in each round both have one.</summary>
    public double[] RoundRatios(Side other, string workload, int batch, Mode mode) =>
        Enumerable.Range(0, rounds.Count)
            .Select(r => (Ours: Rate(r, workload, batch, mode), Theirs: other.Rate(r, workload, batch, mode)))
            .Where(p => p.Ours is not null && p.Theirs is not null)
            .Select(p => p.Ours!.Value / p.Theirs!.Value)
            .ToArray();
}

internal static class Statistics
{
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The median and, with more than one value, the range: <c>38,200 [37,100–39,000]</c>; a dash for none.</summary>
    public static string MedianAndRange(IReadOnlyCollection<double> values, string format)
    {
        if (Median(values) is not double median)
        {
            return "–";
        }

        string text = median.ToString(format, CultureInfo.InvariantCulture);
        return values.Count < 2
            ? text
            : $"{text} [{values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)}]";
    }
}
