using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace StaticNet.Runtime.Tests.IO;

/// <summary>
/// An independent reading of the safetensors layout, for tests: splits a file into its JSON header and data
/// buffer, lets a test edit either, and writes it back (padding the header with spaces and, unless told
/// otherwise, re-signing the metadata <c>crc32</c> so only the edit is wrong).
/// </summary>
public sealed class SafetensorsTestFile
{
    private SafetensorsTestFile(JsonObject header, byte[] data)
    {
        Header = header;
        Data = data;
    }

    public JsonObject Header { get; }

    public byte[] Data { get; set; }

    public JsonObject? Metadata => Header["__metadata__"] as JsonObject;

    /// <summary>Tensor names in header order, without <c>__metadata__</c>.</summary>
    public string[] TensorNames => [.. Header.Select(p => p.Key).Where(k => k != "__metadata__")];

    public static SafetensorsTestFile Parse(byte[] bytes)
    {
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string json = Encoding.UTF8.GetString(bytes, 8, (int)length);
        return new SafetensorsTestFile(JsonNode.Parse(json)!.AsObject(), bytes[(8 + (int)length)..]);
    }

    /// <summary>The header length prefix, the header as given, and the data, with no padding or re-signing.</summary>
    public static byte[] Compose(string headerJson, byte[] data) => Compose(Encoding.UTF8.GetBytes(headerJson), data);

    /// <summary>The header length prefix, the header bytes as given, and the data.</summary>
    public static byte[] Compose(byte[] header, byte[] data)
    {
        byte[] prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        return [.. prefix, .. header, .. data];
    }

    public byte[] ToBytes(bool resign = true)
    {
        if (resign && Metadata is JsonObject metadata && metadata.ContainsKey("crc32"))
        {
            metadata["crc32"] = ReferenceCrc32(Data).ToString("x8", CultureInfo.InvariantCulture);
        }

        string json = Header.ToJsonString();
        int padding = (8 - (Encoding.UTF8.GetByteCount(json) % 8)) % 8;
        return Compose(json + new string(' ', padding), Data);
    }

    public (long Begin, long End) OffsetsOf(string name)
    {
        JsonArray offsets = Header[name]!["data_offsets"]!.AsArray();
        return ((long)offsets[0]!, (long)offsets[1]!);
    }

    /// <summary>A float64 tensor's values, little-endian.</summary>
    public double[] Doubles(string name)
    {
        Assert.True(Header.ContainsKey(name), $"the file has no tensor '{name}'");
        Assert.Equal("F64", (string?)Header[name]!["dtype"]);
        (long begin, long end) = OffsetsOf(name);
        double[] values = new double[(end - begin) / sizeof(double)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(Data.AsSpan((int)begin + (i * sizeof(double))));
        }

        return values;
    }

    /// <summary>Removes a tensor and its bytes, moving the tensors after it down.</summary>
    public void RemoveTensor(string name)
    {
        (long begin, long end) = OffsetsOf(name);
        Header.Remove(name);
        Data = [.. Data[..(int)begin], .. Data[(int)end..]];
        foreach (string other in TensorNames)
        {
            (long b, long e) = OffsetsOf(other);
            if (b >= end)
            {
                Header[other]!["data_offsets"] = new JsonArray(b - (end - begin), e - (end - begin));
            }
        }
    }

    /// <summary>Appends a tensor at the end of the data buffer.</summary>
    public void AddTensor(string name, string dtype, int[] shape, byte[] bytes)
    {
        Header[name] = new JsonObject
        {
            ["dtype"] = dtype,
            ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
            ["data_offsets"] = new JsonArray(Data.Length, Data.Length + bytes.Length),
        };
        Data = [.. Data, .. bytes];
    }

    /// <summary>Renames a tensor; its bytes stay where they are.</summary>
    public void RenameTensor(string name, string newName)
    {
        JsonNode entry = Header[name]!;
        Header.Remove(name);
        Header[newName] = entry;
    }

    /// <summary>CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF), bit by bit, as documented.</summary>
    public static uint ReferenceCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
