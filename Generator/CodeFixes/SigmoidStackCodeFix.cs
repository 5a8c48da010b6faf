using System;
using System.Collections.Generic;
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
/// SN0013 (many sigmoid hidden layers): gives every hidden layer of the flagged run of sigmoid layers ReLU instead, the
/// notes' advice, whether the sigmoid is fused (<c>Activation = Activation.Sigmoid</c> becomes <c>Activation.ReLU</c>) or
/// a layer of its own (<c>[Sigmoid]</c> becomes <c>[ReLU]</c>). An explicit Xavier initialization on those layers becomes
/// He (uniform stays uniform), so the fix raises no SN0012; the default already follows the activation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SigmoidStackCodeFix)), Shared]
public sealed class SigmoidStackCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, for Fix All.</summary>
    public const string EquivalenceKey = "StaticNet.SN0013.UseReLU";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DeepSigmoidStack);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            NetworkDeclaration? network = await NetworkDeclaration.ReadAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            List<Unit> run = network is null ? [] : Run(network.Units(), diagnostic.Location);
            if (network is null || run.Count == 0)
            {
                continue;
            }

            var edits = new List<(SyntaxNode, Func<SyntaxNode, SyntaxNode>)>();
            foreach (Unit unit in run)
            {
                if (unit.ActivationLayer is { } activationLayer)
                {
                    AttributeSyntax renamed = activationLayer.Syntax.WithName(SyntaxEdits.Renamed(activationLayer.Syntax.Name, nameof(ActivationKind.ReLU)));
                    edits.Add((activationLayer.Syntax, _ => renamed));
                }

                WeightInitKind init = unit.Layer.WeightInit;
                AttributeSyntax changed = SyntaxEdits.WithNamedValues(unit.Layer.Syntax, (name, value) => name switch
                {
                    "Activation" when unit.ActivationLayer is null =>
                        SyntaxEdits.EnumMember(value, RuntimeNames.Activation, nameof(ActivationKind.ReLU), network.Compilation),
                    "WeightInit" when RuntimeNames.Mismatches(init, ActivationKind.ReLU) =>
                        SyntaxEdits.EnumMember(value, RuntimeNames.WeightInit, RuntimeNames.MatchingInitialization(ActivationKind.ReLU, init).ToString(), network.Compilation),
                    _ => null,
                });
                if (changed != unit.Layer.Syntax)
                {
                    edits.Add((unit.Layer.Syntax, _ => changed));
                }
            }

            Solution solution = context.Document.Project.Solution;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use ReLU instead of sigmoid in {string.Join(", ", run.Select(u => u.Layer.Name))}",
                    cancellationToken => SyntaxEdits.ApplyAsync(solution, edits, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// The run of consecutive sigmoid hidden units (every unit but the output's) holding the activation the diagnostic is
    /// on, as the generator's check finds it (Generator/Analysis/TrainingChecks.cs).
    /// </summary>
    private static List<Unit> Run(List<Unit> units, Location location)
    {
        int hidden = units.Count - 1;
        int flagged = units.FindIndex(u => u.ActivationSyntax.SyntaxTree == location.SourceTree && u.ActivationSyntax.Span == location.SourceSpan);
        if (flagged < 0 || flagged >= hidden || units[flagged].Activation != ActivationKind.Sigmoid)
        {
            return [];
        }

        int first = flagged, last = flagged;
        while (first > 0 && units[first - 1].Activation == ActivationKind.Sigmoid)
        {
            first--;
        }

        while (last + 1 < hidden && units[last + 1].Activation == ActivationKind.Sigmoid)
        {
            last++;
        }

        return units.GetRange(first, last - first + 1);
    }
}
