using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaticNet.CodeFixes;

/// <summary>
/// SN0020 (layer needs a flat input): inserts <c>[Flatten]</c> right before the <c>[Dense]</c> that gets a spatial input,
/// on a line of its own when the dense layer has its own brackets, or in the same brackets otherwise. Flatten copies
/// nothing and renames no other layer.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertFlattenCodeFix)), Shared]
public sealed class InsertFlattenCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, for Fix All.</summary>
    public const string EquivalenceKey = "StaticNet.SN0020.InsertFlatten";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NeedsFlatInput);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            NetworkDeclaration? network = await NetworkDeclaration.ReadAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (network is null || root is null
                || network.LayerAt(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not { Role: LayerRole.Weighted } layer
                || layer.Syntax.Parent is not AttributeListSyntax list
                || list.Parent is not TypeDeclarationSyntax type)
            {
                continue;
            }

            AttributeSyntax flatten = SyntaxFactory.Attribute(SyntaxEdits.Renamed(layer.Syntax.Name, "Flatten").WithoutTrivia());
            SyntaxNode target;
            SyntaxNode changed;
            if (list.Attributes.Count == 1)
            {
                // [Flatten] on its own line, indented like the layer.
                AttributeListSyntax flattenList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(flatten))
                    .WithLeadingTrivia(Indentation(list))
                    .WithTrailingTrivia(LineBreak(list));
                target = type;
                changed = type.WithAttributeLists(type.AttributeLists.Insert(type.AttributeLists.IndexOf(list), flattenList));
            }
            else
            {
                int index = list.Attributes.IndexOf(layer.Syntax);
                var attributes = list.Attributes.ToList();
                attributes.Insert(index, flatten);
                // The commas stay where they were; a new one follows Flatten.
                var separators = Enumerable.Range(0, attributes.Count - 1).Select(i =>
                    i == index ? SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space)
                    : list.Attributes.GetSeparator(i < index ? i : i - 1));
                target = list;
                changed = list.WithAttributes(SyntaxFactory.SeparatedList(attributes, separators));
            }

            Solution solution = context.Document.Project.Solution;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Insert [Flatten] before [{layer.Kind}]",
                    cancellationToken => SyntaxEdits.ApplyAsync(solution, [(target, _ => changed)], cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The whitespace that indents <paramref name="list"/>'s line.</summary>
    private static SyntaxTriviaList Indentation(AttributeListSyntax list)
    {
        SyntaxTriviaList leading = list.GetLeadingTrivia();
        int start = leading.Count;
        while (start > 0 && leading[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            start--;
        }

        return SyntaxFactory.TriviaList(leading.Skip(start));
    }

    /// <summary>The line break after <paramref name="list"/>, or a space when the next attribute is on the same line.</summary>
    private static SyntaxTriviaList LineBreak(AttributeListSyntax list)
    {
        SyntaxTrivia? endOfLine = list.GetTrailingTrivia().Cast<SyntaxTrivia?>().FirstOrDefault(t => t!.Value.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine is { } found ? SyntaxFactory.TriviaList(found) : SyntaxFactory.TriviaList(SyntaxFactory.Space);
    }
}
