using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaticNet.Generator.Tests.Infrastructure;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>
/// The generator must not redo work the IDE did not ask for: an unrelated edit reuses every cached step,
/// and editing one network reruns only that network.
/// </summary>
public class CachingTests
{
    private static readonly string[] TrackedSteps = [NetworkGenerator.Steps.Parse, NetworkGenerator.Steps.Analyze, NetworkGenerator.Steps.Emit];

    [Fact]
    public void Unrelated_edit_leaves_every_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Declarations.Mlp, Declarations.SquaredErrorTanh);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        CSharpCompilation edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int Value => 42; }", GeneratorHarness.ParseOptions, path: "/src/Unrelated.cs"));
        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            IncrementalStepRunReason[] reasons = Reasons(run, step).ToArray();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} ran with reason {reason}"));
        }
    }

    [Fact]
    public void Editing_one_network_reruns_only_that_network()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Declarations.Mlp, Declarations.SquaredErrorTanh);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        SyntaxTree xor = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class Xor", System.StringComparison.Ordinal));
        SyntaxTree widened = xor.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            xor.ToString().Replace("[Dense(4, Activation", "[Dense(6, Activation", System.StringComparison.Ordinal)));
        GeneratorRunResult run = driver.RunGenerators(compilation.ReplaceSyntaxTree(xor, widened)).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(2, outputs.Count);
            Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Single(outputs, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        }

        Assert.Contains("Dense1Units = 6", run.GeneratedSources.Single(s => s.HintName == "Demo.Xor.g.cs").SourceText.ToString(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_models_hold_no_compiler_objects()
    {
        GeneratorRunResult run = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(Declarations.EachActivation)).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            foreach (object value in run.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value))
            {
                AssertNoCompilerObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
            }
        }
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult run, string step) =>
        run.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    /// <summary>Walks a model's object graph: symbols, syntax, compilations or locations would defeat caching.</summary>
    private static void AssertNoCompilerObjects(object? value, HashSet<object> seen, string step)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or SemanticModel or Compilation or AttributeData or Location,
            $"step {step} holds a {value.GetType().Name}");

        if (value is System.Collections.IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoCompilerObjects(item, seen, step);
            }
        }

        foreach (System.Reflection.PropertyInfo property in value.GetType().GetProperties())
        {
            if (property.GetIndexParameters().Length == 0 && property.DeclaringType?.Namespace?.StartsWith("StaticNet", System.StringComparison.Ordinal) == true)
            {
                AssertNoCompilerObjects(property.GetValue(value), seen, step);
            }
        }
    }
}
