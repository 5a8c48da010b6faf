using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StaticNet.Generator.Tests.Infrastructure;

/// <summary>Runs <see cref="NetworkGenerator"/> on source text, the way the compiler does in a user's build.</summary>
internal static class GeneratorHarness
{
    public const string FilePath = "/src/Networks.cs";

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Append(typeof(NetworkAttribute).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    /// <summary>What a user's project references: the framework and the StaticNet runtime.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(ParseOptions, sources);

    /// <summary>A compilation of <paramref name="sources"/> (the first at <see cref="FilePath"/>) parsed with <paramref name="options"/>.</summary>
    public static CSharpCompilation Compilation(CSharpParseOptions options, params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, options, path: i == 0 ? FilePath : $"/src/File{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                generalDiagnosticOption: ReportDiagnostic.Default));

    public static GeneratorDriver Driver(bool trackSteps = true, CSharpParseOptions? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: options ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once: its result, and the compilation with the generated code added.</summary>
    public static GeneratorOutcome Run(params string[] sources) => Run(LanguageVersion.Latest, sources);

    /// <summary>Runs the generator once on a project that compiles with C# <paramref name="language"/>.</summary>
    public static GeneratorOutcome Run(LanguageVersion language, params string[] sources)
    {
        CSharpParseOptions options = ParseOptions.WithLanguageVersion(language);
        CSharpCompilation compilation = Compilation(options, sources);
        GeneratorDriver driver = Driver(options: options).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> _);
        return new GeneratorOutcome(driver.GetRunResult(), output);
    }
}

internal sealed record GeneratorOutcome(GeneratorDriverRunResult Result, Compilation Output)
{
    /// <summary>What the generator reported.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>Errors and warnings of the whole compilation, user code and generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public string Source(int index = 0) => Result.GeneratedTrees[index].ToString();

    public int SourceCount => Result.GeneratedTrees.Length;
}
