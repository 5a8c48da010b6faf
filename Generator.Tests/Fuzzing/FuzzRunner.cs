using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaticNet.Generator.Tests.Infrastructure;

namespace StaticNet.Generator.Tests.Fuzzing;

/// <summary>Something the generator must never do, with the declarations that made it happen.</summary>
/// <param name="Kind">exception, internal error, generated code does not compile, value changed, incremental differs, slow.</param>
internal sealed record Finding(string Kind, string Message, IReadOnlyList<string> Sources, int Batch);

/// <summary>What one batch did: its findings and what it produced, for the run's summary.</summary>
/// <param name="Diagnostics">Every diagnostic of the first run, as id and message.</param>
internal sealed record BatchResult(int Batch, int Cases, int GeneratedFiles, int ComparedValues, IReadOnlyList<(string Id, string Message)> Diagnostics, IReadOnlyList<Finding> Findings);

/// <summary>
/// Drives the generator with batches of random declarations (<see cref="DeclarationFuzzer"/>), each declaration in a
/// file of its own in one compilation, as in a project. Each batch runs the generator, compiles what it produced with
/// the runtime, and checks the declared values; then edits one file, as an editor does, and runs the same driver
/// again (incrementally) and a fresh one, which must agree. Batch b is seeded from (seed, b), so any batch can be rerun alone.
/// </summary>
internal sealed class FuzzRunner(int seed, int batchSize)
{
    /// <summary>Beyond this a batch counts as slow: generation must stay bounded whatever the declared sizes.</summary>
    private static readonly TimeSpan SlowBatch = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Warnings about the user's code that the compiler reports at any explicit constructor, the generated one included:
    /// a non-nullable field the user never initializes (CS8618). Without a constructor they sit on the field; either way
    /// they are the user's to fix.
    /// </summary>
    private static readonly HashSet<string> UsersOwn = new(StringComparer.Ordinal) { "CS8618" };

    private static readonly Lazy<CSharpCompilation> Empty = new(() => GeneratorHarness.Compilation());

    public int BatchSize => batchSize;

    public BatchResult Run(int batch)
    {
        // Not HashCode.Combine: it is salted per process, so the same seed gave other declarations in every run.
        var random = new Random(unchecked((seed * 1_000_003) + batch));
        var fuzzer = new DeclarationFuzzer(random);

        // Mostly the latest C#, sometimes the oldest the generated code supports, now and then one below it.
        LanguageVersion language = random.Next(20) switch
        {
            0 or 1 => LanguageVersion.CSharp10,
            2 => LanguageVersion.CSharp11,
            3 => LanguageVersion.CSharp12,
            4 => LanguageVersion.CSharp9,
            _ => LanguageVersion.Latest,
        };
        CSharpParseOptions options = GeneratorHarness.ParseOptions.WithLanguageVersion(language);
        var cases = Enumerable.Range(0, batchSize).Select(i => fuzzer.Next((batch * batchSize) + i)).ToList();
        var findings = new List<Finding>();
        var files = new List<(FuzzCase Case, SyntaxTree Tree)>();
        foreach (FuzzCase fuzzCase in cases)
        {
            for (int f = 0; f < fuzzCase.Sources.Count; f++)
            {
                string path = $"/fuzz/{fuzzCase.Id.ToString(CultureInfo.InvariantCulture)}/{f.ToString(CultureInfo.InvariantCulture)}.cs";
                files.Add((fuzzCase, CSharpSyntaxTree.ParseText(fuzzCase.Sources[f], options, path)));
            }
        }

        CSharpCompilation compilation = Empty.Value.AddSyntaxTrees(files.Select(f => f.Tree));
        var stopwatch = Stopwatch.StartNew();
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: false, options).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        TimeSpan elapsed = stopwatch.Elapsed;
        var context = new BatchContext(batch, cases, findings);
        if (elapsed > SlowBatch)
        {
            findings.Add(new Finding("slow", $"the generator took {elapsed.TotalSeconds:F1} s for {cases.Count} declarations", context.AllSources, batch));
        }

