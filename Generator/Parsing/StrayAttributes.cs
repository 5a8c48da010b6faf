using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaticNet.Generator.Layers;
using StaticNet.Generator.Model;
using StaticNet.Generator.Optimizers;

namespace StaticNet.Generator.Parsing;

/// <summary>
/// StaticNet attributes on a class that has no <c>[Network]</c> (forgotten, or misspelled): without it the generator never
/// looks at the class, so the declaration would silently get no code. SN0045 says so, on the first such attribute of
/// each declaration.
/// </summary>
/// <param name="ClassName">The class as messages name it.</param>
/// <param name="Attributes">The StaticNet attributes on the declaration, as written in messages: <c>[Input], [Dense]</c>.</param>
internal sealed record StrayAttributes(string ClassName, string Attributes, LocationInfo? Location)
{
    private const string RuntimeNamespace = "StaticNet";

    /// <summary>Short names of every attribute that only means something beside <c>[Network]</c>.</summary>
    private static readonly HashSet<string> Names = new(LayerCatalog.AttributeNames.Concat(OptimizerCatalog.AttributeNames).Concat(new[] { "Input", "Loss" }), System.StringComparer.Ordinal);

    /// <summary>
    /// A syntax-only first look, run on every node: a class declaration with an attribute named like a StaticNet one and
    /// none named Network. Most classes stop here, without a semantic model.
    /// </summary>
    public static bool MayHave(SyntaxNode node)
    {
        if (node is not (ClassDeclarationSyntax or RecordDeclarationSyntax) || ((TypeDeclarationSyntax)node).AttributeLists.Count == 0)
        {
            return false;
        }

        bool any = false;
        foreach (AttributeSyntax attribute in ((TypeDeclarationSyntax)node).AttributeLists.SelectMany(list => list.Attributes))
        {
            string name = ShortName(attribute.Name);
            if (name == "Network")
            {
                return false;
            }

            any |= Names.Contains(name);
        }

        return any;
    }

    public static StrayAttributes? Read(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (TypeDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type
            || type.GetAttributes().Any(a => IsStaticNet(a.AttributeClass) && a.AttributeClass!.Name == "NetworkAttribute"))
        {
            return null;
        }

        var found = type.GetAttributes()
            .Where(a => IsStaticNet(a.AttributeClass) && a.ApplicationSyntaxReference is { } reference
                && reference.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(reference.Span))
            .Select(a => (Name: a.AttributeClass!.Name, Syntax: a.ApplicationSyntaxReference!.GetSyntax(cancellationToken)))
            .OrderBy(a => a.Syntax.SpanStart)
            .ToList();
        if (found.Count == 0)
        {
            return null;
        }

        string names = string.Join(", ", found.Select(a => "[" + Short(a.Name) + "]").Distinct());
        return new StrayAttributes(type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), names, LocationInfo.From(found[0].Syntax));
    }

    private static bool IsStaticNet(INamedTypeSymbol? attribute) =>
        attribute is not null && attribute.ContainingNamespace?.ToDisplayString() == RuntimeNamespace;

    private static string ShortName(NameSyntax name) => Short(name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => name.ToString(),
    });

    private static string Short(string name) =>
        name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
}
