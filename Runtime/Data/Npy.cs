using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;

namespace StaticNet.Data;

/// <summary>The contents of one NumPy <c>.npy</c> file, converted to <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The type the values were converted to.</typeparam>
/// <param name="Path">The file the data came from, for messages.</param>
/// <param name="DataType">The file's dtype as NumPy writes it, e.g. <c>&lt;f4</c> or <c>|u1</c>.</param>
/// <param name="Shape">The size of every dimension, outermost first; empty for a scalar.</param>
/// <param name="Data">The values in C (row-major) order, exactly the product of <paramref name="Shape"/> of them.</param>
public sealed record NpyArray<T>(string Path, string DataType, IReadOnlyList<int> Shape, T[] Data)
{
    /// <summary>The size of the outermost dimension (the number of samples); 1 for a scalar.</summary>
    public int Count => Shape.Count == 0 ? 1 : Shape[0];
}

/// <summary>
/// Reads NumPy <c>.npy</c> files (what <c>numpy.save</c> writes), format versions 1.0, 2.0 and 3.0: a magic string,
/// a header giving the dtype, the order and the shape, then the values. Numeric dtypes of either byte order are
/// read: booleans (<c>|b1</c>), unsigned and signed integers of 1, 2, 4 and 8 bytes (<c>|u1</c>, <c>&lt;i8</c>, …) and
/// floats of 2, 4 and 8 bytes (<c>&lt;f4</c>, <c>&gt;f8</c>, …). Arrays must be in C order; Fortran order, strings,
/// complex numbers, objects and structured dtypes are rejected with a message naming the file.
/// </summary>
public static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The longest header accepted (NumPy's own limit for reading is 10,000 bytes).</summary>
    private const int MaxHeaderLength = 1 << 20;

    /// <summary>
    /// Reads a <c>.npy</c> file and converts its values to <typeparamref name="T"/>. Integer data converts to any
    /// numeric type that holds its values; float data converts to an integer type only when every value is a whole
    /// number in range.
    /// </summary>
    /// <typeparam name="T">The type to convert to, e.g. <see cref="float"/>, <see cref="double"/> or <see cref="int"/>.</typeparam>
    /// <param name="path">The file.</param>
    /// <returns>The values and the shape.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a complete <c>.npy</c> file of a supported dtype in C order, or a value does not fit
    /// <typeparamref name="T"/>; the message names the file and, for a value, its position.
    /// </exception>
    public static NpyArray<T> Load<T>(string path) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream file = File.OpenRead(path);
        return Read<T>(file, path);
    }

    /// <summary>
    /// Loads a labelled data set from a <c>.npy</c> file of samples (any supported dtype, shaped <c>[N, …]</c>) and a
    /// <c>.npy</c> file of labels (integers, or whole-number floats, shaped <c>[N]</c> or <c>[N, 1]</c>).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="inputsPath">The samples file.</param>
    /// <param name="labelsPath">The labels file.</param>
    /// <param name="classCount">The number of classes, or 0 to take the largest label + 1.</param>
    /// <param name="scale">Every input value is multiplied by it, e.g. <c>1.0 / 255</c> for byte pixels.</param>
    /// <param name="sampleShape">
    /// One sample's shape, e.g. <c>[1, 28, 28]</c> to give 28×28 images a channel; null takes the array's shape
    /// after the first dimension (<c>[1]</c> for a one-dimensional array). It must hold the same number of values.
    /// </param>
    /// <exception cref="InvalidDataException">A file is damaged, the counts differ, a value is not finite or a label is out of range.</exception>
    /// <exception cref="ArgumentException">The sample shape does not fit the samples.</exception>
    public static Dataset<T> LoadLabelled<T>(string inputsPath, string labelsPath, int classCount = 0, double scale = 1, int[]? sampleShape = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NpyArray<T> inputs = Load<T>(inputsPath);
        NpyArray<int> labels = Load<int>(labelsPath);
        return ArrayDatasets.Labelled(inputsPath, inputs.Data, inputs.Shape, labelsPath, labels.Data, labels.Shape, classCount, scale, sampleShape);
    }

    /// <summary>
    /// Loads a data set of target vectors (regression) from a <c>.npy</c> file of samples shaped <c>[N, …]</c> and a
    /// <c>.npy</c> file of targets shaped <c>[N, …]</c> (<c>[N]</c> is one value per sample).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="inputsPath">The samples file.</param>
    /// <param name="targetsPath">The targets file.</param>
    /// <param name="scale">Every input value (not target) is multiplied by it.</param>
    /// <param name="sampleShape">One sample's shape, or null for the array's shape after the first dimension.</param>
    /// <exception cref="InvalidDataException">A file is damaged, the counts differ or a value is not finite.</exception>
    /// <exception cref="ArgumentException">The sample shape does not fit the samples.</exception>
    public static Dataset<T> LoadWithTargets<T>(string inputsPath, string targetsPath, double scale = 1, int[]? sampleShape = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NpyArray<T> inputs = Load<T>(inputsPath);
        NpyArray<T> targets = Load<T>(targetsPath);
        return ArrayDatasets.WithTargets(inputsPath, inputs.Data, inputs.Shape, targetsPath, targets.Data, targets.Shape, scale, sampleShape);
    }

    private static NpyArray<T> Read<T>(Stream file, string path) where T : unmanaged, INumber<T>
    {
        Span<byte> prelude = stackalloc byte[12];
        int got = BinaryElements.Fill(file, prelude[..10]);
        if (got >= 4 && prelude[0] == (byte)'P' && prelude[1] == (byte)'K' && prelude[2] == 3 && prelude[3] == 4)
        {
            throw Invalid(path, "expected a .npy file, found a zip archive (an .npz file of several arrays); extract it (each member is a .npy file) or save the arrays one by one with numpy.save");
        }

        if (got < 10 || !prelude[..6].SequenceEqual(Magic))
        {
            throw Invalid(path, $"expected the .npy magic string \\x93NUMPY, found {(got == 0 ? "an empty file" : string.Join(" ", prelude[..Math.Min(got, 6)].ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture))))} (not a .npy file)");
        }

        byte major = prelude[6], minor = prelude[7];
        int headerLength;
        if (major == 1 && minor == 0)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prelude[8..10]);
        }
        else if ((major == 2 || major == 3) && minor == 0)
        {
            if (BinaryElements.Fill(file, prelude[10..12]) < 2)
            {
                throw Invalid(path, "expected a 4-byte header length, found the end of the file");
            }

            uint length = BinaryPrimitives.ReadUInt32LittleEndian(prelude[8..12]);
            if (length > MaxHeaderLength)
            {
                throw Invalid(path, $"expected a header of at most {MaxHeaderLength} bytes, found one of {length}");
            }

            headerLength = (int)length;
        }
        else
        {
            throw Invalid(path, $"expected format version 1.0, 2.0 or 3.0, found {major}.{minor}");
        }

        var headerBytes = new byte[headerLength];
        if (BinaryElements.Fill(file, headerBytes) < headerLength)
        {
            throw Invalid(path, $"expected a {headerLength}-byte header, found the end of the file first");
        }

        Encoding encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        string header = encoding.GetString(headerBytes);
        (string descr, ElementType element, int[] shape) = ParseHeader(path, header);

        long count = BinaryElements.Product(shape, Array.MaxLength);
        if (count < 0)
        {
            throw Invalid(path, $"the shape ({string.Join(", ", shape)}) holds more than {Array.MaxLength} values, more than one array can");
        }

        long payload = count * element.Size;
        long found = file.Length - file.Position;
        if (found != payload)
        {
            string what = found < payload ? "the file is truncated" : "the file has trailing data";
            throw Invalid(path, $"expected {payload} bytes of values after the header (shape ({string.Join(", ", shape)}) of '{descr}'), found {found}: {what}");
        }

        var data = new T[count];
        BinaryElements.Read(
            memory => BinaryElements.Fill(file, memory.Span),
            element,
            data,
            (index, problem) => Invalid(path, $"the value at {BinaryElements.FormatIndex(index, shape)} {problem}"));
        return new NpyArray<T>(path, descr, shape, data);
    }

    /// <summary>Reads the header, a Python dict literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.</summary>
    private static (string Descr, ElementType Element, int[] Shape) ParseHeader(string path, string header)
    {
        Dictionary<string, object> entries;
        try
        {
            entries = new HeaderParser(header).Parse();
        }
        catch (FormatException e)
        {
            throw Invalid(path, $"expected a header like {{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, found {Quote(header)}: {e.Message}");
        }

        foreach (string key in new[] { "descr", "fortran_order", "shape" })
        {
            if (!entries.ContainsKey(key))
            {
                throw Invalid(path, $"expected the header to have the key '{key}', found {Quote(header)}");
            }
        }

        if (entries["descr"] is not string descr)
        {
            throw Invalid(path, "expected a simple numeric dtype, found a structured dtype (a record of named fields), which is not supported; save each field as its own array");
        }

        if (entries["fortran_order"] is not bool fortran)
        {
            throw Invalid(path, $"expected 'fortran_order' to be True or False, found {Quote(header)}");
        }

        if (fortran)
        {
            throw Invalid(path, "expected C (row-major) order, found Fortran (column-major) order, which is not supported; save the array in C order: numpy.save(path, numpy.ascontiguousarray(a))");
        }

        if (entries["shape"] is not List<object> sizes || sizes.Any(size => size is not long))
        {
            throw Invalid(path, $"expected 'shape' to be a tuple of whole numbers, found {Quote(header)}");
        }

        var shape = new int[sizes.Count];
        for (int d = 0; d < shape.Length; d++)
        {
            long size = (long)sizes[d];
            if (size < 0 || size > int.MaxValue)
            {
                throw Invalid(path, $"expected dimension {d} to have a size between 0 and {int.MaxValue}, found {size}");
            }

            shape[d] = (int)size;
        }

        return (descr, ParseDescr(path, descr), shape);
    }

    /// <summary>Reads a dtype string: a byte order (<c>&lt; &gt; | =</c>), a kind letter and a size in bytes.</summary>
    private static ElementType ParseDescr(string path, string descr)
    {
        const string Supported = "supported: |b1, |u1, |i1, and <u2, <i2, <u4, <i4, <u8, <i8, <f2, <f4, <f8 in either byte order (< or >)";
        int at = 0;
        char order = '=';
        if (descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=')
        {
            order = descr[0];
            at = 1;
        }

        if (descr.Length < at + 2 || !int.TryParse(descr.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
        {
            throw Invalid(path, $"expected a numeric dtype, found '{descr}' ({Supported})");
        }

        char kind = descr[at];
        ElementKind? element = kind switch
        {
            'b' when size == 1 => ElementKind.Boolean,
            'u' when size is 1 or 2 or 4 or 8 => ElementKind.Unsigned,
            'i' when size is 1 or 2 or 4 or 8 => ElementKind.Signed,
            'f' when size is 2 or 4 or 8 => ElementKind.Float,
            _ => null,
        };
        if (element is null)
        {
            string what = kind switch
            {
                'c' => "complex numbers",
                'U' or 'S' or 'a' => "strings",
                'O' => "Python objects",
                'M' or 'm' => "dates or time spans",
                'V' => "raw bytes (void)",
                'f' => $"{8 * size}-bit floats",
                _ => "an unsupported type",
            };
            throw Invalid(path, $"expected a numeric dtype, found '{descr}' ({what}), which is not supported ({Supported})");
        }

        if (order == '|' && size != 1)
        {
            throw Invalid(path, $"expected the byte order of the {size}-byte dtype '{descr}' to be < or >, found |");
        }

        bool bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        return new ElementType(element.Value, size, bigEndian);
    }

    private static string Quote(string header) => "\"" + header.TrimEnd() + "\"";

    private static InvalidDataException Invalid(string path, string problem) => new($"NumPy file '{path}': {problem}.");

    /// <summary>Parses the Python literals of a .npy header: a dict of strings, booleans, integers and tuples or lists of them.</summary>
    private sealed class HeaderParser(string text)
    {
        private int position;

        public Dictionary<string, object> Parse()
        {
            SkipSpace();
            if (Value() is not Dictionary<string, object> entries)
            {
                throw new FormatException("the header is not a dict");
            }

            SkipSpace();
            if (position != text.Length)
            {
                throw new FormatException($"unexpected '{text[position]}' after the dict");
            }

            return entries;
        }

        private object Value()
        {
            SkipSpace();
            if (position >= text.Length)
            {
                throw new FormatException("the header ends too soon");
            }

            char c = text[position];
            switch (c)
            {
                case '{':
                    position++;
                    var entries = new Dictionary<string, object>(StringComparer.Ordinal);
                    while (!Closes('}'))
                    {
                        if (Value() is not string key)
                        {
                            throw new FormatException("a key is not a string");
                        }

                        SkipSpace();
                        Expect(':');
                        entries[key] = Value();
                        Separator('}');
                    }

                    return entries;
                case '(' or '[':
                    char close = c == '(' ? ')' : ']';
                    position++;
                    var items = new List<object>();
                    while (!Closes(close))
                    {
                        items.Add(Value());
                        Separator(close);
                    }

                    return c == '(' ? items : new ListMarker(items);
                case '\'' or '"':
                    position++;
                    int start = position;
                    while (position < text.Length && text[position] != c)
                    {
                        position++;
                    }

                    if (position >= text.Length)
                    {
                        throw new FormatException("a string is never closed");
                    }

                    return text[start..position++];
                default:
                    int from = position;
                    while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '-' or '+' or '_'))
                    {
                        position++;
                    }

                    string word = text[from..position];
                    if (word == "True" || word == "False")
                    {
                        return word == "True";
                    }

                    // Python 2 wrote long integers with an L suffix.
                    string digits = word.EndsWith('L') ? word[..^1] : word;
                    if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
                    {
                        return number;
                    }

                    throw new FormatException($"unexpected '{(word.Length > 0 ? word : c.ToString())}'");
            }
        }

        private bool Closes(char close)
        {
            SkipSpace();
            if (position < text.Length && text[position] == close)
            {
                position++;
                return true;
            }

            return false;
        }

        private void Separator(char close)
        {
            SkipSpace();
            if (position < text.Length && text[position] == ',')
            {
                position++;
            }
            else if (position >= text.Length || text[position] != close)
            {
                throw new FormatException($"expected ',' or '{close}'");
            }
        }

        private void Expect(char c)
        {
            if (position >= text.Length || text[position] != c)
            {
                throw new FormatException($"expected '{c}'");
            }

            position++;
        }

        private void SkipSpace()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }
    }

    /// <summary>A Python list in the header: a structured dtype's fields; never a valid shape or descr.</summary>
    private sealed record ListMarker(List<object> Items);
}