        GeneratorDriverRunResult first = driver.GetRunResult();
        (int generated, int compared) = Check(first, output, driverDiagnostics, context);
        if (!Analysis.LanguageSupport.IsSupported(options.LanguageVersion) && (generated > 0 || first.Diagnostics.Count(d => d.Id == "SN0041") > 1))
        {
            context.Report("language version", $"C# {options.LanguageVersion.ToDisplayString()}: {generated} files and {first.Diagnostics.Count(d => d.Id == "SN0041")} SN0041 instead of none and at most one", null);
        }
        var ids = first.Diagnostics.Select(d => (d.Id, d.GetMessage(CultureInfo.InvariantCulture))).ToList();

        // An edit, as an editor makes it: the same driver again (incremental) and a fresh one must agree.
        int edited = random.Next(files.Count);
        (FuzzCase editedCase, SyntaxTree old) = files[edited];
        SyntaxTree changed = CSharpSyntaxTree.ParseText(fuzzer.Mutate(old.ToString()), options, old.FilePath);
        CSharpCompilation next = compilation.ReplaceSyntaxTree(old, changed);
        GeneratorDriver incremental = driver.RunGeneratorsAndUpdateCompilation(next, out Compilation _, out ImmutableArray<Diagnostic> incrementalDiagnostics);
        GeneratorDriver fresh = GeneratorHarness.Driver(trackSteps: false, options).RunGeneratorsAndUpdateCompilation(next, out Compilation freshOutput, out ImmutableArray<Diagnostic> freshDiagnostics);
        var editedCases = cases.Select(c => c == editedCase ? c with { Sources = [changed.ToString()], Expectation = null } : c).ToList();
        var editedContext = new BatchContext(batch, editedCases, findings);
        Compare(incremental.GetRunResult(), incrementalDiagnostics, fresh.GetRunResult(), freshDiagnostics, editedContext);
        // Files the edit left as they were compiled above: checking them again would only double the run's time.
        var unchanged = first.GeneratedTrees.Select(t => t.ToString()).ToHashSet(StringComparer.Ordinal);
        Check(fresh.GetRunResult(), freshOutput, freshDiagnostics, editedContext, compareValues: false, skip: unchanged);

