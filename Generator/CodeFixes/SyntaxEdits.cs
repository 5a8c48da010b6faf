using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace StaticNet.CodeFixes;

/// <summary>Small syntax rewrites the fixes share, each keeping the user's spelling and trivia where it can.</summary>
internal static class SyntaxEdits
{
    /// <summary>
    /// <paramref name="original"/> changed to name <paramref name="member"/> of the runtime enum <paramref name="enumName"/>:
    /// only the member name is replaced in <c>Activation.Sigmoid</c> or <c>StaticNet.Activation.Sigmoid</c>; any other
    /// expression (a cast, a constant) becomes the fully qualified member, simplified as the file's usings allow.
    /// </summary>
    public static ExpressionSyntax EnumMember(ExpressionSyntax original, string enumName, string member, Compilation compilation)
    {
        if (original is MemberAccessExpressionSyntax access
            && compilation.ContainsSyntaxTree(access.SyntaxTree)
            && compilation.GetSemanticModel(access.SyntaxTree).GetSymbolInfo(access).Symbol is IFieldSymbol { ContainingType: { TypeKind: TypeKind.Enum } type }
            && type.Name == enumName
            && type.ContainingNamespace?.ToDisplayString() == RuntimeNames.Namespace)
        {
            return access.WithName(SyntaxFactory.IdentifierName(member).WithTriviaFrom(access.Name));
        }

        return SyntaxFactory.ParseExpression($"global::{RuntimeNames.Namespace}.{enumName}.{member}")
            .WithTriviaFrom(original)
            .WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>An attribute name with its last identifier changed to <paramref name="kind"/>, keeping a qualifier and an <c>Attribute</c> suffix.</summary>
    public static NameSyntax Renamed(NameSyntax name, string kind)
    {
        SimpleNameSyntax last = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax aliased => aliased.Name,
            SimpleNameSyntax simple => simple,
            _ => throw new ArgumentException("unexpected attribute name", nameof(name)),
        };
        string text = last.Identifier.ValueText.EndsWith("Attribute", StringComparison.Ordinal) ? kind + "Attribute" : kind;
        SimpleNameSyntax renamed = SyntaxFactory.IdentifierName(
            SyntaxFactory.Identifier(last.Identifier.LeadingTrivia, text, last.Identifier.TrailingTrivia));
        return last == name ? renamed : name.ReplaceNode(last, renamed);
    }

    /// <summary>
    /// The attribute with the values of named arguments replaced: <paramref name="value"/> gets each argument's name and
    /// original value (bound, so <see cref="EnumMember"/> can keep the spelling) and returns the new value, or null to keep it.
    /// </summary>
    public static AttributeSyntax WithNamedValues(AttributeSyntax attribute, Func<string, ExpressionSyntax, ExpressionSyntax?> value)
    {
        var replacements = new Dictionary<ExpressionSyntax, ExpressionSyntax>();
        foreach (AttributeArgumentSyntax argument in attribute.ArgumentList?.Arguments ?? default)
        {
            if (argument.NameEquals is { } name && value(name.Name.Identifier.ValueText, argument.Expression) is { } replacement)
            {
                replacements[argument.Expression] = replacement;
            }
        }

        return replacements.Count == 0 ? attribute : attribute.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
    }

    /// <summary>The attribute without its named argument <paramref name="name"/> (and the comma that went with it).</summary>
    public static AttributeSyntax WithoutNamed(AttributeSyntax attribute, string name)
    {
        AttributeArgumentListSyntax? list = attribute.ArgumentList;
        AttributeArgumentSyntax? argument = list?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        if (list is null || argument is null)
        {
            return attribute;
        }

        // RemoveAt takes the comma after the argument, or before it for the last one.
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments.RemoveAt(list.Arguments.IndexOf(argument));
        return attribute.WithArgumentList(list.WithArguments(arguments));
    }

    /// <summary>
    /// Applies rewrites of nodes of <paramref name="solution"/>'s documents, nested or in several files (a network declared
    /// across partial declarations): each node is rewritten once, after the nodes inside it.
    /// </summary>
    public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Rewrite)> edits, CancellationToken cancellationToken)
    {
        foreach (IGrouping<SyntaxTree, (SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Rewrite)> tree in edits.GroupBy(e => e.Node.SyntaxTree))
        {
            Document? document = solution.GetDocument(tree.Key);
            if (document is null)
            {
                continue;
            }

            var rewrites = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
            foreach ((SyntaxNode node, Func<SyntaxNode, SyntaxNode> rewrite) in tree)
            {
                rewrites[node] = rewrites.TryGetValue(node, out Func<SyntaxNode, SyntaxNode>? earlier)
                    ? current => rewrite(earlier(current))
                    : rewrite;
            }

            SyntaxNode root = await tree.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            root = root.ReplaceNodes(rewrites.Keys, (original, current) => rewrites[original](current));
            solution = solution.WithDocumentSyntaxRoot(document.Id, root);
        }

        return solution;
    }
}
