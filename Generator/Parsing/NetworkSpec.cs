using StaticNet.Generator.Model;

namespace StaticNet.Generator.Parsing;

/// <summary>
/// What the user declared, read once from the symbols: the class and its StaticNet attributes in
/// declaration order, as plain values. Nothing is interpreted yet; <c>Analysis</c> does that.
/// </summary>
internal sealed record NetworkSpec(
    string? Namespace,
    string ClassName,
    EquatableArray<ContainingType> ContainingTypes,
    TypeProblem Problem,
    LocationInfo? ClassLocation,
    AttributeSpec Network,
    EquatableArray<AttributeSpec> Attributes)
{
    /// <summary>Runtime names something of the user's would hide at the class; the emitter qualifies them (<see cref="RuntimeNames"/>).</summary>
    public EquatableArray<string> ShadowedNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The members the user declared on the class and the ones it inherits, to find clashes with generated ones.</summary>
    public EquatableArray<MemberSignature> UserMembers { get; init; } = EquatableArray<MemberSignature>.Empty;

    /// <summary>For <see cref="TypeProblem.BaseNeedsArguments"/> the base class, for <see cref="TypeProblem.FileLocal"/> the file-local type.</summary>
    public string? ProblemTypeName { get; init; }

    /// <summary>The class is abstract: its shards for data-parallel training cannot be created.</summary>
    public bool IsAbstract { get; init; }

    /// <summary>Set when reading the declaration threw: the exception, reported as SN0019 instead of a crash.</summary>
    public string? Failure { get; init; }

    /// <summary>The type's name with its containing types, as in <c>Outer.Mlp</c>.</summary>
    public string DisplayName => ContainingTypes.Count == 0
        ? ClassName
        : string.Join(".", System.Linq.Enumerable.Select(ContainingTypes, t => t.Name)) + "." + ClassName;
}

/// <summary>A type the network class is nested in; it must be partial too.</summary>
internal sealed record ContainingType(string Keyword, string Name, bool IsPartial);

/// <summary>Why the class cannot get a generated half, if it cannot.</summary>
internal enum TypeProblem
{
    None,
    NotPartial,
    ContainerNotPartial,
    Generic,
    Static,
    Record,

    /// <summary>The class or a type containing it is <c>file</c>-local, so it cannot have a half in another file.</summary>
    FileLocal,

    /// <summary>The class has a primary constructor, which the generated constructor would have to call.</summary>
    PrimaryConstructor,

    /// <summary>The base class has no constructor the generated parameterless one can call.</summary>
    BaseNeedsArguments,
}

/// <summary>One attribute as written: its short name (<c>Dense</c> for <c>DenseAttribute</c>) and arguments.</summary>
internal sealed record AttributeSpec(string Name, EquatableArray<ArgumentSpec> Arguments, LocationInfo? Location, bool HasErrors)
{
    public ArgumentSpec? Positional(int position)
    {
        foreach (ArgumentSpec argument in Arguments)
        {
            if (argument.Name is null && argument.Position == position)
            {
                return argument;
            }
        }

        return null;
    }

    public ArgumentSpec? Named(string name)
    {
        foreach (ArgumentSpec argument in Arguments)
        {
            if (argument.Name == name)
            {
                return argument;
            }
        }

        return null;
    }
}

/// <summary>
/// One argument: positional (<see cref="Name"/> null) or named. Numbers and enum values are kept as
/// doubles (exact for every int), arrays as <see cref="Items"/> with one location per element.
/// </summary>
internal sealed record ArgumentSpec(
    string? Name,
    int Position,
    double Number,
    bool IsArray,
    EquatableArray<double> Items,
    EquatableArray<LocationInfoItem> ItemLocations,
    LocationInfo? Location)
{
    /// <summary>The value of a string argument (a layer's <c>Name</c>); null for every other kind.</summary>
    public string? Text { get; init; }

    public int Int => (int)Number;

    public LocationInfo? ItemLocation(int index) =>
        index < ItemLocations.Count ? ItemLocations[index].Location ?? Location : Location;
}

/// <summary>Wraps a nullable location so it can sit in an <see cref="EquatableArray{T}"/>.</summary>
internal sealed record LocationInfoItem(LocationInfo? Location);
