using System;
using Microsoft.CodeAnalysis.Text;

namespace StaticNet.Generator.Tests.Infrastructure;

/// <summary>
/// Source text with the expected diagnostic span marked as <c>[|…|]</c>, the convention of Roslyn's own
/// analyzer tests. The markers are removed before the text is compiled.
/// </summary>
internal sealed record MarkedSource(string Source, TextSpan Span)
{
    private const string Open = "[|";
    private const string Close = "|]";

    public static MarkedSource Parse(string marked)
    {
        int start = marked.IndexOf(Open, StringComparison.Ordinal);
        int end = marked.IndexOf(Close, StringComparison.Ordinal);
        if (start < 0 || end < start || marked.IndexOf(Open, start + Open.Length, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("Mark exactly one span with [| and |].", nameof(marked));
        }

        string source = marked.Remove(end, Close.Length).Remove(start, Open.Length);
        return new MarkedSource(source, TextSpan.FromBounds(start, end - Open.Length));
    }

    /// <summary>The marked text, for readable failure messages.</summary>
    public string SpanText => Source.Substring(Span.Start, Span.Length);
}
