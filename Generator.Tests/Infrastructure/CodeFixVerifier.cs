using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace StaticNet.Generator.Tests.Infrastructure;

/// <summary>
/// A code fix test for diagnostics the generator reports. Roslyn's testing library runs no analyzer here
/// (<see cref="EmptyDiagnosticAnalyzer"/>) but runs <see cref="NetworkGenerator"/> on every state and collects its
/// diagnostics with the compiler's, so a fix is applied to the generator's diagnostic as the IDE applies it, and the
/// fixed source must then raise no diagnostic at all: the generator's gone, no new one, and the generated code
/// compiles. References are the framework and the runtime, as in <see cref="GeneratorHarness"/>, so nothing is
/// downloaded.
/// </summary>
internal sealed class GeneratorCodeFixTest<TCodeFix> : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public GeneratorCodeFixTest()
    {
        // A framework with no reference package: nothing to resolve; the references come from the test host.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(GeneratorHarness.References);

        // The generated file is checked by the snapshot tests; here only the user's source matters.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(NetworkGenerator)];

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}

/// <summary>Runs a <typeparamref name="TCodeFix"/> on marked source and compares the result.</summary>
internal static class CodeFixVerifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>
    /// Applies the fix to every diagnostic marked in <paramref name="before"/> as <c>{|SN0011:…|}</c> (which must be exactly
    /// the diagnostics reported), expects <paramref name="after"/>, and expects <paramref name="after"/> to raise nothing.
    /// The fix's equivalence key and, when given, its title are checked too.
    /// </summary>
    public static Task VerifyAsync(string before, string after, string equivalenceKey, string? title = null)
    {
        var test = new GeneratorCodeFixTest<TCodeFix>
        {
            TestCode = before,
            FixedCode = after,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        if (title is not null)
        {
            test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        }

        return test.RunAsync();
    }
}