        return new BatchResult(batch, cases.Count, generated, compared, ids, findings);
    }

    /// <summary>The checks every run must pass.</summary>
    private static (int Generated, int Compared) Check(
        GeneratorDriverRunResult result, Compilation output, ImmutableArray<Diagnostic> driverDiagnostics, BatchContext context, bool compareValues = true, HashSet<string>? skip = null)
    {
        foreach (GeneratorRunResult run in result.Results)
        {
            if (run.Exception is not null)
            {
                context.Report("exception", run.Exception.ToString(), null);
            }
        }

        foreach (Diagnostic diagnostic in driverDiagnostics.Where(d => d.Id == "CS8785"))
        {
            context.Report("exception", diagnostic.GetMessage(CultureInfo.InvariantCulture), null);
        }

        foreach (Diagnostic diagnostic in result.Diagnostics.Where(d => d.Id == "SN0019"))
        {
            context.Report("internal error", diagnostic.ToString(), context.CaseAt(diagnostic.Location));
        }

        int compared = 0;
        foreach (SyntaxTree tree in result.GeneratedTrees.Where(t => skip is null || !skip.Contains(t.ToString())))
        {
            var generated = GeneratedNetwork.Read(tree);
            FuzzCase? owner = context.CaseFor(generated.Key);
            Diagnostic[] problems = output.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && !UsersOwn.Contains(d.Id)).ToArray();
            if (problems.Length > 0)
            {
                string hint = System.IO.Path.GetFileName(tree.FilePath);
                context.Report("generated code does not compile", hint + ": " + string.Join("\n", problems.Take(5).Select(d => d.ToString())), owner);
            }

            if (compareValues && owner?.Expectation is { } expectation)
            {
                compared += CompareValues(generated, expectation, owner, context);
            }
        }

        return (result.GeneratedTrees.Length, compared);
    }

    /// <summary>Every declared value as the generated code holds it: unchanged, and usable in the element type.</summary>
    private static int CompareValues(GeneratedNetwork generated, Expectation expectation, FuzzCase owner, BatchContext context)
    {
        int compared = 0;
        foreach (DeclaredValue declared in expectation.Values)
        {
            string? problem = ElementProblem(declared, expectation.IsDouble);
            object? emitted = null;
            if (declared.Constant is not null && generated.Constants.TryGetValue(declared.Constant, out object? constant))
            {
                emitted = constant;
            }
            else if (declared.Tensor is not null && generated.InitialValues.TryGetValue(declared.Tensor, out double initial))
            {
                emitted = initial;
            }

            if (emitted is not null)
            {
                compared++;
                double expected = emitted switch
                {
                    float => (float)declared.Value,
                    _ => declared.Value,
                };
                double actual = Convert.ToDouble(emitted, CultureInfo.InvariantCulture);
                if (!(actual.Equals(expected)))
                {
                    problem ??= $"is {actual.ToString("R", CultureInfo.InvariantCulture)} in the generated code ({emitted.GetType().Name} {declared.Constant ?? declared.Tensor})";
                }
            }

            if (problem is not null)
            {
                context.Report("value changed", $"{expectation.Key}: {declared} {problem}", owner);
            }
        }

        return compared;
    }

    /// <summary>What is wrong with <paramref name="declared"/> as the element type holds it, if anything.</summary>
    private static string? ElementProblem(DeclaredValue declared, bool isDouble)
    {
        if (declared.Use is ValueUse.Double or ValueUse.Integer)
        {
            return null;
        }

        double v = declared.Value, t = isDouble ? v : (float)v;
        string type = isDouble ? "double" : "float";
        if (double.IsNaN(t) || double.IsInfinity(t))
        {
            return $"is {t.ToString(CultureInfo.InvariantCulture)} as a {type}";
        }

        if (!isDouble && v != 0 && Math.Abs(t) < 1.1754943508222875E-38)
        {
            return $"is {t.ToString("R", CultureInfo.InvariantCulture)} as a float (flushed or subnormal)";
        }

        return declared.Use switch
        {
            ValueUse.Fraction when !(t >= 0 && t < 1) => $"is {t.ToString("R", CultureInfo.InvariantCulture)} as a {type}, outside [0, 1)",
            ValueUse.UnitInterval when !(t >= 0 && t <= 1) => $"is {t.ToString("R", CultureInfo.InvariantCulture)} as a {type}, outside [0, 1]",
            _ => null,
        };
    }

    /// <summary>An incremental run must produce what a fresh run on the same compilation produces.</summary>
    private static void Compare(
        GeneratorDriverRunResult incremental, ImmutableArray<Diagnostic> incrementalDriver, GeneratorDriverRunResult fresh, ImmutableArray<Diagnostic> freshDriver, BatchContext context)
    {
        static IEnumerable<string> Files(GeneratorDriverRunResult result) =>
            result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName + "\n" + s.SourceText).Order(StringComparer.Ordinal);

        static IEnumerable<string> Reported(ImmutableArray<Diagnostic> diagnostics) =>
            diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal);

        string[] incrementalFiles = Files(incremental).ToArray(), freshFiles = Files(fresh).ToArray();
        if (!incrementalFiles.SequenceEqual(freshFiles))
        {
            string missing = string.Join(", ", freshFiles.Except(incrementalFiles).Select(f => f.Split('\n')[0]));
            string extra = string.Join(", ", incrementalFiles.Except(freshFiles).Select(f => f.Split('\n')[0]));
            context.Report("incremental differs", $"files differ after an edit: fresh only [{missing}], incremental only [{extra}]", null);
        }

        string[] incrementalReported = Reported(incremental.Diagnostics.AddRange(incrementalDriver)).ToArray();
        string[] freshReported = Reported(fresh.Diagnostics.AddRange(freshDriver)).ToArray();
        if (!incrementalReported.SequenceEqual(freshReported))
        {
            context.Report(
                "incremental differs",
                "diagnostics differ after an edit: fresh only [" + string.Join("; ", freshReported.Except(incrementalReported)) + "], incremental only [" + string.Join("; ", incrementalReported.Except(freshReported)) + "]",
                null);
        }
    }

    /// <summary>The cases of one batch, to attribute a finding to the declaration it came from.</summary>
    private sealed class BatchContext(int batch, List<FuzzCase> cases, List<Finding> findings)
    {
        private readonly Dictionary<string, FuzzCase?> _byKey = Index(cases);

        public IReadOnlyList<string> AllSources => cases.SelectMany(c => c.Sources).ToList();

        /// <summary>The case whose expectation names <paramref name="key"/>, if exactly one does.</summary>
        public FuzzCase? CaseFor(string key) => _byKey.TryGetValue(key, out FuzzCase? found) ? found : null;

        public FuzzCase? CaseAt(Location location)
        {
            string path = location.GetLineSpan().Path;
            return cases.FirstOrDefault(c => path.StartsWith($"/fuzz/{c.Id.ToString(CultureInfo.InvariantCulture)}/", StringComparison.Ordinal));
        }

        public void Report(string kind, string message, FuzzCase? owner) =>
            findings.Add(new Finding(kind, message, owner?.Sources ?? AllSources, batch));

        private static Dictionary<string, FuzzCase?> Index(List<FuzzCase> cases)
        {
            var index = new Dictionary<string, FuzzCase?>(StringComparer.Ordinal);
            foreach (FuzzCase c in cases.Where(c => c.Expectation is not null))
            {
                // Two cases naming one class (a shared namespace) cannot be told apart: compare neither.
                index[c.Expectation!.Key] = index.ContainsKey(c.Expectation.Key) ? null : c;
            }

            return index;
        }
    }

    /// <summary>What the fuzzer reads back from a generated file: the network's name, its constants and its initial values.</summary>
    private sealed record GeneratedNetwork(string Key, Dictionary<string, object> Constants, Dictionary<string, double> InitialValues)
    {
        public static GeneratedNetwork Read(SyntaxTree tree)
        {
            CompilationUnitSyntax root = (CompilationUnitSyntax)tree.GetRoot();
            ClassDeclarationSyntax? network = root.DescendantNodes().OfType<ClassDeclarationSyntax>().OrderByDescending(c => c.Ancestors().Count()).FirstOrDefault();
            var parts = new List<string>();
            if (root.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault() is { } ns)
            {
                parts.Add(ns.Name.ToString().Replace("@", "", StringComparison.Ordinal));
            }

            if (network is not null)
            {
                parts.AddRange(network.Ancestors().OfType<TypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.ValueText));
                parts.Add(network.Identifier.ValueText);
            }

            var constants = new Dictionary<string, object>(StringComparer.Ordinal);
            var initial = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (FieldDeclarationSyntax field in network?.Members.OfType<FieldDeclarationSyntax>() ?? [])
            {
                if (!field.Modifiers.Any(SyntaxKind.ConstKeyword))
                {
                    continue;
                }

                foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                {
                    if (Evaluate(variable.Initializer?.Value) is { } value)
                    {
                        constants[variable.Identifier.ValueText] = value;
                    }
                }
            }

            foreach (InvocationExpressionSyntax call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (call.Expression is MemberAccessExpressionSyntax { Expression: var target } && target.ToString().EndsWith("Initializers", StringComparison.Ordinal)
                    && call.ArgumentList.Arguments.Count >= 2
                    && call.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax tensor
                    && Evaluate(call.ArgumentList.Arguments[1].Expression) is { } value)
                {
                    initial[tensor.Identifier.ValueText] = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                }
            }

            return new GeneratedNetwork(string.Join(".", parts), constants, initial);
        }

        /// <summary>A literal, or a negated one, as the compiler reads it (a float literal as a float).</summary>
        private static object? Evaluate(ExpressionSyntax? expression) => expression switch
        {
            LiteralExpressionSyntax literal => literal.Token.Value,
            PrefixUnaryExpressionSyntax { OperatorToken.RawKind: (int)SyntaxKind.MinusToken, Operand: LiteralExpressionSyntax operand } => operand.Token.Value switch
            {
                float f => -f,
                double d => -d,
                int i => -i,
                uint u => -(long)u,
                _ => null,
            },
            _ => null,
        };
    }
}
