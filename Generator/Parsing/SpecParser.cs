using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Parsing;

/// <summary>
/// Reads a class marked <c>[Network]</c> into a <see cref="NetworkSpec"/>. This is the only place that
/// touches symbols and syntax; everything after it works on plain values.
/// </summary>
internal static class SpecParser
{
    private const string RuntimeNamespace = "StaticNet";

    public static NetworkSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        // A declaration without a name (or in a namespace without one) is mid-edit: the compiler already reports it,
        // and there is nothing to name the output after.
        if (context.TargetSymbol is not INamedTypeSymbol type
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || declaration.Identifier.IsMissing
            || !IsFullyNamed(type))
        {
            return null;
        }

        // [Network] on two partial declarations of one class (the compiler reports the duplicate attribute): the first
        // declaration reads the class, so it gets one generated half, not two.
        if (!IsFirstNetworkDeclaration(type, declaration))
        {
            return null;
        }

        try
        {
            return Read(context, type, declaration, cancellationToken);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // A bug here must not become CS8785 (no code for any network): the analysis reports it as SN0019 on this class.
            return new NetworkSpec(
                null,
                type.Name,
                EquatableArray<ContainingType>.Empty,
                TypeProblem.None,
                IdentifierLocation(declaration),
                new AttributeSpec("Network", EquatableArray<ArgumentSpec>.Empty, null, HasErrors: false),
                EquatableArray<AttributeSpec>.Empty)
            {
                Failure = exception.GetType().Name + ": " + exception.Message,
            };
        }
    }

    private static NetworkSpec Read(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        AttributeSpec network = ReadAttribute(context.Attributes[0], cancellationToken);
        var attributes = new List<(AttributeSpec Spec, string Path, int Position)>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            INamedTypeSymbol? attributeClass = attribute.AttributeClass;
            if (attributeClass is null
                || attributeClass.ContainingNamespace?.ToDisplayString() != RuntimeNamespace
                || attributeClass.Name == "NetworkAttribute")
            {
                continue;
            }

            SyntaxReference? reference = attribute.ApplicationSyntaxReference;
            attributes.Add((ReadAttribute(attribute, cancellationToken), reference?.SyntaxTree.FilePath ?? "", reference?.Span.Start ?? 0));
        }

        // Layers are read in declaration order; across partial declarations, by file then position.
        EquatableArray<AttributeSpec> ordered = attributes
            .OrderBy(a => a.Path, System.StringComparer.Ordinal)
            .ThenBy(a => a.Position)
            .Select(a => a.Spec)
            .ToEquatableArray();

        var containers = new List<ContainingType>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containers.Insert(0, new ContainingType(Keyword(outer), outer.Name, IsPartial(outer)));
        }

        (TypeProblem problem, string? baseName) = Problem(context.SemanticModel.Compilation, type, declaration, containers);
        return new NetworkSpec(
            Namespace(type),
            type.Name,
            containers.ToEquatableArray(),
            problem,
            IdentifierLocation(declaration),
            network,
            ordered)
        {
            ShadowedNames = Shadowed(context.SemanticModel, declaration, type, cancellationToken),
            UserMembers = MemberSignature.Read(context.SemanticModel.Compilation, type, cancellationToken),
            ProblemTypeName = baseName,
            IsAbstract = type.IsAbstract,
        };
    }

    private static (TypeProblem Problem, string? BaseName) Problem(Compilation compilation, INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<ContainingType> containers)
    {
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return (TypeProblem.NotPartial, null);
        }

        if (declaration is RecordDeclarationSyntax)
        {
            return (TypeProblem.Record, null);
        }

        if (containers.Any(c => !c.IsPartial))
        {
            return (TypeProblem.ContainerNotPartial, null);
        }

        // A file-local type cannot span files, and the generated half is a file of its own: it would declare a second
        // type of the same name instead of completing this one.
        for (INamedTypeSymbol? scope = type; scope is not null; scope = scope.ContainingType)
        {
            if (scope.IsFileLocal)
            {
                return (TypeProblem.FileLocal, scope.Name);
            }
        }

        if (type.IsGenericType || type.ContainingType?.IsGenericType == true)
        {
            return (TypeProblem.Generic, null);
        }

        if (type.IsStatic)
        {
            return (TypeProblem.Static, null);
        }

        // The generated constructor initializes the weights; next to a primary constructor it would have to call it.
        if (type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax { ParameterList: not null }))
        {
            return (TypeProblem.PrimaryConstructor, null);
        }

        if (type.BaseType is { SpecialType: not SpecialType.System_Object, TypeKind: TypeKind.Class } baseType
            && !HasImplicitlyCallableConstructor(compilation, baseType, type))
        {
            return (TypeProblem.BaseNeedsArguments, baseType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        }

        return (TypeProblem.None, null);
    }

    /// <summary>
    /// Whether the generated <c>Net()</c> can call the base constructor implicitly: one accessible constructor that takes
    /// no arguments (parameters all optional or params), unambiguously.
    /// </summary>
    private static bool HasImplicitlyCallableConstructor(Compilation compilation, INamedTypeSymbol baseType, INamedTypeSymbol type)
    {
        var callable = baseType.InstanceConstructors
            .Where(c => c.Parameters.All(p => p.IsOptional || p.IsParams) && compilation.IsSymbolAccessibleWithin(c, type))
            .ToList();
        return callable.Any(c => c.Parameters.Length == 0) || callable.Count == 1;
    }

    /// <summary>The namespace as C# writes it, keywords escaped (<c>Demo.@event</c>); null for the global namespace.</summary>
    private static string? Namespace(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, Identifiers.Escape(ns.Name));
        }

        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    /// <summary>False while a name is being typed: <c>namespace Demo.;</c> or a containing type without a name.</summary>
    private static bool IsFullyNamed(INamedTypeSymbol type)
    {
        if (string.IsNullOrEmpty(type.Name))
        {
            return false;
        }

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (string.IsNullOrEmpty(outer.Name))
            {
                return false;
            }
        }

        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (string.IsNullOrEmpty(ns.Name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="declaration"/> holds the class's first <c>[Network]</c>, by file then position.</summary>
    private static bool IsFirstNetworkDeclaration(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        SyntaxReference? first = type.GetAttributes()
            .Where(a => a.AttributeClass is { Name: "NetworkAttribute" } c && c.ContainingNamespace?.ToDisplayString() == RuntimeNamespace)
            .Select(a => a.ApplicationSyntaxReference)
            .Where(r => r is not null)
            .OrderBy(r => r!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(r => r!.Span.Start)
            .FirstOrDefault();
        return first is null || (first.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(first.Span));
    }

    /// <summary>
    /// The runtime names (<see cref="RuntimeNames"/>) that something else would bind to inside the class: a member of it,
    /// of a base or containing type, or a type, namespace or alias visible where it is declared. The emitter writes
    /// those with <c>global::</c>. Then the names <see cref="Unqualifiable"/> finds, which it cannot protect.
    /// </summary>
    private static EquatableArray<string> Shadowed(SemanticModel model, TypeDeclarationSyntax declaration, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var shadowed = new List<string>();
        foreach ((string name, string ns) in RuntimeNames.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IEnumerable<ISymbol> found = model.LookupSymbols(declaration.SpanStart, name: name);
            for (INamedTypeSymbol? scope = type; scope is not null; scope = scope.ContainingType)
            {
                found = found.Concat(model.LookupSymbols(declaration.SpanStart, scope, name));
            }

            if (type.Name == name || found.Any(symbol => !(symbol is INamedTypeSymbol && symbol.ContainingNamespace?.ToDisplayString() == ns)))
            {
                shadowed.Add(name);
            }
        }

        shadowed.AddRange(Unqualifiable(model, declaration, type));
        return shadowed.ToEquatableArray();
    }

    /// <summary>
    /// What the generated code uses that no <c>global::</c> can protect, found in the user's code: an <c>AsSpan</c>
    /// extension method for arrays in an enclosing namespace, a global type named like a root namespace. The
    /// analysis reports each as a clash (SN0040).
    /// </summary>
    private static IEnumerable<string> Unqualifiable(SemanticModel model, TypeDeclarationSyntax declaration, INamedTypeSymbol type)
    {
        var found = new List<string>();

        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
        {
            foreach (INamedTypeSymbol holder in ns.GetTypeMembers().Where(t => t.MightContainExtensionMethods))
            {
                foreach (string name in RuntimeNames.ExtensionMethods)
                {
                    if (holder.GetMembers(name).Any(m => m is IMethodSymbol { IsExtensionMethod: true, Parameters: [var first, ..] } && TakesArrays(model.Compilation, first.Type))
                        && !found.Contains(name))
                    {
                        found.Add(name);
                    }
                }
            }
        }

        foreach (string name in RuntimeNames.RootNamespaces)
        {
            if (!model.Compilation.GlobalNamespace.GetTypeMembers(name).IsEmpty)
            {
                found.Add(name);
            }
        }

        return found;
    }

    /// <summary>Whether an extension method's first parameter of type <paramref name="type"/> could take the generated code's arrays.</summary>
    private static bool TakesArrays(Compilation compilation, ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => true,
        IArrayTypeSymbol { ElementType: ITypeParameterSymbol or { SpecialType: SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Int32 } } => true,
        _ => compilation.ClassifyCommonConversion(compilation.CreateArrayTypeSymbol(compilation.GetSpecialType(SpecialType.System_Single)), type).IsImplicit,
    };

    private static LocationInfo? IdentifierLocation(TypeDeclarationSyntax declaration)
    {
        SyntaxToken identifier = declaration.Identifier;
        Location location = identifier.GetLocation();
        return location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static AttributeSpec ReadAttribute(AttributeData attribute, CancellationToken cancellationToken)
    {
        string name = attribute.AttributeClass?.Name ?? "";
        if (name.EndsWith("Attribute", System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Attribute".Length);
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        bool hasErrors = attribute.AttributeConstructor is null
            || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
            || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error);

        var arguments = new List<ArgumentSpec>();
        List<AttributeArgumentSyntax> positionalSyntax = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList() ?? [];
        ImmutableArray<IParameterSymbol> parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;

        for (int i = 0; i < attribute.ConstructorArguments.Length; i++)
        {
            TypedConstant value = attribute.ConstructorArguments[i];
            bool isParams = i < parameters.Length && parameters[i].IsParams;
            List<AttributeArgumentSyntax> argumentSyntax = SyntaxFor(positionalSyntax, parameters, i, isParams);
            arguments.Add(ReadArgument(null, i, value, argumentSyntax));
        }

        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            AttributeArgumentSyntax? argumentSyntax = syntax?.ArgumentList?.Arguments
                .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == named.Key);
            arguments.Add(ReadArgument(named.Key, -1, named.Value, argumentSyntax is null ? [] : [argumentSyntax]));
        }

        return new AttributeSpec(name, arguments.ToEquatableArray(), LocationInfo.From(syntax), hasErrors);
    }

    /// <summary>The syntax of constructor argument <paramref name="index"/>: one node, or every element of a params array.</summary>
    private static List<AttributeArgumentSyntax> SyntaxFor(
        List<AttributeArgumentSyntax> positional, ImmutableArray<IParameterSymbol> parameters, int index, bool isParams)
    {
        if (index < parameters.Length)
        {
            // An argument written with a name colon (units: 10) is matched by name.
            string parameterName = parameters[index].Name;
            AttributeArgumentSyntax? byName = positional.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameterName);
            if (byName is not null)
            {
                return [byName];
            }
        }

        List<AttributeArgumentSyntax> unnamed = positional.Where(a => a.NameColon is null).ToList();
        if (isParams)
        {
            return unnamed.Skip(index).ToList();
        }

        return index < unnamed.Count ? [unnamed[index]] : [];
    }

    private static ArgumentSpec ReadArgument(string? name, int position, TypedConstant value, List<AttributeArgumentSyntax> syntax)
    {
        LocationInfo? location = syntax.Count switch
        {
            0 => null,
            1 => LocationInfo.From(syntax[0].Expression),
            _ => LocationInfo.Between(syntax[0], syntax[syntax.Count - 1]),
        };

        if (value.Kind == TypedConstantKind.Array)
        {
            ImmutableArray<TypedConstant> values = value.IsNull ? ImmutableArray<TypedConstant>.Empty : value.Values;
            var items = values.Select(ToNumber).ToEquatableArray();

            // params int[] written element by element: one location each; written as an array: the array's.
            var locations = values.Select((_, i) => new LocationInfoItem(
                syntax.Count == values.Length ? LocationInfo.From(syntax[i].Expression) : location)).ToEquatableArray();
            return new ArgumentSpec(name, position, items.Count, true, items, locations, location);
        }

        return new ArgumentSpec(name, position, ToNumber(value), false, EquatableArray<double>.Empty, EquatableArray<LocationInfoItem>.Empty, location)
        {
            Text = value.Value as string,
        };
    }

    private static double ToNumber(TypedConstant value) => value.Value switch
    {
        int i => i,
        double d => d,
        float f => f,
        long l => l,
        bool b => b ? 1 : 0,
        short s => s,
        byte b => b,
        _ => double.NaN,
    };
}
