using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Analysis;

/// <summary>
/// User members that the generated half of the class would clash with: a member of the same name that is not an
/// overload (the compiler's CS0102 or CS0111 inside the generated file), or an inherited one it would hide (CS0108);
/// and layers whose names make the same member (a layer named <c>Fc</c> declares <c>FcOutputLength</c>, and so does a
/// batch norm named <c>FcOutput</c>). What the generated half declares is read from the generated text itself, so the
/// check cannot drift from the emitter as layers and optimizers add members; it runs once per emitted network.
/// </summary>
internal static class MemberClashes
{
    /// <summary>
    /// SN0040 for every user member whose name a generated member takes, for layers whose names make one member twice, and
    /// for a class named like one of its generated members.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> Find(
        string generatedSource,
        string className,
        EquatableArray<MemberSignature> userMembers,
        IReadOnlyList<Layers.Layer> layers,
        LocationInfo? classLocation,
        CancellationToken cancellationToken)
    {
        var generated = new Dictionary<string, List<MemberSignature>>(System.StringComparer.Ordinal);
        string simpleName = className.Substring(className.LastIndexOf('.') + 1);
        foreach (MemberSignature member in Generated(generatedSource, simpleName, cancellationToken))
        {
            if (!generated.TryGetValue(member.Name, out List<MemberSignature>? list))
            {
                generated[member.Name] = list = new List<MemberSignature>();
            }

            list.Add(member);
        }

        var diagnostics = new DiagnosticBag();
        foreach (KeyValuePair<string, List<MemberSignature>> same in generated)
        {
            if (same.Value.Skip(1).Any(other => !IsOverload(other, same.Value[0])))
            {
                ReportLayers(same.Key, same.Value[0], layers, className, classLocation, diagnostics);
            }
        }

        // A member cannot have its class's name (CS0542): a class named Optimizer or Loss clashes with the generated member.
        if (generated.TryGetValue(simpleName, out List<MemberSignature>? named) && named.FirstOrDefault(g => g.Kind != "constructor") is { } sameAsClass)
        {
            diagnostics.Add(Descriptors.MemberClash, classLocation, "class", className, $"the {sameAsClass.Kind} '{sameAsClass.Display}'", className, "rename the class: a member cannot have its class's name");
        }

        foreach (MemberSignature user in userMembers)
        {
            if (!generated.TryGetValue(user.Name, out List<MemberSignature>? candidates))
            {
                continue;
            }

            MemberSignature? clash = candidates.FirstOrDefault(g => !IsOverload(user, g));
            if (clash is null)
            {
                continue;
            }

            string advice = clash.Kind == "constructor"
                ? "remove yours: the generated one initializes the weights from DefaultSeed (call Initialize(seed) for another seed)"
                : "rename yours";
            diagnostics.Add(Descriptors.MemberClash, classLocation, user.Kind, user.Display, $"the {clash.Kind} '{clash.Display}'", className, advice);
        }

        return diagnostics.ToEquatableArray();
    }

    /// <summary>
    /// SN0040 for what no <c>global::</c> can get past: an <c>AsSpan</c> extension method found before System's, or a type in the global namespace named like a namespace the generated code imports.
    /// </summary>
    public static void CheckUnqualifiable(NetworkSpec spec, DiagnosticBag diagnostics)
    {
        foreach (string name in RuntimeNames.ExtensionMethods.Where(spec.ShadowedNames.Contains))
        {
            diagnostics.Add(Descriptors.MemberClash, spec.ClassLocation, "extension method", name, $"the extension method '{name}' (System's, on arrays)", spec.DisplayName, "rename yours, or move it out of the namespaces that enclose the network: there it is found before System's");
        }

        foreach (string name in RuntimeNames.RootNamespaces.Where(spec.ShadowedNames.Contains))
        {
            diagnostics.Add(Descriptors.MemberClash, spec.ClassLocation, "type", "global::" + name, $"the namespace '{name}'", spec.DisplayName, "rename yours or move it into a namespace: in the global namespace it hides the namespace everywhere");
        }
    }

    /// <summary>
    /// Two generated members of one name: the layers whose names make it (the two longest that start it, after the
    /// Forward, Backward or _ the emitter puts before some), reported on the later one. With fewer than two, the emitter
    /// itself declared a name twice: that is StaticNet's bug, reported as one (SN0019).
    /// </summary>
    private static void ReportLayers(string name, MemberSignature member, IReadOnlyList<Layers.Layer> layers, string className, LocationInfo? classLocation, DiagnosticBag diagnostics)
    {
        static bool Makes(Layers.Layer layer, string member)
        {
            string field = char.ToLowerInvariant(layer.Name[0]) + layer.Name.Substring(1);
            return member.StartsWith(layer.Name, System.StringComparison.Ordinal)
                || member.StartsWith("_" + field, System.StringComparison.Ordinal)
                || member.StartsWith("Forward" + layer.Name, System.StringComparison.Ordinal)
                || member.StartsWith("Backward" + layer.Name, System.StringComparison.Ordinal);
        }

        var makers = layers.Where(l => l.Name.Length > 0 && Makes(l, name)).OrderByDescending(l => l.Name.Length).Take(2).OrderBy(l => l.Index).ToList();
        if (makers.Count < 2)
        {
            diagnostics.Add(Descriptors.InternalError, classLocation, className, $"the generated code declares '{name}' twice");
            return;
        }

        diagnostics.Add(
            Descriptors.MemberClash,
            makers[1].Location ?? classLocation,
            "layer",
            makers[1].Name,
            $"the layer '{makers[0].Name}' (both make a {member.Kind} '{name}')",
            className,
            "rename one of them");
    }

    /// <summary>Two methods (or constructors) overload each other when their parameter types differ; nothing else does.</summary>
    private static bool IsOverload(MemberSignature user, MemberSignature generated) =>
        user.Parameters is not null && generated.Parameters is not null && user.Kind == generated.Kind && user.Parameters != generated.Parameters;

    /// <summary>The members the generated text declares in the network class, explicit interface implementations aside.</summary>
    private static IEnumerable<MemberSignature> Generated(string source, string className, CancellationToken cancellationToken)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(source, cancellationToken: cancellationToken).GetRoot(cancellationToken);
        ClassDeclarationSyntax? network = root.DescendantNodes()
            .OfType<ClassDeclarationSyntax>()
            .OrderByDescending(c => c.Ancestors().Count())
            .FirstOrDefault();
        if (network is null)
        {
            yield break;
        }

        foreach (MemberDeclarationSyntax member in network.Members)
        {
            switch (member)
            {
                case FieldDeclarationSyntax field:
                    bool constant = field.Modifiers.Any(SyntaxKind.ConstKeyword);
                    foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                    {
                        string name = variable.Identifier.ValueText;
                        yield return new MemberSignature(name, constant ? "constant" : "field", null, name);
                    }

                    break;
                case PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property:
                    yield return new MemberSignature(property.Identifier.ValueText, "property", null, property.Identifier.ValueText);
                    break;
                case MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } method:
                    string parameters = Parameters(method.ParameterList);
                    int arity = method.TypeParameterList?.Parameters.Count ?? 0;
                    yield return new MemberSignature(method.Identifier.ValueText, "method", MemberSignature.Generic(arity) + parameters, method.Identifier.ValueText + "(" + parameters + ")");
                    break;
                case ConstructorDeclarationSyntax constructor when !constructor.Modifiers.Any(SyntaxKind.StaticKeyword):
                    string arguments = Parameters(constructor.ParameterList);
                    yield return new MemberSignature(".ctor", "constructor", arguments, className + "(" + arguments + ")");
                    break;
                case EventFieldDeclarationSyntax events:
                    foreach (VariableDeclaratorSyntax variable in events.Declaration.Variables)
                    {
                        yield return new MemberSignature(variable.Identifier.ValueText, "event", null, variable.Identifier.ValueText);
                    }

                    break;
                case BaseTypeDeclarationSyntax nested:
                    yield return new MemberSignature(nested.Identifier.ValueText, "nested type", null, nested.Identifier.ValueText);
                    break;
            }
        }
    }

    private static string Parameters(ParameterListSyntax list) =>
        string.Join(", ", list.Parameters.Select(p => (p.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword)) ? "ref " : "") + TypeText(p.Type)));

    /// <summary>A type as <see cref="MemberSignature.TypeFormat"/> writes it: no namespaces, keywords for special types.</summary>
    private static string TypeText(TypeSyntax? type) => type switch
    {
        null => "",
        QualifiedNameSyntax qualified => TypeText(qualified.Right),
        AliasQualifiedNameSyntax alias => TypeText(alias.Name),
        GenericNameSyntax generic => generic.Identifier.ValueText + "<" + string.Join(", ", generic.TypeArgumentList.Arguments.Select(TypeText)) + ">",
        ArrayTypeSyntax array => TypeText(array.ElementType) + string.Concat(array.RankSpecifiers.Select(r => r.ToString())),
        NullableTypeSyntax nullable => TypeText(nullable.ElementType) + "?",
        _ => type.ToString(),
    };
}
