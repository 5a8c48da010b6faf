using System.Collections.Generic;
using System.Linq;
using System.Text;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Emit;

/// <summary>
/// The name of each generated file: <c>{Namespace}.{Containing types}.{Type}.g.cs</c>. The compiler compares hint names
/// without regard to case and rejects a second file of the same name (an exception, which would stop every network's
/// code), so names that differ only in case, or that two declarations share, get a number.
/// </summary>
internal static class HintNames
{
    private const string Extension = ".g.cs";

    public static string For(NetworkSpec spec)
    {
        IEnumerable<string> parts = spec.ContainingTypes.Select(t => t.Name).Append(spec.ClassName);
        if (spec.Namespace is not null)
        {
            parts = parts.Prepend(spec.Namespace);
        }

        return Clean(string.Join(".", parts)) + Extension;
    }

    /// <summary>
    /// One name per file, unique ignoring case: in each group of names equal but for case, the first in ordinal order
    /// keeps its name and the others become <c>{name}.2.g.cs</c>, <c>{name}.3.g.cs</c>, …, so the result depends only on the set.
    /// </summary>
    public static List<(string HintName, string Source)> MakeUnique(IEnumerable<(string HintName, string Source)> files)
    {
        var taken = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        var result = new List<(string, string)>();
        var ordered = files
            .OrderBy(f => f.HintName, System.StringComparer.OrdinalIgnoreCase)
            .ThenBy(f => f.HintName, System.StringComparer.Ordinal)
            .ThenBy(f => f.Source, System.StringComparer.Ordinal)
            .ToList();
        foreach ((string hintName, string source) in ordered)
        {
            string unique = hintName;
            string stem = hintName.Substring(0, hintName.Length - Extension.Length);
            for (int n = 2; !taken.Add(unique); n++)
            {
                unique = stem + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + Extension;
            }

            result.Add((unique, source));
        }

        return result;
    }

    /// <summary>
    /// Identifier characters are all valid in a hint name but the <c>@</c> of a verbatim identifier; anything else that is
    /// not a letter, digit, mark or one of <c>. _ -</c> becomes <c>_</c>.
    /// </summary>
    private static string Clean(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (c == '@')
            {
                continue;
            }

            System.Globalization.UnicodeCategory category = char.GetUnicodeCategory(c);
            bool allowed = char.IsLetterOrDigit(c) || c is '.' or '_' or '-'
                || category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
                    or System.Globalization.UnicodeCategory.ConnectorPunctuation or System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LetterNumber;
            text.Append(allowed ? c : '_');
        }

        return text.ToString();
    }
}
