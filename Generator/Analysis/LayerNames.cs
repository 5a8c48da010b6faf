using System.Collections.Generic;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Analysis;

/// <summary>
/// A layer's names: the identifier prefix of its generated members and its key in parameter files. An optional
/// <c>Name = "fc1"</c> gives both (<c>Fc1Weights</c>, <c>fc1.weight</c>); without one, layers are numbered per kind
/// (<c>Dense1</c>, <c>Dense2</c>, <c>Conv2D1</c>; keys <c>dense1</c>, …), so inserting a layer of another kind renames nothing.
/// </summary>
internal static class LayerNames
{
    /// <summary>Prefixes that would make a layer's members collide with the network's own (<c>InputLength</c>, <c>OutputLength</c>, …).</summary>
    private static readonly HashSet<string> Reserved = new(System.StringComparer.Ordinal)
    {
        "Input", "Output", "Batch", "Parameter", "Parameters", "Default", "Architecture", "Learning", "Momentum",
        "Weight", "State", "Step", "Optimizer", "Tensors", "Loss", "Forward", "Backward", "Train", "Predict",
        "Update", "Initialize", "Compute", "Gradients",
    };

    /// <returns>The member prefix and the file key; an invalid name is reported and replaced by the numbered one, a duplicate reported.</returns>
    public static (string Name, string Key) Read(AttributeSpec attribute, int ofKind, Dictionary<string, string> taken, DiagnosticBag diagnostics)
    {
        string numbered = attribute.Name + ofKind.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ArgumentSpec? argument = attribute.Named("Name");
        string? declared = argument?.Text;
        if (argument is not null && Problem(declared) is string problem)
        {
            diagnostics.Add(Descriptors.InvalidLayerName, argument.Location, declared ?? "null", problem);
            declared = null;
        }

        string name = declared is null ? numbered : char.ToUpperInvariant(declared[0]) + declared.Substring(1);
        string key = declared ?? numbered.ToLowerInvariant();
        string spelled = declared ?? numbered;
        if (taken.TryGetValue(name, out string? earlier))
        {
            string clash = earlier == spelled ? "" : $" ('{earlier}' and '{spelled}' are compared with their first letter capitalized: '{name}')";
            diagnostics.Add(Descriptors.DuplicateLayerName, argument?.Location ?? attribute.Location, numbered, spelled, clash);
        }
        else
        {
            taken.Add(name, spelled);
        }

        return (name, key);
    }

    private static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "give a name of letters, digits and underscores that starts with a letter, such as \"fc1\"";
        }

        if (!IsAsciiLetter(name![0]))
        {
            return "it must start with a letter (a-z or A-Z), as it becomes the start of the layer's generated member names";
        }

        foreach (char c in name)
        {
            if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_'))
            {
                return $"'{c}' is not allowed; use letters, digits and underscores";
            }
        }

        string prefix = char.ToUpperInvariant(name[0]) + name.Substring(1);
        return Reserved.Contains(prefix)
            ? $"'{prefix}' would make the layer's members collide with the network's own (such as {prefix}Length); choose another"
            : null;
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
