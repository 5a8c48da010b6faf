using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace StaticNet.Runtime.Tests.Data;

/// <summary>Writes IDX files, well-formed or deliberately broken, into a temporary folder deleted on dispose.</summary>
internal sealed class IdxTestFiles : IDisposable
{
    public IdxTestFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "staticnet-idx-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>The bytes of an IDX file: 00 00 type rank, big-endian sizes, payload.</summary>
    public static byte[] Bytes(byte type, int[] dimensions, byte[] payload)
    {
        var bytes = new byte[4 + (4 * dimensions.Length) + payload.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * d)), dimensions[d]);
        }

        payload.CopyTo(bytes, 4 + (4 * dimensions.Length));
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes <paramref name="count"/> images of rows × columns, pixel = (image + row + column) mod 256.</summary>
    public string WriteImages(string name, int count, int rows, int columns, bool gzip)
    {
        var payload = new byte[count * rows * columns];
        for (int i = 0; i < count; i++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    payload[(((i * rows) + r) * columns) + c] = (byte)((i + r + c) % 256);
                }
            }
        }

        byte[] bytes = Bytes(0x08, [count, rows, columns], payload);
        return Write(name, gzip ? Gzip(bytes) : bytes);
    }

    /// <summary>Writes <paramref name="count"/> labels, label i = i mod 10.</summary>
    public string WriteLabels(string name, int count, bool gzip)
    {
        var payload = new byte[count];
        for (int i = 0; i < count; i++)
        {
            payload[i] = (byte)(i % 10);
        }

        byte[] bytes = Bytes(0x08, [count], payload);
        return Write(name, gzip ? Gzip(bytes) : bytes);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
