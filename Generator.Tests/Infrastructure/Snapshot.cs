using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace StaticNet.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions with Verify.SourceGenerators' file conventions, kept in-house because Verify is
/// not in the package feed: each generated file is <c>Snapshots/{Class}.{Method}#{HintName}.verified.cs</c>
/// (its first line <c>//HintName: …</c>), diagnostics are <c>Snapshots/{Class}.{Method}.verified.txt</c>.
/// On a mismatch or a missing snapshot the actual text goes to a <c>.received.</c> file beside it and
/// the test fails; accept by renaming it to <c>.verified.</c> (or run with STATICNET_ACCEPT_SNAPSHOTS=1).
/// </summary>
internal static class Snapshot
{
    public static void Verify(GeneratorOutcome outcome, [CallerFilePath] string testFile = "", [CallerMemberName] string method = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        string prefix = Path.GetFileNameWithoutExtension(testFile) + "." + method;
        var failures = new StringBuilder();

        foreach (GeneratedSourceResult source in outcome.Result.Results.SelectMany(r => r.GeneratedSources))
        {
            string text = "//HintName: " + source.HintName + "\n" + source.SourceText.ToString();
            Check(Path.Combine(directory, $"{prefix}#{source.HintName}"), ".cs", text, failures);
        }

        Check(Path.Combine(directory, prefix), ".txt", Describe(outcome.Diagnostics), failures);
        Assert.True(failures.Length == 0, failures.ToString());
    }

    /// <summary>Diagnostics as a reviewer reads them: id, severity, exact span, message.</summary>
    public static string Describe(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
            text.Append(diagnostic.Id).Append(' ').Append(diagnostic.Severity)
                .Append(" (").Append(span.StartLinePosition.Line + 1).Append(',').Append(span.StartLinePosition.Character + 1)
                .Append(")-(").Append(span.EndLinePosition.Line + 1).Append(',').Append(span.EndLinePosition.Character + 1).Append("): ")
                .Append(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.Length == 0 ? "No diagnostics.\n" : text.ToString();
    }

    private static void Check(string stem, string extension, string actual, StringBuilder failures)
    {
        string verified = stem + ".verified" + extension;
        string received = stem + ".received" + extension;
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable("STATICNET_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(received)!);
        File.WriteAllText(received, actual);
        failures.Append(expected is null ? "New snapshot, not yet verified: " : "Snapshot differs: ")
            .Append(received).Append(" (compare with ").Append(Path.GetFileName(verified)).Append(")\n");
    }
}
