using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Numerics;

namespace StaticNet.Data;

/// <summary>
/// The contents of one IDX file of unsigned bytes: its dimensions (outermost first, so
/// <c>[count, rows, columns]</c> for images and <c>[count]</c> for labels) and its values in row-major order.
/// </summary>
/// <param name="Path">The file the data came from, for messages.</param>
/// <param name="Dimensions">The size of every dimension, outermost first; each is greater than 0.</param>
/// <param name="Data">The values, exactly the product of <paramref name="Dimensions"/> of them.</param>
public sealed record IdxData(string Path, IReadOnlyList<int> Dimensions, byte[] Data)
{
    /// <summary>The size of the outermost dimension: the number of items (images or labels).</summary>
    public int Count => Dimensions[0];
}

/// <summary>
/// The contents of one IDX file of any element type, converted to <typeparamref name="T"/>: its dimensions
/// (outermost first) and its values in row-major order.
/// </summary>
/// <typeparam name="T">The type the values were converted to.</typeparam>
/// <param name="Path">The file the data came from, for messages.</param>
/// <param name="ElementType">The file's IDX type code, e.g. <see cref="IdxReader.SingleType"/>.</param>
/// <param name="Dimensions">The size of every dimension, outermost first; each is greater than 0.</param>
/// <param name="Data">The values, exactly the product of <paramref name="Dimensions"/> of them.</param>
public sealed record IdxArray<T>(string Path, byte ElementType, IReadOnlyList<int> Dimensions, T[] Data)
{
    /// <summary>The size of the outermost dimension: the number of items.</summary>
    public int Count => Dimensions[0];
}

/// <summary>
/// Reads IDX files (the format of MNIST and Fashion-MNIST): a magic number <c>00 00 type rank</c>, one
/// big-endian 32-bit size per dimension, then the values, big-endian. Files may be gzipped (recognized by the
/// <c>1f 8b</c> header, not by the name) or raw. <see cref="Read"/> takes unsigned bytes (what image and label
/// files hold); <see cref="Load{T}"/> takes every IDX element type: unsigned and signed bytes, 16- and 32-bit
/// integers, 32- and 64-bit floats.
/// </summary>
/// <remarks>
/// The header is read first and fixes how many bytes must follow; exactly that many are read and the file must
/// end there. A gzipped file is decompressed as a stream, never further than the header declares (plus a little
/// to report trailing data), so a small file that would expand to gigabytes fails fast in bounded memory; and a
/// header declaring more data than the compressed size could expand to (deflate expands at most 1032-fold) is
/// rejected before anything is allocated.
/// </remarks>
public static class IdxReader
{
    /// <summary>The IDX type code of unsigned bytes.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>The IDX type code of signed bytes.</summary>
    public const byte SignedByteType = 0x09;

    /// <summary>The IDX type code of big-endian 16-bit integers.</summary>
    public const byte Int16Type = 0x0B;

    /// <summary>The IDX type code of big-endian 32-bit integers.</summary>
    public const byte Int32Type = 0x0C;

    /// <summary>The IDX type code of big-endian 32-bit floats.</summary>
    public const byte SingleType = 0x0D;

    /// <summary>The IDX type code of big-endian 64-bit floats.</summary>
    public const byte DoubleType = 0x0E;

    /// <summary>The largest number of values accepted: they must fit in one array.</summary>
    private const long MaxPayload = int.MaxValue - 64;

