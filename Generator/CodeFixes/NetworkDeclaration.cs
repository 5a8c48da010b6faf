using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace StaticNet.CodeFixes;

/// <summary>What a layer kind means to the fixes, as the generator's layer catalog (Generator/Layers/LayerCatalog.cs) sees it.</summary>
internal enum LayerRole
{
    /// <summary>Dense and the convolutions: weights, and an activation of their own (<c>Activation =</c>).</summary>
    Weighted,

    /// <summary>Pooling, flatten, batch norm, dropout: an activation layer after them still belongs to the units before.</summary>
    KeepsUnits,

    /// <summary><c>[ReLU]</c>, <c>[Sigmoid]</c>, …: an activation as a layer of its own.</summary>
    Activation,
}

/// <summary>One layer attribute of a network: its kind, its bound data and its syntax.</summary>
internal sealed class LayerDeclaration
{
    private static readonly Dictionary<string, LayerRole> Roles = new(StringComparer.Ordinal)
    {
        ["Dense"] = LayerRole.Weighted,
        ["Conv2D"] = LayerRole.Weighted,
        ["Conv1D"] = LayerRole.Weighted,
        ["ConvTranspose2D"] = LayerRole.Weighted,
        ["MaxPool2D"] = LayerRole.KeepsUnits,
        ["AvgPool2D"] = LayerRole.KeepsUnits,
        ["MaxPool1D"] = LayerRole.KeepsUnits,
        ["AvgPool1D"] = LayerRole.KeepsUnits,
        ["GlobalAvgPool"] = LayerRole.KeepsUnits,
        ["Flatten"] = LayerRole.KeepsUnits,
        ["BatchNorm"] = LayerRole.KeepsUnits,
        ["Dropout"] = LayerRole.KeepsUnits,
        ["ReLU"] = LayerRole.Activation,
        ["LeakyReLU"] = LayerRole.Activation,
        ["Sigmoid"] = LayerRole.Activation,
        ["Tanh"] = LayerRole.Activation,
        ["Softmax"] = LayerRole.Activation,
    };

    private LayerDeclaration(string kind, LayerRole role, string name, AttributeData data, AttributeSyntax syntax)
    {
        Kind = kind;
        Role = role;
        Name = name;
        Data = data;
        Syntax = syntax;
    }

    /// <summary>The attribute's name without <c>Attribute</c>: <c>Dense</c>, <c>Sigmoid</c>, …</summary>
    public string Kind { get; }

    public LayerRole Role { get; }

    /// <summary>The name the generator's messages use: the declared <c>Name</c> capitalized, or the kind numbered per kind.</summary>
    public string Name { get; }

    public AttributeData Data { get; }

    public AttributeSyntax Syntax { get; }

    /// <summary>The activation an activation layer applies.</summary>
    public ActivationKind? Applies => Role == LayerRole.Activation
        ? (ActivationKind)Enum.Parse(typeof(ActivationKind), Kind)
        : null;

    /// <summary>The fused activation (<c>Activation =</c>) of a weighted layer.</summary>
    public ActivationKind FusedActivation => Named("Activation") is int value ? (ActivationKind)value : ActivationKind.Identity;

    /// <summary>The declared <c>WeightInit</c>, or <see cref="WeightInitKind.Default"/>.</summary>
    public WeightInitKind WeightInit => Named("WeightInit") is int value ? (WeightInitKind)value : WeightInitKind.Default;

    public bool IsFlatten => Kind == "Flatten";

    /// <summary>The value of a named argument (an enum's as its underlying int), or null when it is not given.</summary>
    public object? Named(string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in Data.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Kind != TypedConstantKind.Error)
            {
                return argument.Value.Value;
            }
        }

        return null;
    }

    /// <summary>The syntax of a named argument (<c>Activation = …</c>), or null.</summary>
    public AttributeArgumentSyntax? NamedArgument(string name) =>
        Syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    public static LayerDeclaration? From(AttributeData data, AttributeSyntax syntax, Dictionary<string, int> perKind)
    {
        string kind = KindOf(data);
        if (!Roles.TryGetValue(kind, out LayerRole role))
        {
            return null;
        }

        perKind.TryGetValue(kind, out int ofKind);
        perKind[kind] = ++ofKind;
        string name = kind + ofKind.ToString(CultureInfo.InvariantCulture);
        foreach (KeyValuePair<string, TypedConstant> argument in data.NamedArguments)
        {
            if (argument.Key == "Name" && argument.Value.Value is string { Length: > 0 } declared)
            {
                name = char.ToUpperInvariant(declared[0]) + declared.Substring(1);
            }
        }

        return new LayerDeclaration(kind, role, name, data, syntax);
    }

    public static string KindOf(AttributeData data)
    {
        string name = data.AttributeClass?.Name ?? "";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}

/// <summary>
/// A weighted layer and the activation its units end in: its fused one, or the activation layer after it (looking past
/// layers that keep units as they are), as the generator decides both the default initializer and its checks.
/// </summary>
internal sealed record Unit(LayerDeclaration Layer, ActivationKind Activation, LayerDeclaration? ActivationLayer)
{
    /// <summary>Where the activation is declared, where the generator puts SN0013: the <c>Activation =</c> value or the activation layer.</summary>
    public SyntaxNode ActivationSyntax =>
        ActivationLayer?.Syntax ?? (SyntaxNode?)Layer.NamedArgument("Activation")?.Expression ?? Layer.Syntax;
}

