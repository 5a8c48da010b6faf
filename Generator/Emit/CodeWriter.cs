using System;
using System.Text;

namespace StaticNet.Generator.Emit;

/// <summary>A small indented text writer: the generated code is built line by line, deterministically.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Code lines longer than this are wrapped after an argument's comma.</summary>
    public const int MaxLineLength = 120;

    private readonly bool _wrap;

    /// <param name="wrap">Whether to wrap long lines; off for text that another writer will indent and wrap.</param>
    public CodeWriter(bool wrap = true) => _wrap = wrap;

    public CodeWriter Line(string line = "")
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return this;
        }

        string text = new string(' ', _depth * 4) + line;
        if (!_wrap)
        {
            _text.Append(text).Append('\n');
            return this;
        }

        string continuation = new string(' ', text.Length - text.TrimStart().Length + 4);
        bool first = true;
        foreach (string part in Wrap(text, MaxLineLength, continuation.Length))
        {
            _text.Append(first ? "" : continuation).Append(part).Append('\n');
            first = false;
        }

        return this;
    }

    /// <summary>
    /// Splits a long line of code after the commas between arguments (inside parentheses or brackets), filling each
    /// line up to <paramref name="width"/>; the continuation lines are indented once more. Comments and lines with
    /// string literals are left whole.
    /// </summary>
    private static System.Collections.Generic.IEnumerable<string> Wrap(string line, int width, int continuationIndent)
    {
        if (line.Length <= width || line.TrimStart().StartsWith("//", StringComparison.Ordinal) || line.IndexOf('"') >= 0)
        {
            yield return line;
            yield break;
        }

        // Break only between the arguments of the outermost parentheses or brackets.
        int start = 0, depth = 0, lastBreak = -1, limit = width;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 1 && i + 1 < line.Length && line[i + 1] == ' ')
            {
                if (i + 1 - start > limit && lastBreak > start)
                {
                    yield return line.Substring(start, lastBreak - start + 1);
                    start = lastBreak + 2;
                    limit = width - continuationIndent;
                }

                lastBreak = i;
            }
        }

        if (line.Length - start > limit && lastBreak > start)
        {
            yield return line.Substring(start, lastBreak - start + 1);
            start = lastBreak + 2;
        }

        yield return line.Substring(start);
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this);
    }

    /// <summary>Appends text that already ends in a newline, as it is.</summary>
    public void Raw(string text) => _text.Append(text);

    /// <summary>Appends already-indented lines, each indented once more by the current depth.</summary>
    public void Indented(string text)
    {
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            Line(line);
        }
    }

    public void Comment(string text) => Line("// " + text);

    public void Summary(string text) => Line("/// <summary>" + text + "</summary>");

    public override string ToString() => _text.ToString();

    internal readonly struct Scope : IDisposable
    {
        private readonly CodeWriter _writer;

        public Scope(CodeWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer._depth--;
            _writer.Line("}");
        }
    }
}
