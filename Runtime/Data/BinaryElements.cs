using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Numerics;

namespace StaticNet.Data;

/// <summary>The kinds of number a binary array file can hold.</summary>
internal enum ElementKind
{
    /// <summary>0 or 1 in one byte.</summary>
    Boolean,

    /// <summary>An unsigned integer.</summary>
    Unsigned,

    /// <summary>A two's-complement signed integer.</summary>
    Signed,

    /// <summary>An IEEE 754 binary floating-point number.</summary>
    Float,
}

/// <summary>One element type of a binary array file: its kind, its size in bytes and its byte order.</summary>
internal readonly record struct ElementType(ElementKind Kind, int Size, bool BigEndian)
{
    /// <summary>A name for messages, e.g. "32-bit float, big-endian".</summary>
    public string Describe()
    {
        string kind = Kind switch
        {
            ElementKind.Boolean => "boolean",
            ElementKind.Unsigned => Size == 1 ? "unsigned byte" : $"{8 * Size}-bit unsigned integer",
            ElementKind.Signed => Size == 1 ? "signed byte" : $"{8 * Size}-bit integer",
            _ => $"{8 * Size}-bit float",
        };
        return Size == 1 ? kind : kind + (BigEndian ? ", big-endian" : ", little-endian");
    }
}

/// <summary>
/// Reads the values of binary array files (IDX, NumPy) from a stream a chunk at a time and converts them to the
/// requested type, so memory holds the result and one small buffer, never the whole file twice.
/// </summary>
internal static class BinaryElements
{
    /// <summary>Bytes read per chunk; a multiple of every element size.</summary>
    private const int ChunkSize = 1 << 16;

    /// <summary>
    /// Reads <c>destination.Length</c> elements of <paramref name="type"/> from <paramref name="read"/> and converts
    /// each to <typeparamref name="T"/>.
    /// </summary>
    /// <param name="read">Fills a span as far as the data allows and returns how many bytes it filled.</param>
    /// <param name="type">The stored element type.</param>
    /// <param name="destination">Receives the converted values.</param>
    /// <param name="invalidElement">Makes the exception for an element that does not convert (flat index, problem).</param>
    /// <returns>The bytes read: <c>destination.Length × type.Size</c>, or fewer when the data ends early.</returns>
    public static long Read<T>(Func<Memory<byte>, int> read, ElementType type, T[] destination, Func<long, string, Exception> invalidElement)
        where T : unmanaged, INumber<T>
    {
        long expected = (long)destination.Length * type.Size;
        var chunk = new byte[(int)Math.Min(ChunkSize, Math.Max(expected, 1))];
        long total = 0;
        long element = 0;
        while (total < expected)
        {
            int want = (int)Math.Min(chunk.Length, expected - total);
            int got = read(chunk.AsMemory(0, want));
            int whole = got / type.Size;
            Decode(chunk.AsSpan(0, whole * type.Size), type, destination.AsSpan((int)element, whole), element, invalidElement);
            element += whole;
            total += got;
            if (got < want)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>Converts the whole elements in <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">Stored elements, <c>destination.Length × type.Size</c> bytes.</param>
    /// <param name="type">The stored element type.</param>
    /// <param name="destination">Receives the converted values.</param>
    /// <param name="firstIndex">The flat index of the first element, for messages.</param>
    /// <param name="invalidElement">Makes the exception for an element that does not convert (flat index, problem).</param>
    public static void Decode<T>(ReadOnlySpan<byte> source, ElementType type, Span<T> destination, long firstIndex, Func<long, string, Exception> invalidElement)
        where T : unmanaged, INumber<T>
    {
        bool integerTarget = T.IsInteger(T.CreateTruncating(0.5));
        int size = type.Size;
        int i = 0;
        try
        {
            switch (type.Kind)
            {
                case ElementKind.Boolean:
                    for (; i < destination.Length; i++)
                    {
                        destination[i] = source[i] == 0 ? T.Zero : T.One;
                    }

                    break;
                case ElementKind.Unsigned:
                    for (; i < destination.Length; i++)
                    {
                        destination[i] = T.CreateChecked(ReadUnsigned(source.Slice(i * size, size), type.BigEndian));
                    }

                    break;
                case ElementKind.Signed:
                    for (; i < destination.Length; i++)
                    {
                        destination[i] = T.CreateChecked(ReadSigned(source.Slice(i * size, size), type.BigEndian));
                    }

                    break;
                default:
                    for (; i < destination.Length; i++)
                    {
                        double value = ReadFloat(source.Slice(i * size, size), type.BigEndian);
                        if (integerTarget && !double.IsInteger(value))
                        {
                            throw invalidElement(firstIndex + i, $"is {Format(value)}, which is not a whole number, so it cannot become a {typeof(T).Name}");
                        }

                        destination[i] = T.CreateChecked(value);
                    }

                    break;
            }
        }
        catch (OverflowException)
        {
            string value = type.Kind switch
            {
                ElementKind.Unsigned => ReadUnsigned(source.Slice(i * size, size), type.BigEndian).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ElementKind.Signed => ReadSigned(source.Slice(i * size, size), type.BigEndian).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => Format(ReadFloat(source.Slice(i * size, size), type.BigEndian)),
            };
            throw invalidElement(firstIndex + i, $"is {value}, outside the range of {typeof(T).Name}");
        }
    }

    /// <summary>Reads as many bytes as the stream still has, up to <paramref name="limit"/>, and returns the count.</summary>
    public static long CountRemaining(Func<Memory<byte>, int> read, long limit)
    {
        var scratch = new byte[4096];
        long count = 0;
        while (count < limit)
        {
            int got = read(scratch.AsMemory(0, (int)Math.Min(scratch.Length, limit - count)));
            if (got == 0)
            {
                break;
            }

            count += got;
        }

        return count;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="stream"/> as far as it goes; returns the bytes read.</summary>
    public static int Fill(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);

    /// <summary>A flat index as a multi-dimensional one, e.g. <c>[2, 0, 5]</c>, outermost first.</summary>
    public static string FormatIndex(long flat, IReadOnlyList<int> shape)
    {
        if (shape.Count == 0)
        {
            return "[]";
        }

        var index = new long[shape.Count];
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }

        return "[" + string.Join(", ", index) + "]";
    }

    /// <summary>A product of sizes, or −1 when it passes <paramref name="limit"/>.</summary>
    public static long Product(IReadOnlyList<int> shape, long limit)
    {
        long product = 1;
        foreach (int size in shape)
        {
            product *= size;
            if (product > limit)
            {
                return -1;
            }
        }

        return product;
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static ulong ReadUnsigned(ReadOnlySpan<byte> bytes, bool bigEndian) => bytes.Length switch
    {
        1 => bytes[0],
        2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        _ => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes),
    };

    private static long ReadSigned(ReadOnlySpan<byte> bytes, bool bigEndian) => bytes.Length switch
    {
        1 => (sbyte)bytes[0],
        2 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes),
        4 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes),
        _ => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes),
    };

    private static double ReadFloat(ReadOnlySpan<byte> bytes, bool bigEndian) => bytes.Length switch
    {
        2 => (double)(bigEndian ? BinaryPrimitives.ReadHalfBigEndian(bytes) : BinaryPrimitives.ReadHalfLittleEndian(bytes)),
        4 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes),
        _ => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes),
    };
}
