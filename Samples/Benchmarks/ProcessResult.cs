using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace StaticNet.Benchmarks;

/// <summary>A finished child process: its exit code and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Errors)
{
    /// <summary>The first non-empty line of the errors (or of the output), for a one-line message.</summary>
    public string FirstError =>
        (Errors + "\n" + Output).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {ExitCode}";

    /// <summary>Runs <paramref name="file"/> with these arguments (passed as they are, no shell) and waits for it.</summary>
    public static ProcessResult Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new ProcessResult(process.ExitCode, output, errors.Result);
        }
        catch (Win32Exception exception)
        {
            return new ProcessResult(-1, "", $"{file} cannot be run: {exception.Message}");
        }
    }
}
