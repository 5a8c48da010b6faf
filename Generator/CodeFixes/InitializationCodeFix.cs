using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaticNet.CodeFixes;

/// <summary>
/// SN0011 (weights start identical) and SN0012 (initialization does not match the activation): sets <c>WeightInit</c> to
/// the scheme that keeps the activation variance constant for the activation the layer's units end in (fused, or the
/// activation layer after it): He for ReLU and leaky ReLU, Xavier (Glorot) for sigmoid, tanh and the rest, as the
/// generator's default and messages say. SN0012 keeps the distribution (Xavier uniform becomes He uniform); SN0011 uses
/// the normal one, and drops <c>InitValue</c>, which only the constant used.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InitializationCodeFix)), Shared]
public sealed class InitializationCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the SN0011 fix, for Fix All.</summary>
    public const string RandomKey = "StaticNet.SN0011.UseRandomInitialization";

    /// <summary>The equivalence key of the SN0012 fix, for Fix All.</summary>
    public const string MatchingKey = "StaticNet.SN0012.UseMatchingInitialization";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.SymmetricInitialization, DiagnosticIds.InitializationMismatch);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            NetworkDeclaration? network = await NetworkDeclaration.ReadAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (network is null || root is null
                || network.LayerAt(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not { Role: LayerRole.Weighted } layer
                || layer.NamedArgument("WeightInit") is null)
            {
                continue;
            }

            ActivationKind activation = network.UnitOf(layer).Activation;
            WeightInitKind current = layer.WeightInit;
            bool symmetric = diagnostic.Id == DiagnosticIds.SymmetricInitialization;
            if (symmetric ? current is not (WeightInitKind.Zeros or WeightInitKind.Constant) : !RuntimeNames.Mismatches(current, activation))
            {
                continue;
            }

            WeightInitKind target = RuntimeNames.MatchingInitialization(activation, current);
            AttributeSyntax changed = SyntaxEdits.WithNamedValues(layer.Syntax, (name, value) => name == "WeightInit"
                ? SyntaxEdits.EnumMember(value, RuntimeNames.WeightInit, target.ToString(), network.Compilation)
                : null);
            if (symmetric)
            {
                changed = SyntaxEdits.WithoutNamed(changed, "InitValue");
            }

            string title = symmetric
                ? $"Use {RuntimeNames.Display(target)} initialization (random, for {activation})"
                : $"Use {RuntimeNames.Display(target)} initialization, which matches {activation}";
            Solution solution = context.Document.Project.Solution;
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => SyntaxEdits.ApplyAsync(solution, [(layer.Syntax, _ => changed)], cancellationToken),
                    symmetric ? RandomKey : MatchingKey),
                diagnostic);
        }
    }
}
