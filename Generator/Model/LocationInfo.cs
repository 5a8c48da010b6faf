using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace StaticNet.Generator.Model;

/// <summary>A source location as plain values: pipeline models must not hold a <see cref="Location"/>.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>The location in <paramref name="compilation"/>'s tree for <see cref="FilePath"/>, or a plain file location.</summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath && Span.End <= tree.Length)
            {
                return Location.Create(tree, Span);
            }
        }

        return Location.Create(FilePath, Span, LineSpan);
    }

    public static LocationInfo? From(SyntaxNode? node)
    {
        if (node is null)
        {
            return null;
        }

        Location location = node.GetLocation();
        return location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    /// <summary>The span from the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public static LocationInfo? Between(SyntaxNode first, SyntaxNode last)
    {
        SyntaxTree? tree = first.SyntaxTree;
        if (tree is null)
        {
            return null;
        }

        TextSpan span = TextSpan.FromBounds(first.SpanStart, last.Span.End);
        return new LocationInfo(tree.FilePath, span, tree.GetLineSpan(span).Span);
    }
}
