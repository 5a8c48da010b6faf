using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Tests.Infrastructure;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>
/// Descriptors, release tracking and documentation stay in step: every id has a page in docs/diagnostics
/// whose title, severity and category match, a line in AnalyzerReleases.Unshipped.md, and a help link to
/// its page. The pages' examples are checked too: the wrong one raises exactly its id with the quoted
/// message, the fixed one raises nothing, and a warning's pragma suppresses it.
/// </summary>
public partial class DescriptorConsistencyTests
{
    private const string HelpLinkPrefix = "docs/diagnostics/";

    public static TheoryData<string> Ids => new(Descriptors.All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));

    /// <summary>
    /// Ids whose page has C# examples: not the internal failure (no declaration may raise it), nor the language version,
    /// which a project file sets (its page shows the project file; DiagnosticTests has its case).
    /// </summary>
    public static TheoryData<string> ExampleIds => new(Descriptors.All.Select(d => d.Id)
        .Where(id => id != Descriptors.InternalError.Id && id != Descriptors.LanguageVersionTooOld.Id)
        .OrderBy(id => id, StringComparer.Ordinal));

    [Fact]
    public void Ids_are_unique_and_numbered_without_gaps()
    {
        string[] ids = Descriptors.All.Select(d => d.Id).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(i => $"SN{i:D4}"), ids.OrderBy(id => id, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_complete(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.ById(id);

        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString(CultureInfo.InvariantCulture)));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture)));
        Assert.StartsWith("StaticNet.", descriptor.Category, StringComparison.Ordinal);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Contains(descriptor.DefaultSeverity, new[] { DiagnosticSeverity.Error, DiagnosticSeverity.Warning });
        Assert.EndsWith(HelpLinkPrefix + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Docs_page_matches_the_descriptor(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.ById(id);
        DocPage page = DocPage.Read(id);

        Assert.Equal($"# {id}: {descriptor.Title.ToString(CultureInfo.InvariantCulture)}", page.TitleLine);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), page.Field("Severity"));
        Assert.Equal(descriptor.Category, page.Field("Category"));
        Assert.Equal("`" + descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture) + "`", page.Field("Message"));
        Assert.Equal(descriptor.DefaultSeverity == DiagnosticSeverity.Warning, page.Text.Contains($"#pragma warning disable {id}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Release_tracking_lists_the_descriptor(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.ById(id);
        ReleaseEntry[] entries = UnshippedRules().Where(r => r.Id == id).ToArray();

        ReleaseEntry entry = Assert.Single(entries);
        Assert.Equal(descriptor.Category, entry.Category);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), entry.Severity);
        Assert.Equal(descriptor.Title.ToString(CultureInfo.InvariantCulture), entry.Notes);
    }

    [Fact]
    public void Every_docs_page_and_release_line_has_a_descriptor()
    {
        var ids = Descriptors.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        string[] pages = Directory.GetFiles(DocsDirectory, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != "README")
            .Select(name => name!)
            .ToArray();

        Assert.All(pages, page => Assert.Contains(page, ids));
        Assert.Equal(ids.Count, pages.Length);
        Assert.All(UnshippedRules(), rule => Assert.Contains(rule.Id, ids));
    }

    [Fact]
    public void Docs_index_lists_every_descriptor_in_order()
    {
        string[] rows = File.ReadAllLines(Path.Combine(DocsDirectory, "README.md"))
            .Where(line => line.StartsWith("| [SN", StringComparison.Ordinal))
            .ToArray();
        string[] expected = Descriptors.All
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => $"| [{d.Id}]({d.Id}.md) | {d.DefaultSeverity} | {d.Category} | {d.Title.ToString(CultureInfo.InvariantCulture)} |")
            .ToArray();

        Assert.Equal(expected, rows);
    }

    [Theory]
    [MemberData(nameof(ExampleIds))]
    public void Wrong_example_raises_exactly_its_id_with_the_quoted_message(string id)
    {
        DocPage page = DocPage.Read(id);
        AssertValidCSharp(page.Wrong);

        GeneratorOutcome outcome = GeneratorHarness.Run(page.Wrong);

        Assert.NotEmpty(outcome.Diagnostics);
        Assert.All(outcome.Diagnostics, d => Assert.Equal(id, d.Id));
        Assert.Equal($"{id}: {outcome.Diagnostics[0].GetMessage(CultureInfo.InvariantCulture)}", page.Reported);
    }

    [Theory]
    [MemberData(nameof(ExampleIds))]
    public void Fixed_example_raises_nothing(string id)
    {
        DocPage page = DocPage.Read(id);
        AssertValidCSharp(page.Fixed);

        GeneratorOutcome outcome = GeneratorHarness.Run(page.Fixed);

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(1, outcome.SourceCount);
    }

    public static TheoryData<string> WarningIds => new(Descriptors.All.Where(d => d.DefaultSeverity == DiagnosticSeverity.Warning).Select(d => d.Id));

    [Theory]
    [MemberData(nameof(WarningIds))]
    public void Documented_pragma_suppresses_the_wrong_example(string id)
    {
        DocPage page = DocPage.Read(id);
        string[] pragma = page.Suppression.Split('\n');
        Assert.Equal(3, pragma.Length);
        Assert.Contains(pragma[1], page.Wrong, StringComparison.Ordinal);
        string suppressed = page.Wrong.Replace(pragma[1], page.Suppression, StringComparison.Ordinal);

        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(
            GeneratorHarness.Compilation(page.Wrong), out Compilation _, out ImmutableArray<Diagnostic> before);
        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(
            GeneratorHarness.Compilation(suppressed), out Compilation _, out ImmutableArray<Diagnostic> after);

        Assert.Contains(before, d => d.Id == id && !d.IsSuppressed);
        Assert.DoesNotContain(after, d => d.Id == id && !d.IsSuppressed);
    }

    [Theory]
    [MemberData(nameof(WarningIds))]
    public void Documented_NoWarn_suppresses_the_wrong_example(string id)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(DocPage.Read(id).Wrong);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            new Dictionary<string, ReportDiagnostic> { [id] = ReportDiagnostic.Suppress }));

        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation _, out ImmutableArray<Diagnostic> diagnostics);

        Assert.DoesNotContain(diagnostics, d => d.Id == id && !d.IsSuppressed);
    }

    private static void AssertValidCSharp(string source) =>
        Assert.DoesNotContain(GeneratorHarness.Compilation(source).GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

    private sealed record ReleaseEntry(string Id, string Category, string Severity, string Notes);

    private static ReleaseEntry[] UnshippedRules() =>
        File.ReadAllLines(Path.Combine(RepositoryRoot, "Generator", "Diagnostics", "AnalyzerReleases.Unshipped.md"))
            .Where(line => line.StartsWith("SN", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Select(cells => new ReleaseEntry(cells[0], cells[1], cells[2], cells.Length > 3 ? cells[3] : ""))
            .ToArray();

    internal static string DocsDirectory => Path.Combine(RepositoryRoot, "docs", "diagnostics");

    /// <summary>The folder holding StaticNet.sln, found by walking up from the test binaries.</summary>
    internal static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StaticNet.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("StaticNet.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One page of docs/diagnostics: its title line, its fields, and the code blocks of its sections.</summary>
    internal sealed partial record DocPage(string Text)
    {
        public static DocPage Read(string id) => new(File.ReadAllText(Path.Combine(DocsDirectory, id + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal));

        public string TitleLine => Text.Split('\n')[0];

        public string Field(string name)
        {
            Match match = Regex.Match(Text, $@"^- \*\*{name}:\*\* (.*)$", RegexOptions.Multiline);
            Assert.True(match.Success, $"no {name} field");
            return match.Groups[1].Value.Trim();
        }

        public string Wrong => Block("### Wrong", "csharp");

        public string Reported => Block("### Wrong", "text");

        public string Fixed => Block("### Fixed", "csharp");

        public string Suppression => Block("## Suppressing it", "csharp");

        /// <summary>The first fenced block of <paramref name="language"/> after <paramref name="heading"/>.</summary>
        private string Block(string heading, string language)
        {
            int start = Text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"no '{heading}' section");
            Match match = new Regex("```" + language + "\n(.*?)\n```", RegexOptions.Singleline).Match(Text, start);
            Assert.True(match.Success, $"no {language} block after '{heading}'");
            return match.Groups[1].Value;
        }
    }
}
