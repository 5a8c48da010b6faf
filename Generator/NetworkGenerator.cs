using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator;

/// <summary>
/// The whole pipeline, top to bottom:
/// <c>[Network]</c> classes → <see cref="SpecParser"/> (symbols read once into plain records)
/// → <see cref="NetworkAnalyzer"/> (shapes inferred, declaration checked)
/// → <see cref="NetworkEmitter"/> (C# text) → one <c>{Namespace}.{Type}.g.cs</c> per class.
/// Every step's output is value-equatable, so an edit elsewhere reuses the cached results.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for caching tests.</summary>
    public static class Steps
    {
        /// <summary>Attributes read into a <see cref="NetworkSpec"/>.</summary>
        public const string Parse = "Parse";

        /// <summary>Shapes inferred and checked.</summary>
        public const string Analyze = "Analyze";

        /// <summary>Source text produced.</summary>
        public const string Emit = "Emit";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<NetworkSpec> specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "StaticNet.NetworkAttribute",
                // Record classes too: the attribute allows them, so they get SN0010 rather than silence.
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: not (int)SyntaxKind.StructKeyword },
                transform: static (syntax, cancellationToken) => SpecParser.Parse(syntax, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(Steps.Parse);

        IncrementalValuesProvider<AnalysisResult> analyses = specs
            .Select(static (spec, cancellationToken) => NetworkAnalyzer.Analyze(spec, cancellationToken))
            .WithTrackingName(Steps.Analyze);

        IncrementalValuesProvider<GeneratedNetwork> outputs = analyses
            .Select(static (analysis, cancellationToken) => GeneratedNetwork.From(analysis, cancellationToken))
            .WithTrackingName(Steps.Emit);

        // The project's C# version: below what the generated code needs, no file is added and SN0041 is reported once.
        IncrementalValueProvider<LanguageVersion> language = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest);

        // Files are added together so their names can be made unique: the compiler compares hint names ignoring case and
        // throws on a duplicate (Net and NET in one namespace, a nested Outer.Net beside a namespace Outer). Only the
        // names and texts are collected, so a diagnostic that moves does not add the files again.
        IncrementalValueProvider<(ImmutableArray<(string HintName, string Source)> Files, LanguageVersion Language)> files = outputs
            .Where(static output => output.Source is not null)
            .Select(static (output, _) => (output.HintName, output.Source!))
            .Collect()
            .Combine(language);
        context.RegisterSourceOutput(files, static (production, input) =>
        {
            if (!LanguageSupport.IsSupported(input.Language))
            {
                return;
            }

            foreach ((string hintName, string source) in HintNames.MakeUnique(input.Files))
            {
                try
                {
                    production.AddSource(hintName, source);
                }
                catch (System.ArgumentException exception)
                {
                    // A name the compiler rejects must cost this network its file, not every network theirs (CS8785).
                    production.ReportDiagnostic(Diagnostic.Create(Descriptors.InternalError, null, hintName, exception.Message));
                }
            }
        });

        IncrementalValuesProvider<LocationInfo?> tooOld = specs
            .Select(static (spec, _) => spec.ClassLocation)
            .Collect()
            .Combine(language)
            .SelectMany(static (input, _) => LanguageSupport.IsSupported(input.Right) || input.Left.IsEmpty
                ? ImmutableArray<LocationInfo?>.Empty
                : ImmutableArray.Create(input.Left.OrderBy(l => l?.FilePath, System.StringComparer.Ordinal).ThenBy(l => l?.Span.Start ?? 0).First()));
        context.RegisterSourceOutput(tooOld.Combine(language).Combine(context.CompilationProvider), static (production, input) =>
        {
            ((LocationInfo? location, LanguageVersion version), Compilation compilation) = input;
            production.ReportDiagnostic(Diagnostic.Create(
                Descriptors.LanguageVersionTooOld,
                location?.ToLocation(compilation),
                LanguageSupport.Display(LanguageSupport.Minimum),
                LanguageSupport.Display(version)));
        });

        // StaticNet attributes on a class without [Network]: the pipeline above never sees it, so say so (SN0045).
        IncrementalValuesProvider<StrayAttributes> strays = context.SyntaxProvider
            .CreateSyntaxProvider(
                predicate: static (node, _) => StrayAttributes.MayHave(node),
                transform: static (syntax, cancellationToken) => StrayAttributes.Read(syntax, cancellationToken))
            .Where(static stray => stray is not null)
            .Select(static (stray, _) => stray!);
        context.RegisterSourceOutput(strays.Combine(context.CompilationProvider), static (production, input) =>
            production.ReportDiagnostic(Diagnostic.Create(
                Descriptors.AttributesWithoutNetwork, input.Left.Location?.ToLocation(input.Right), input.Left.ClassName, input.Left.Attributes)));

        // Diagnostics are reported against the compilation's own syntax trees so that `#pragma warning
        // disable` around an attribute applies: a location rebuilt from a file path alone has no tree, and
        // the compiler would not see the pragma. Only networks with diagnostics pay for the combine.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = outputs
            .Select(static (output, _) => output.Diagnostics)
            .Where(static diagnostics => diagnostics.Count > 0);
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (production, pair) =>
        {
            foreach (DiagnosticInfo diagnostic in pair.Left)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });
    }
}
