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
}
