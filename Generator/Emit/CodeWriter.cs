using System;
using System.Text;

namespace StaticNet.Generator.Emit;

/// <summary>A small indented text writer: the generated code is built line by line, deterministically.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
            _text.Append(line);
        }

        _text.Append('\n');
        return this;
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