/// <summary>
/// A <c>[Network]</c> class's StaticNet attributes read the way the generator reads them (Generator/Parsing/SpecParser.cs):
/// attributes of the <c>StaticNet</c> namespace, across partial declarations ordered by file and position.
/// </summary>
internal sealed class NetworkDeclaration
{
    private NetworkDeclaration(Compilation compilation, TypeDeclarationSyntax syntax, INamedTypeSymbol type, IReadOnlyList<LayerDeclaration> layers, IReadOnlyList<(AttributeData Data, AttributeSyntax Syntax)> attributes)
    {
        Compilation = compilation;
        Syntax = syntax;
        Type = type;
        Layers = layers;
        Attributes = attributes;
    }

    /// <summary>The compilation the attributes were bound in.</summary>
    public Compilation Compilation { get; }

    /// <summary>The declaration the diagnostic is in.</summary>
    public TypeDeclarationSyntax Syntax { get; }

    public INamedTypeSymbol Type { get; }

    /// <summary>The layer attributes, in the generator's order.</summary>
    public IReadOnlyList<LayerDeclaration> Layers { get; }

    /// <summary>Every StaticNet attribute except <c>[Network]</c>, in the generator's order.</summary>
    public IReadOnlyList<(AttributeData Data, AttributeSyntax Syntax)> Attributes { get; }

    /// <summary>The network whose declaration contains <paramref name="span"/> in <paramref name="document"/>, or null.</summary>
    public static async Task<NetworkDeclaration?> ReadAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !root.FullSpan.Contains(span))
        {
            return null;
        }

        TypeDeclarationSyntax? syntax = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (syntax is null || model.GetDeclaredSymbol(syntax, cancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }

        var attributes = new List<(AttributeData Data, AttributeSyntax Syntax, string Path, int Position)>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is not { } attributeClass
                || attributeClass.ContainingNamespace?.ToDisplayString() != RuntimeNames.Namespace
                || attributeClass.Name == "NetworkAttribute"
                || attribute.ApplicationSyntaxReference is not { } reference
                || await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not AttributeSyntax attributeSyntax)
            {
                continue;
            }

            attributes.Add((attribute, attributeSyntax, reference.SyntaxTree.FilePath, reference.Span.Start));
        }

        var ordered = attributes
            .OrderBy(a => a.Path, StringComparer.Ordinal)
            .ThenBy(a => a.Position)
            .Select(a => (a.Data, a.Syntax))
            .ToList();
        var perKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var layers = ordered
            .Select(a => LayerDeclaration.From(a.Data, a.Syntax, perKind))
            .Where(layer => layer is not null)
            .Select(layer => layer!)
            .ToList();
        return new NetworkDeclaration(model.Compilation, syntax, type, layers, ordered);
    }

    /// <summary>The layer whose attribute contains <paramref name="node"/>.</summary>
    public LayerDeclaration? LayerAt(SyntaxNode node) =>
        Layers.FirstOrDefault(layer => layer.Syntax.SyntaxTree == node.SyntaxTree && layer.Syntax.Span.Contains(node.Span));

    /// <summary>Every weighted layer with the activation its units end in, in order.</summary>
    public List<Unit> Units()
    {
        var units = new List<Unit>();
        for (int i = 0; i < Layers.Count; i++)
        {
            if (Layers[i].Role == LayerRole.Weighted)
            {
                units.Add(UnitAt(i));
            }
        }

        return units;
    }

    /// <summary>The unit of the weighted layer <paramref name="layer"/>.</summary>
    public Unit UnitOf(LayerDeclaration layer) => UnitAt(IndexOf(layer));

    /// <summary>
    /// The activation of the network's output: the last layer other than <c>[Flatten]</c>, an activation layer's kind or
    /// a weighted layer's fused activation (what the generator's loss checks read).
    /// </summary>
    public (ActivationKind Activation, LayerDeclaration? LastWeighted) Output()
    {
        LayerDeclaration? last = Layers.LastOrDefault(layer => !layer.IsFlatten);
        LayerDeclaration? lastWeighted = Layers.LastOrDefault(layer => layer.Role == LayerRole.Weighted);
        ActivationKind activation = last?.Applies ?? (last?.Role == LayerRole.Weighted ? last.FusedActivation : ActivationKind.Identity);
        return (activation, lastWeighted);
    }

    private int IndexOf(LayerDeclaration layer)
    {
        for (int i = 0; i < Layers.Count; i++)
        {
            if (ReferenceEquals(Layers[i], layer))
            {
                return i;
            }
        }

        throw new ArgumentException("not a layer of this network", nameof(layer));
    }

    private Unit UnitAt(int index)
    {
        LayerDeclaration layer = Layers[index];
        if (layer.FusedActivation != ActivationKind.Identity)
        {
            return new Unit(layer, layer.FusedActivation, null);
        }

        for (int next = index + 1; next < Layers.Count; next++)
        {
            if (Layers[next].Applies is ActivationKind applied)
            {
                return new Unit(layer, applied, Layers[next]);
            }

            if (Layers[next].Role != LayerRole.KeepsUnits)
            {
                break;
            }
        }

        return new Unit(layer, ActivationKind.Identity, null);
    }
}
