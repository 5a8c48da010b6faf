using System.Collections.Generic;
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
/// SN0001 (network class must be partial): adds <c>partial</c> to the network class and to every class it is nested in
/// that lacks it, since C# merges the generated half only when all of them are partial.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, for Fix All.</summary>
    public const string EquivalenceKey = "StaticNet.SN0001.MakePartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NotPartial);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            TypeDeclarationSyntax? network = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?
                .AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            List<TypeDeclarationSyntax> missing = network?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
                .Where(type => !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                .Reverse()
                .ToList() ?? [];
            if (missing.Count == 0)
            {
                continue;
            }

            string names = string.Join(" and ", missing.Select(type => $"'{type.Identifier.ValueText}'"));
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Declare {names} partial",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNodes(missing, (_, current) => WithPartial(current)))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The declaration with <c>partial</c> as its last modifier, right before the keyword, where C# requires it.</summary>
    private static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Count > 0)
        {
            return type.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        // No modifiers: the keyword carries the indentation, which moves to 'partial'.
        SyntaxToken keyword = type.Keyword;
        SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return type.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
    }
}
