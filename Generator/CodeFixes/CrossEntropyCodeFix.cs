using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaticNet.CodeFixes;

/// <summary>
/// SN0014 (squared error on a classifier): the cross-entropy that fits the output, as the message says:
/// <c>LossKind.BinaryCrossEntropy</c> on a sigmoid output, <c>LossKind.SoftmaxCrossEntropy</c> on a softmax output.
/// The softmax stays: softmax cross-entropy accepts it (training folds it into the loss, <c>Forward</c> still returns
/// probabilities), so the network computes what it did. Not offered for a one-unit softmax, which cross-entropy
/// rejects (SN0009).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CrossEntropyCodeFix)), Shared]
public sealed class CrossEntropyCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, for Fix All.</summary>
    public const string EquivalenceKey = "StaticNet.SN0014.UseCrossEntropy";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SquaredErrorOnClassifier);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            NetworkDeclaration? network = await NetworkDeclaration.ReadAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (network is null)
            {
                continue;
            }

            // The [Loss] attribute the diagnostic is on, and its kind argument.
            AttributeSyntax? loss = network.Attributes
                .Where(a => LayerDeclaration.KindOf(a.Data) == "Loss" && a.Syntax.SyntaxTree == diagnostic.Location.SourceTree && a.Syntax.Span.Contains(diagnostic.Location.SourceSpan))
                .Select(a => a.Syntax)
                .FirstOrDefault();
            AttributeArgumentSyntax? kind = loss?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null);
            (ActivationKind output, LayerDeclaration? lastWeighted) = network.Output();
            LossKind? target = output switch
            {
                ActivationKind.Sigmoid => LossKind.BinaryCrossEntropy,
                ActivationKind.Softmax when !(lastWeighted is { Kind: "Dense" } dense && dense.Data.ConstructorArguments.FirstOrDefault().Value is int units && units < 2) => LossKind.SoftmaxCrossEntropy,
                _ => null,
            };
            if (loss is null || kind is null || target is null)
            {
                continue;
            }

            AttributeSyntax changed = loss.ReplaceNode(kind.Expression, SyntaxEdits.EnumMember(kind.Expression, RuntimeNames.LossKind, target.Value.ToString(), network.Compilation));
            Solution solution = context.Document.Project.Solution;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use LossKind.{target} on the {output.ToString().ToLowerInvariant()} output",
                    cancellationToken => SyntaxEdits.ApplyAsync(solution, [(loss, _ => changed)], cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