    /// <summary>The most bytes deflate can expand one compressed byte to.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>How far past the declared end a gzipped file is read to say how much trailing data it has.</summary>
    private const long TrailingProbe = 1 << 16;

    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="expectedRank"/> dimensions.</summary>
    /// <param name="path">The file, gzipped or raw.</param>
    /// <param name="expectedRank">The number of dimensions the file must have: 3 for images, 1 for labels.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a complete IDX file of unsigned bytes of that rank; the message names the file and
    /// states what was expected and what was found.
    /// </exception>
    public static IdxData Read(string path, int expectedRank)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckRank(expectedRank, allowAny: false);
        using FileStream file = File.OpenRead(path);
        return ReadBytes(file, path, expectedRank);
    }

    /// <summary>Parses the bytes of an IDX file of unsigned bytes (gzipped or raw) that came from <paramref name="name"/>.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The file's name or path, used in error messages.</param>
    /// <param name="expectedRank">The number of dimensions the file must have.</param>
    /// <exception cref="InvalidDataException">The bytes are not a complete IDX file of unsigned bytes of that rank.</exception>
    public static IdxData Parse(byte[] bytes, string name, int expectedRank)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(name);
        CheckRank(expectedRank, allowAny: false);
        using var stream = new MemoryStream(bytes, writable: false);
        return ReadBytes(stream, name, expectedRank);
    }

    /// <summary>
    /// Reads an IDX file of any element type and converts its values to <typeparamref name="T"/>. Integer files
    /// convert to any numeric type that holds their values; float files convert to an integer type only when every
    /// value is a whole number in range.
    /// </summary>
    /// <typeparam name="T">The type to convert to, e.g. <see cref="float"/>, <see cref="double"/> or <see cref="int"/>.</typeparam>
    /// <param name="path">The file, gzipped or raw.</param>
    /// <param name="expectedRank">The number of dimensions the file must have, or 0 for any.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a complete IDX file (of that rank), or a value does not fit <typeparamref name="T"/>; the
    /// message names the file and, for a value, its position.
    /// </exception>
    public static IdxArray<T> Load<T>(string path, int expectedRank = 0) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckRank(expectedRank, allowAny: true);
        using FileStream file = File.OpenRead(path);
        return ReadArray<T>(file, path, expectedRank);
    }

    /// <summary>Parses the bytes of an IDX file of any element type (gzipped or raw), like <see cref="Load{T}"/>.</summary>
    /// <typeparam name="T">The type to convert to.</typeparam>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The file's name or path, used in error messages.</param>
    /// <param name="expectedRank">The number of dimensions the file must have, or 0 for any.</param>
    /// <exception cref="InvalidDataException">The bytes are not a complete IDX file (of that rank), or a value does not fit.</exception>
    public static IdxArray<T> Parse<T>(byte[] bytes, string name, int expectedRank = 0) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(name);
        CheckRank(expectedRank, allowAny: true);
        using var stream = new MemoryStream(bytes, writable: false);
        return ReadArray<T>(stream, name, expectedRank);
    }

    /// <summary>
    /// Loads a labelled data set from an IDX file of samples (any element type, shaped <c>[N, …]</c>) and an IDX
    /// file of labels (an integer type, or whole-number floats, shaped <c>[N]</c>).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="inputsPath">The samples file, gzipped or raw.</param>
    /// <param name="labelsPath">The labels file, gzipped or raw.</param>
    /// <param name="classCount">The number of classes, or 0 to take the largest label + 1.</param>
    /// <param name="scale">Every input value is multiplied by it, e.g. <c>1.0 / 255</c> for byte pixels.</param>
    /// <param name="sampleShape">
    /// One sample's shape, e.g. <c>[1, 28, 28]</c> to give 28×28 images a channel; null takes the file's dimensions
    /// after the first (<c>[28, 28]</c>). It must hold the same number of values.
    /// </param>
    /// <exception cref="InvalidDataException">A file is damaged, the counts differ, a value is not finite or a label is out of range.</exception>
    /// <exception cref="ArgumentException">The sample shape does not fit the samples.</exception>
    public static Dataset<T> LoadLabelled<T>(string inputsPath, string labelsPath, int classCount = 0, double scale = 1, int[]? sampleShape = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        IdxArray<T> inputs = Load<T>(inputsPath);
        IdxArray<int> labels = Load<int>(labelsPath);
        return ArrayDatasets.Labelled(inputsPath, inputs.Data, inputs.Dimensions, labelsPath, labels.Data, labels.Dimensions, classCount, scale, sampleShape);
    }

    /// <summary>Whether <paramref name="bytes"/> start with the gzip header <c>1f 8b</c>.</summary>
    /// <param name="bytes">The start of a file.</param>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    private static IdxData ReadBytes(Stream stream, string name, int expectedRank)
    {
        using var source = new Source(stream, name);
        Header header = ReadHeader(source, expectedRank, UnsignedByteType);
        var data = new byte[header.Count];
        long found = source.Fill(data);
        CheckEnd(source, header, found);
        return new IdxData(name, header.Dimensions, data);
    }

    private static IdxArray<T> ReadArray<T>(Stream stream, string name, int expectedRank) where T : unmanaged, INumber<T>
    {
        using var source = new Source(stream, name);
        Header header = ReadHeader(source, expectedRank, requiredType: null);
        var data = new T[header.Count];
        long found = BinaryElements.Read(
            source.Fill,
            header.Element,
            data,
            (index, problem) => Invalid(name, $"the value at {BinaryElements.FormatIndex(index, header.Dimensions)} {problem}"));
        CheckEnd(source, header, found);
        return new IdxArray<T>(name, header.Type, header.Dimensions, data);
    }

    private static Header ReadHeader(Source source, int expectedRank, byte? requiredType)
    {
        const int MagicLength = 4;
        Span<byte> magic = stackalloc byte[MagicLength];
        int got = source.Fill(magic);
        if (got < MagicLength)
        {
            string type = requiredType is { } required ? $"{required:X2}" : "type";
            string rankCode = expectedRank > 0 ? $"{expectedRank:X2}" : "rank";
            throw Invalid(source.Name, $"expected a 4-byte IDX magic number (00 00 {type} {rankCode}), found only {got} byte(s)");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw Invalid(source.Name, $"expected the IDX magic number to start with 00 00, found {magic[0]:X2} {magic[1]:X2} (not an IDX file)");
        }

        byte typeCode = magic[2];
        if (requiredType is { } requiredCode && typeCode != requiredCode)
        {
            throw Invalid(source.Name, $"expected element type 0x{requiredCode:X2} ({TypeName(requiredCode)}), found 0x{typeCode:X2} ({TypeName(typeCode)})");
        }

        if (ElementOf(typeCode) is not { } element)
        {
            throw Invalid(source.Name, $"expected an IDX element type (0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E), found 0x{typeCode:X2} (not an IDX type)");
        }

        int rank = magic[3];
        if (expectedRank > 0 && rank != expectedRank)
        {
            throw Invalid(source.Name, $"expected {expectedRank} dimension(s), found {rank}");
        }

        if (rank == 0)
        {
            throw Invalid(source.Name, "expected at least 1 dimension, found 0");
        }

        int headerLength = MagicLength + (4 * rank);
        Span<byte> sizes = stackalloc byte[4 * rank];
        got = source.Fill(sizes);
        if (got < sizes.Length)
        {
            throw Invalid(source.Name, $"expected a {headerLength}-byte header (magic number and {rank} dimension size(s)), found only {MagicLength + got} byte(s)");
        }

        var dimensions = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(sizes.Slice(4 * d, 4));
            if (size == 0 || size > int.MaxValue)
            {
                throw Invalid(source.Name, $"expected dimension {d} to have a size between 1 and {int.MaxValue}, found {size}");
            }

            dimensions[d] = (int)size;
            count *= size;
            if (count > MaxPayload)
            {
                throw Invalid(source.Name, $"expected at most {MaxPayload} values, but the dimensions [{string.Join(", ", dimensions[..(d + 1)])}] already describe {count}");
            }
        }

        var header = new Header(typeCode, element, dimensions, (int)count, headerLength);
        long payload = header.PayloadBytes;
        if (!source.IsGzip)
        {
            // A raw file's length is known: a wrong one fails here, before anything is allocated.
            long found = source.Length - headerLength;
            if (found != payload)
            {
                throw WrongLength(source.Name, header, found, found < payload ? "the file is truncated" : "the file has trailing data");
            }
        }
        else if (headerLength + payload > (source.Length + 64) * MaxDeflateRatio)
        {
            throw Invalid(
                source.Name,
                $"the header declares {payload} bytes of values ({header.Shape}), but a gzip file of {source.Length} bytes expands to at most "
                + $"{(source.Length + 64) * MaxDeflateRatio} bytes (deflate expands at most {MaxDeflateRatio}-fold): the file is truncated or its header is wrong");
        }

        return header;
    }

    /// <summary>Checks that exactly the declared values were read and nothing follows them.</summary>
    private static void CheckEnd(Source source, Header header, long found)
    {
        long payload = header.PayloadBytes;
        if (found < payload)
        {
            throw WrongLength(source.Name, header, found, "the file is truncated");
        }

        long extra = BinaryElements.CountRemaining(source.Fill, TrailingProbe + 1);
        if (extra > TrailingProbe)
        {
            throw Invalid(source.Name, $"expected {payload} bytes of values after the header ({header.Shape}), found more than {payload + TrailingProbe}: the file has trailing data");
        }

        if (extra > 0)
        {
            throw WrongLength(source.Name, header, payload + extra, "the file has trailing data");
        }
    }

    private static InvalidDataException WrongLength(string name, Header header, long found, string what) =>
        Invalid(name, $"expected {header.PayloadBytes} bytes of values after the header ({header.Shape}), found {found}: {what}");

    private static void CheckRank(int expectedRank, bool allowAny)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedRank, allowAny ? 0 : 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedRank, 255);
    }

    private static ElementType? ElementOf(byte type) => type switch
    {
        UnsignedByteType => new ElementType(ElementKind.Unsigned, 1, BigEndian: true),
        SignedByteType => new ElementType(ElementKind.Signed, 1, BigEndian: true),
        Int16Type => new ElementType(ElementKind.Signed, 2, BigEndian: true),
        Int32Type => new ElementType(ElementKind.Signed, 4, BigEndian: true),
        SingleType => new ElementType(ElementKind.Float, 4, BigEndian: true),
        DoubleType => new ElementType(ElementKind.Float, 8, BigEndian: true),
        _ => null,
    };

    private static InvalidDataException Invalid(string name, string problem) => new($"IDX file '{name}': {problem}.");

    private static string TypeName(byte type) => type switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "not an IDX type",
    };

    /// <summary>What an IDX header declares.</summary>
    private sealed record Header(byte Type, ElementType Element, int[] Dimensions, int Count, int Length)
    {
        public long PayloadBytes => (long)Count * Element.Size;

        public string Shape => Element.Size == 1
            ? string.Join(" × ", Dimensions)
            : $"{string.Join(" × ", Dimensions)} values of {Element.Size} bytes";
    }

    /// <summary>An IDX file's bytes, decompressed on the fly when gzipped; read errors of the gzip stream name the file.</summary>
    private sealed class Source : IDisposable
    {
        private readonly Stream stream;
        private readonly GZipStream? gzip;

        public Source(Stream file, string name)
        {
            Name = name;
            Length = file.Length;
            Span<byte> start = stackalloc byte[2];
            int got = BinaryElements.Fill(file, start);
            file.Position = 0;
            if (IsGzip(start[..got]))
            {
                gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            }

            stream = gzip ?? file;
        }

        public string Name { get; }

        /// <summary>The length of the file as stored (compressed when gzipped).</summary>
        public long Length { get; }

        public bool IsGzip => gzip is not null;

        public int Fill(Memory<byte> buffer) => Fill(buffer.Span);

        public int Fill(Span<byte> buffer)
        {
            if (gzip is null)
            {
                return BinaryElements.Fill(stream, buffer);
            }

            try
            {
                return BinaryElements.Fill(gzip, buffer);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
            {
                throw new InvalidDataException($"IDX file '{Name}': expected a complete gzip stream (the file starts with the gzip header 1f 8b), found a damaged or truncated one: {e.Message}", e);
            }
        }

        public void Dispose() => gzip?.Dispose();
    }
}
