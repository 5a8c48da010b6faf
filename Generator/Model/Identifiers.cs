using Microsoft.CodeAnalysis.CSharp;

namespace StaticNet.Generator.Model;

/// <summary>Names from the user's code written back as C#: symbols hold <c>event</c> for what the user wrote as <c>@event</c>.</summary>
internal static class Identifiers
{
    /// <summary>
    /// <paramref name="name"/> as an identifier: with <c>@</c> when it is a keyword, contextual ones included
    /// (<c>@record</c>, <c>@var</c>), since <c>@</c> is always allowed and a bare contextual keyword is not everywhere.
    /// </summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>
    /// A type's name as an identifier: <see cref="Escape"/>, and <c>@</c> too when it is all lower-case ASCII letters, which
    /// the compiler warns about in a type name (CS8981) unless it is verbatim: the user's own declaration already carries
    /// that warning, and the generated half should not repeat it.
    /// </summary>
    public static string EscapeTypeName(string name) => IsLowerAscii(name) ? "@" + name : Escape(name);

    private static bool IsLowerAscii(string name)
    {
        foreach (char c in name)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return name.Length > 0;
    }
}
