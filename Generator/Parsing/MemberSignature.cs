using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Parsing;

/// <summary>
/// A member the user declared (on the network class or a base class) as plain values: enough to tell whether the
/// generated half would declare a member the compiler takes for the same one (<see cref="Analysis.MemberClashes"/>).
/// Methods and constructors carry their parameter types, so a user's overload of <c>Forward</c> is not a clash.
/// </summary>
/// <param name="Name">The member's name (<c>.ctor</c> for a constructor).</param>
/// <param name="Kind">What it is, as messages say it: method, property, field, constant, event, type, constructor.</param>
/// <param name="Parameters">For methods and constructors, the parameter types without namespaces (<c>ReadOnlySpan&lt;float&gt;, int</c>), else null.</param>
/// <param name="Display">How messages name it, such as <c>Net.Forward(int)</c> or <c>Base.InputLength</c>.</param>
internal sealed record MemberSignature(string Name, string Kind, string? Parameters, string Display)
{
    /// <summary>Parameter types written without namespaces, the form both sides of the comparison use.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>
    /// The members of <paramref name="type"/> and the members it inherits and can see (up to, not including,
    /// <see cref="object"/>), in a stable order. Compiler-made members (the implicit constructor, backing fields)
    /// and explicit interface implementations cannot clash and are left out.
    /// </summary>
    public static EquatableArray<MemberSignature> Read(Compilation compilation, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var members = new List<MemberSignature>();
        for (INamedTypeSymbol? owner = type; owner is not null && owner.SpecialType != SpecialType.System_Object; owner = owner.BaseType)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (owner.TypeKind == TypeKind.Error)
            {
                break;
            }

            bool inherited = !SymbolEqualityComparer.Default.Equals(owner, type);
            foreach (ISymbol member in owner.GetMembers())
            {
                if (member.IsImplicitlyDeclared
                    || (inherited && (member is IMethodSymbol { MethodKind: MethodKind.Constructor } || !compilation.IsSymbolAccessibleWithin(member, type)))
                    || IsExplicitImplementation(member)
                    || member is IMethodSymbol { MethodKind: not (MethodKind.Ordinary or MethodKind.Constructor) })
                {
                    continue;
                }

                members.Add(Describe(owner, member));
            }
        }

        return members
            .Distinct()
            .OrderBy(m => m.Name, System.StringComparer.Ordinal)
            .ThenBy(m => m.Display, System.StringComparer.Ordinal)
            .ToEquatableArray();
    }

    private static bool IsExplicitImplementation(ISymbol member) => member switch
    {
        IMethodSymbol method => method.ExplicitInterfaceImplementations.Length > 0,
        IPropertySymbol property => property.ExplicitInterfaceImplementations.Length > 0,
        IEventSymbol @event => @event.ExplicitInterfaceImplementations.Length > 0,
        _ => false,
    };

    private static MemberSignature Describe(INamedTypeSymbol owner, ISymbol member)
    {
        string owned = owner.Name + ".";
        switch (member)
        {
            case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                string arguments = ParameterList(constructor.Parameters);
                return new MemberSignature(".ctor", "constructor", Generic(0) + arguments, owner.Name + "(" + arguments + ")");
            case IMethodSymbol method:
                string parameters = ParameterList(method.Parameters);
                return new MemberSignature(method.Name, "method", Generic(method.Arity) + parameters, owned + method.Name + "(" + parameters + ")");
            case IPropertySymbol { IsIndexer: true } indexer:
                return new MemberSignature(indexer.Name, "indexer", null, owned + "this[" + ParameterList(indexer.Parameters) + "]");
            case IPropertySymbol property:
                return new MemberSignature(property.Name, "property", null, owned + property.Name);
            case IFieldSymbol { IsConst: true } constant:
                return new MemberSignature(constant.Name, "constant", null, owned + constant.Name);
            case IFieldSymbol field:
                return new MemberSignature(field.Name, "field", null, owned + field.Name);
            case IEventSymbol @event:
                return new MemberSignature(@event.Name, "event", null, owned + @event.Name);
            case INamedTypeSymbol nested:
                return new MemberSignature(nested.Name, "nested type", null, owned + nested.Name);
            default:
                return new MemberSignature(member.Name, "member", null, owned + member.Name);
        }
    }

    /// <summary>Generic methods overload by arity too: <c>Forward&lt;T&gt;(…)</c> is not <c>Forward(…)</c>.</summary>
    public static string Generic(int arity) => arity == 0 ? "" : "`" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";

    private static string ParameterList(IEnumerable<IParameterSymbol> parameters) =>
        string.Join(", ", parameters.Select(p => RefPrefix(p.RefKind) + p.Type.ToDisplayString(TypeFormat)));

    /// <summary>C# cannot overload on ref, out and in alone, so all of them compare as one.</summary>
    public static string RefPrefix(RefKind kind) => kind == RefKind.None ? "" : "ref ";
}
