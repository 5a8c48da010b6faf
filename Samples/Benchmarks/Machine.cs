using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;

namespace StaticNet.Benchmarks;

/// <summary>What the figures were measured on: the processor, its vector extensions, and one core's FP32 peak.</summary>
internal sealed partial record Machine(string Cpu, int Cores, bool Avx512, bool Avx2Fma)
{
    public static Machine Describe()
    {
        string[] info = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        string cpu = Field(info, "model name") ?? "unknown processor";
        string[] flags = (Field(info, "flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new Machine(cpu, Environment.ProcessorCount, flags.Contains("avx512f"), flags.Contains("avx2") && flags.Contains("fma"));
    }

    /// <summary>One line: processor, cores, the vector extensions, and which of them .NET uses in this process.</summary>
    public string Summary =>
        $"{Cpu}, {Cores} cores, AVX-512 {(Avx512 ? "present" : "absent")}{(Avx2Fma ? ", AVX2 and FMA present" : "")}; " +
        $".NET {Environment.Version}: Vector512 {Accelerated(Vector512.IsHardwareAccelerated)}, Vector256 {Accelerated(Vector256.IsHardwareAccelerated)}" +
        (Vector512.IsHardwareAccelerated && StaticNet.Kernels.Gemm.WideVectorsAtHalfRate
            ? "; 512-bit multiply-adds at half rate (Zen 4, or STATICNET_WIDE_VECTORS=half): products take 512-bit vectors by shape"
            : "");

    /// <summary>
    /// One core's FP32 multiply-add peak, measured now with gcc -O2 -march=native: shared/bench/peak_flops.c's
    /// AVX-512 figure where there is AVX-512, else peak_avx2.c beside this program (see there why peak_flops.c does
    /// not measure AVX2 alone); null with the reason when it cannot be measured.
    /// </summary>
    public (double? Gflops, string Description) MeasurePeak(string peakFlops, string workDirectory)
    {
        string source = Avx512 ? peakFlops : Path.Combine(AppContext.BaseDirectory, "peak_avx2.c");
        if (!Avx512 && !Avx2Fma)
        {
            return (null, "neither AVX-512 nor AVX2 with FMA");
        }

        if (!File.Exists(source))
        {
            return (null, $"{source} not found");
        }

        string binary = Path.Combine(workDirectory, "peak_flops");
        ProcessResult build = ProcessResult.Run("gcc", "-O2", "-march=native", source, "-o", binary);
        if (build.ExitCode != 0)
        {
            return (null, $"gcc could not build {Path.GetFileName(source)}: {build.FirstError}");
        }

        ProcessResult run = ProcessResult.Run(binary);
        Match m = (Avx512 ? Avx512Figure() : Avx2Figure()).Match(run.Output);
        return m.Success
            ? (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), $"one core's FP32 FMA peak with {(Avx512 ? "AVX-512" : "AVX2")}, measured now ({Path.GetFileName(source)})")
            : (null, $"{Path.GetFileName(source)} printed no figure: {run.FirstError}");
    }

    private static string Accelerated(bool accelerated) => accelerated ? "accelerated" : "not accelerated";

    private static string? Field(string[] info, string name) =>
        info.Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();

    [GeneratedRegex(@"avx512 ([\d.]+) GFLOP/s")]
    private static partial Regex Avx512Figure();

    [GeneratedRegex(@"avx2 ([\d.]+) GFLOP/s")]
    private static partial Regex Avx2Figure();
}

/// <summary>
/// The share of the machine's CPU time the hypervisor gave to others while this program wanted it (the <c>steal</c>
/// column of <c>/proc/stat</c>, as <c>vmstat</c>'s <c>st</c>): time the timings include without the code running. On a
/// quiet machine it is 0; a few percent already moves a median.
/// </summary>
internal readonly record struct CpuTimes(long Steal, long Total)
{
    /// <summary>The counters now, or null where there is no <c>/proc/stat</c>.</summary>
    public static CpuTimes? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", in clock ticks since boot; guest time is
        // already counted in user.
        string? line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        long[] fields = line is null ? [] : line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return fields.Length == 8 ? new CpuTimes(fields[7], fields.Sum()) : null;
    }

    /// <summary>The steal share of the time between <paramref name="earlier"/> and this, in [0, 1]; null without ticks.</summary>
    public double? StealSince(CpuTimes earlier) =>
        Total > earlier.Total ? (double)(Steal - earlier.Steal) / (Total - earlier.Total) : null;
}
