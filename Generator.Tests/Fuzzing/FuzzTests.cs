using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using StaticNet.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace StaticNet.Generator.Tests.Fuzzing;

/// <summary>
/// The generator never throws, what it generates always compiles, and no declared value silently changes: checked on
/// random, malformed and mid-edit declarations (<see cref="DeclarationFuzzer"/>), in batches as a project holds them,
/// with an incremental run after an edit compared with a fresh one (<see cref="FuzzRunner"/>).
/// About a minute by default; <c>STATICNET_FUZZ_COUNT</c> sets the number of declarations, <c>STATICNET_FUZZ_SEED</c> the seed,
/// <c>STATICNET_FUZZ_OFFSET</c> the first declaration (a long run can go in parts: 0, then COUNT, …, each part the same
/// declarations as in one run), <c>STATICNET_FUZZ_THREADS</c> the parallelism, and <c>STATICNET_FUZZ_REPORT</c> a file for
/// the full report.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultCount = 1200;
    private const int DefaultSeed = 20261124;
    private const int BatchSize = 8;

    [Fact]
    public void Random_malformed_and_mid_edit_declarations_never_break_the_generator()
    {
        int count = Setting("STATICNET_FUZZ_COUNT", DefaultCount);
        int seed = Setting("STATICNET_FUZZ_SEED", DefaultSeed);
        int threads = Setting("STATICNET_FUZZ_THREADS", Environment.ProcessorCount);
        int first = Setting("STATICNET_FUZZ_OFFSET", 0) / BatchSize;
        var runner = new FuzzRunner(seed, BatchSize);
        int batches = (count + BatchSize - 1) / BatchSize;
        var results = new ConcurrentBag<BatchResult>();
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(first, first + batches, new ParallelOptions { MaxDegreeOfParallelism = threads }, batch => results.Add(runner.Run(batch)));
        stopwatch.Stop();

        List<BatchResult> ordered = results.OrderBy(r => r.Batch).ToList();
        List<Finding> findings = ordered.SelectMany(r => r.Findings).ToList();
        string summary = Summary(ordered, findings, seed, stopwatch.Elapsed);
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("STATICNET_FUZZ_REPORT") is { Length: > 0 } path)
        {
            System.IO.File.WriteAllText(path, summary + "\n" + Examples(ordered) + Details(findings, findings.Count));
        }

        // The run reaches past the first checks: networks are generated, values compared, and many checks fire.
        Assert.True(findings.Count == 0, summary + "\n" + Details(findings, 10));
        Assert.True(ordered.Sum(r => r.GeneratedFiles) >= count / 20, summary);
        Assert.True(ordered.Sum(r => r.ComparedValues) >= count / 20, summary);
    }

    private static string Summary(List<BatchResult> results, List<Finding> findings, int seed, TimeSpan elapsed)
    {
        var ids = results.SelectMany(r => r.Diagnostics).GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}");
        var kinds = findings.GroupBy(f => f.Kind).Select(g => $"{g.Key}: {g.Count()}");
        return string.Create(CultureInfo.InvariantCulture, $"""
            fuzz seed {seed}: {results.Sum(r => r.Cases)} declarations in {results.Count} batches of {FuzzTests.BatchSize} (batches {results.Min(r => r.Batch)}–{results.Max(r => r.Batch)}), {elapsed.TotalSeconds:F1} s
            generated files (first runs): {results.Sum(r => r.GeneratedFiles)}; declared values compared with the generated code: {results.Sum(r => r.ComparedValues)}
            diagnostics (first runs): {string.Join(", ", ids)}
            findings: {findings.Count}{(findings.Count == 0 ? "" : " (" + string.Join(", ", kinds) + ")")}
            """);
    }

    /// <summary>A few distinct messages of each id, to read what the run reported.</summary>
    private static string Examples(List<BatchResult> results)
    {
        var text = new StringBuilder("\nexamples of what was reported:\n");
        foreach (var id in results.SelectMany(r => r.Diagnostics).GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (string message in id.Select(d => d.Message).Distinct().Take(4))
            {
                text.Append(id.Key).Append(": ").Append(message).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Details(List<Finding> findings, int shown)
    {
        var text = new StringBuilder();
        foreach (Finding finding in findings.Take(shown))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n=== {finding.Kind} (batch {finding.Batch})\n{finding.Message}\n");
            foreach (string source in finding.Sources)
            {
                text.Append("--- source\n").Append(source).Append('\n');
            }
        }

        return text.ToString();
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
