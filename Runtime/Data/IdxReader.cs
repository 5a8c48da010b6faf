using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

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
/// Reads IDX files (the format of MNIST and Fashion-MNIST): a magic number <c>00 00 type rank</c>, one
/// big-endian 32-bit size per dimension, then the values. Files may be gzipped (recognized by the
/// <c>1f 8b</c> header, not by the name) or raw. Only unsigned-byte data (type <c>0x08</c>) is supported,
/// which is what image and label files hold.
/// </summary>
public static class IdxReader
{
    /// <summary>The IDX type code of unsigned bytes.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>The largest payload accepted: the values must fit in one array.</summary>
    private const long MaxPayload = int.MaxValue - 64;

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
        byte[] bytes = File.ReadAllBytes(path);
        return Parse(bytes, path, expectedRank);
    }

    /// <summary>Parses the bytes of an IDX file (gzipped or raw) that came from <paramref name="name"/>.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The file's name or path, used in error messages.</param>
    /// <param name="expectedRank">The number of dimensions the file must have.</param>
    /// <exception cref="InvalidDataException">The bytes are not a complete IDX file of unsigned bytes of that rank.</exception>
    public static IdxData Parse(byte[] bytes, string name, int expectedRank)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedRank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedRank, 255);

        if (IsGzip(bytes))
        {
            bytes = Decompress(bytes, name);
        }

        const int MagicLength = 4;
        if (bytes.Length < MagicLength)
        {
            throw Invalid(name, $"expected a 4-byte IDX magic number (00 00 08 {expectedRank:X2}), found only {bytes.Length} byte(s)");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw Invalid(name, $"expected the IDX magic number to start with 00 00, found {bytes[0]:X2} {bytes[1]:X2} (not an IDX file)");
        }

        if (bytes[2] != UnsignedByteType)
        {
            throw Invalid(name, $"expected element type 0x08 (unsigned byte), found 0x{bytes[2]:X2} ({TypeName(bytes[2])})");
        }

        int rank = bytes[3];
        if (rank != expectedRank)
        {
            throw Invalid(name, $"expected {expectedRank} dimension(s), found {rank}");
        }

        int headerLength = MagicLength + (4 * rank);
        if (bytes.Length < headerLength)
        {
            throw Invalid(name, $"expected a {headerLength}-byte header (magic number and {rank} dimension size(s)), found only {bytes.Length} byte(s)");
        }

        var dimensions = new int[rank];
        long payload = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(MagicLength + (4 * d), 4));
            if (size == 0 || size > int.MaxValue)
            {
                throw Invalid(name, $"expected dimension {d} to have a size between 1 and {int.MaxValue}, found {size}");
            }

            dimensions[d] = (int)size;
            payload *= size;
            if (payload > MaxPayload)
            {
                throw Invalid(name, $"expected at most {MaxPayload} values, but the dimensions [{string.Join(", ", dimensions[..(d + 1)])}] already describe {payload}");
            }
        }

        long found = bytes.Length - headerLength;
        if (found != payload)
        {
            string shape = string.Join(" × ", dimensions);
            string what = found < payload ? "the file is truncated" : "the file has trailing data";
            throw Invalid(name, $"expected {payload} bytes of values after the header ({shape}), found {found}: {what}");
        }

        byte[] data = bytes.AsSpan(headerLength).ToArray();
        return new IdxData(name, dimensions, data);
    }

    /// <summary>Whether <paramref name="bytes"/> start with the gzip header <c>1f 8b</c>.</summary>
    /// <param name="bytes">The start of a file.</param>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    private static byte[] Decompress(byte[] bytes, string name)
    {
        try
        {
            using var input = new MemoryStream(bytes, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(bytes.Length * 4);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"IDX file '{name}': expected a complete gzip stream (the file starts with the gzip header 1f 8b), found a damaged or truncated one: {e.Message}", e);
        }
    }

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
}
