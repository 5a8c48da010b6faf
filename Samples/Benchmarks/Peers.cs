using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace StaticNet.Benchmarks;

/// <summary>
/// A peer benchmark of shared/bench, run as its own process once per round. Peers print torch_bench.py's lines:
/// <c>mlp        batch=  1 train=      5800 samples/s  infer=     80000 samples/s</c> (ONNX Runtime: no train).
/// </summary>
internal abstract partial class Peer(string name)
{
    public Side Results { get; } = new(name);

    public string Name => Results.Name;

    /// <summary>False once the peer has failed: it is not run again.</summary>
    public bool Available { get; private set; } = true;

    /// <summary>Everything done once before the rounds (exports, builds); returns why the peer cannot run, or null.</summary>
    public abstract string? Prepare(string workDirectory);

    /// <summary>Runs the peer once and records its rates as the next round (an empty round when it fails).</summary>
    public void RunRound()
    {
        var rates = new Dictionary<(string Workload, int Batch, Mode Mode), double>();
        if (Available)
        {
            ProcessResult result = RunOnce();
            foreach (Match m in Line().Matches(result.Output))
            {
                string workload = m.Groups["workload"].Value;
                int batch = int.Parse(m.Groups["batch"].Value, CultureInfo.InvariantCulture);
                if (m.Groups["train"].Success)
                {
                    rates[(workload, batch, Mode.Train)] = double.Parse(m.Groups["train"].Value, CultureInfo.InvariantCulture);
                }

                rates[(workload, batch, Mode.Infer)] = double.Parse(m.Groups["infer"].Value, CultureInfo.InvariantCulture);
            }

            if (result.ExitCode != 0 || rates.Count == 0)
            {
                Console.Error.WriteLine($"{Name} failed (exit code {result.ExitCode}): {result.FirstError}; it is left out from now on. {Help}");
                Available = false;
                rates.Clear();
            }
            else
            {
                Results.Banner = result.Output.Split('\n')[0].Trim();
            }
        }

        Results.AddRound(rates);
    }

    /// <summary>How to install what the peer needs.</summary>
    protected abstract string Help { get; }

    protected abstract ProcessResult RunOnce();

    public void Disable(string reason)
    {
        Console.Error.WriteLine($"{Name} is left out: {reason}. {Help}");
        Available = false;
    }

    /// <summary>The .NET host: this process's when it is one, else <c>dotnet</c> on the path.</summary>
    protected static string DotnetHost =>
        Environment.ProcessPath is string path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    [GeneratedRegex(@"^(?<workload>\S+)\s+batch=\s*(?<batch>\d+)(?:\s+train=\s*(?<train>[\d.]+) samples/s)?\s+infer=\s*(?<infer>[\d.]+) samples/s", RegexOptions.Multiline)]
    private static partial Regex Line();
}

/// <summary>PyTorch (shared/bench/torch_bench.py, Debian's build with OpenBLAS), the training peer.</summary>
internal sealed class TorchPeer(string script, int steps) : Peer("PyTorch")
{
    private const string Python = "/usr/bin/python3";

    protected override string Help => "Install it with: apt-get install -y python3-torch python3-numpy libopenblas0-pthread";

    public override string? Prepare(string workDirectory) => File.Exists(script) ? null : $"{script} not found (pass --bench-dir or --torch-script)";

    protected override ProcessResult RunOnce() => ProcessResult.Run(Python, script, "--steps", steps.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// ONNX Runtime (shared/bench/onnxruntime), the inference peer: the workloads are exported from PyTorch once per
/// session, and its C# program is built once into a temporary directory (the shared directory is read-only, and a
/// build beside the repository would pick up its Directory.Build.props).
/// </summary>
internal sealed class OnnxRuntimePeer(string directory) : Peer("ONNX Runtime")
{
    private string models = "";
    private string program = "";

    /// <summary>The exported models' directory (<c>mlp.onnx</c>, …) once prepared, or null.</summary>
    public string? Models => Available && models.Length > 0 ? models : null;

    protected override string Help => "It needs apt-get install -y python3-torch python3-onnx, and NuGet's Microsoft.ML.OnnxRuntime.";

    public override string? Prepare(string workDirectory)
    {
        string export = Path.Combine(directory, "export.py");
        string project = Path.Combine(directory, "OrtBench.csproj");
        if (!File.Exists(export) || !File.Exists(project))
        {
            return $"{directory} has no export.py and OrtBench.csproj (pass --bench-dir)";
        }

        models = Path.Combine(workDirectory, "onnx");
        ProcessResult exported = ProcessResult.Run("/usr/bin/python3", export, models);
        if (exported.ExitCode != 0)
        {
            return $"export.py failed: {exported.Errors.Trim().Split('\n')[^1]}";
        }

        // Built once per version of the peer's sources, and kept between sessions in the temporary directory.
        string[] sources = Directory.GetFiles(directory, "*.cs").Append(project).Order(StringComparer.Ordinal).ToArray();
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(sources.Select(File.ReadAllText)))))[..12];
        string build = Path.Combine(Path.GetTempPath(), $"staticnet-ortbench-{hash.ToLowerInvariant()}");
        program = Path.Combine(build, "out", "OrtBench.dll");
        if (!File.Exists(program))
        {
            string copy = Path.Combine(build, "src");
            Directory.CreateDirectory(copy);
            foreach (string source in sources)
            {
                File.Copy(source, Path.Combine(copy, Path.GetFileName(source)), overwrite: true);
            }

            ProcessResult built = ProcessResult.Run(DotnetHost, "build", Path.Combine(copy, "OrtBench.csproj"), "-c", "Release",
                "-o", Path.Combine(build, "out"), "--disable-build-servers", "-nologo", "-v", "quiet");
            if (built.ExitCode != 0)
            {
                return $"building OrtBench failed: {built.FirstError}";
            }
        }

        return null;
    }

    protected override ProcessResult RunOnce() => ProcessResult.Run(DotnetHost, program, models);
}
