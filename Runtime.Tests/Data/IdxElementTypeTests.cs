using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public sealed class IdxElementTypeTests : IDisposable
{
    private readonly IdxTestFiles files = new();

    public void Dispose() => files.Dispose();

    /// <summary>The big-endian payload of <paramref name="values"/> stored as IDX type <paramref name="type"/>.</summary>
    private static byte[] Payload(byte type, double[] values)
    {
        int size = type switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C or 0x0D => 4, _ => 8 };
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> at = bytes.AsSpan(i * size, size);
            switch (type)
            {
                case 0x08: at[0] = (byte)values[i]; break;
                case 0x09: at[0] = (byte)(sbyte)values[i]; break;
                case 0x0B: BinaryPrimitives.WriteInt16BigEndian(at, (short)values[i]); break;
                case 0x0C: BinaryPrimitives.WriteInt32BigEndian(at, (int)values[i]); break;
                case 0x0D: BinaryPrimitives.WriteSingleBigEndian(at, (float)values[i]); break;
                default: BinaryPrimitives.WriteDoubleBigEndian(at, values[i]); break;
            }
        }

        return bytes;
    }

    public static TheoryData<byte, double[], bool> EveryType() => new()
    {
        { 0x08, [0, 1, 200, 255, 7, 9], false },
        { 0x08, [0, 1, 200, 255, 7, 9], true },
        { 0x09, [-128, -1, 0, 1, 100, 127], false },
        { 0x09, [-128, -1, 0, 1, 100, 127], true },
        { 0x0B, [-32768, -300, 0, 1, 258, 32767], false },
        { 0x0B, [-32768, -300, 0, 1, 258, 32767], true },
        { 0x0C, [int.MinValue, -70000, 0, 1, 16777217, int.MaxValue], false },
        { 0x0C, [int.MinValue, -70000, 0, 1, 16777217, int.MaxValue], true },
        { 0x0D, [-1.5, 0, 3.25, 1e30f, -0.1f, float.Epsilon], false },
        { 0x0D, [-1.5, 0, 3.25, 1e30f, -0.1f, float.Epsilon], true },
        { 0x0E, [-1.5, 0, 0.1, 1e300, -2.5e-300, double.Epsilon], false },
        { 0x0E, [-1.5, 0, 0.1, 1e300, -2.5e-300, double.Epsilon], true },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Every_element_type_loads_big_endian_raw_and_gzipped(byte type, double[] values, bool gzip)
    {
        byte[] bytes = IdxTestFiles.Bytes(type, [2, 3], Payload(type, values));
        string path = files.Write($"typed-{type:X2}", gzip ? IdxTestFiles.Gzip(bytes) : bytes);

        IdxArray<double> array = IdxReader.Load<double>(path, expectedRank: 2);

        Assert.Equal(type, array.ElementType);
        Assert.Equal([2, 3], array.Dimensions);
        Assert.Equal(2, array.Count);
        Assert.Equal(values, array.Data);
        Assert.Equal(values, IdxReader.Parse<double>(File.ReadAllBytes(path), path).Data);
    }

    [Fact]
    public void Integer_files_convert_to_integer_types_and_floats_only_when_whole()
    {
        string ints = files.Write("ints", IdxTestFiles.Bytes(0x0B, [3], Payload(0x0B, [-3, 0, 300])));
        string whole = files.Write("whole", IdxTestFiles.Bytes(0x0D, [2], Payload(0x0D, [4, 7])));
        string fractional = files.Write("fractional", IdxTestFiles.Bytes(0x0D, [2, 2], Payload(0x0D, [1, 2, 3, 2.5])));

        Assert.Equal([-3, 0, 300], IdxReader.Load<int>(ints).Data);
        Assert.Equal([4, 7], IdxReader.Load<int>(whole).Data);
        var notWhole = Assert.Throws<InvalidDataException>(() => IdxReader.Load<int>(fractional));
        Assert.Contains($"IDX file '{fractional}': the value at [1, 1] is 2.5, which is not a whole number", notWhole.Message, StringComparison.Ordinal);
        var tooBig = Assert.Throws<InvalidDataException>(() => IdxReader.Load<byte>(ints));
        Assert.Contains($"IDX file '{ints}': the value at [0] is -3, outside the range of Byte", tooBig.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_element_type_is_rejected()
    {
        string path = files.Write("odd", IdxTestFiles.Bytes(0x0A, [1], [0]));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Load<float>(path));

        Assert.Contains($"IDX file '{path}': expected an IDX element type (0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E), found 0x0A", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 0, "found 46: the file is truncated")]
    [InlineData(true, 0, "found 46: the file is truncated")]
    [InlineData(false, 5, "found 53: the file has trailing data")]
    [InlineData(true, 5, "found 53: the file has trailing data")]
    public void A_wrong_length_of_typed_values_is_rejected(bool gzip, int extra, string expected)
    {
        byte[] whole = IdxTestFiles.Bytes(0x0D, [3, 4], new byte[48 + extra]);
        byte[] bytes = extra == 0 ? whole[..^2] : whole;
        string path = files.Write("typed", gzip ? IdxTestFiles.Gzip(bytes) : bytes);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Load<float>(path));

        Assert.Contains($"IDX file '{path}': expected 48 bytes of values after the header (3 × 4 values of 4 bytes), {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_bomb_fails_fast_in_bounded_memory()
    {
        // The header declares 10 bytes of labels; 64 MiB of zeros follow, about 64 KiB gzipped.
        string path = Path.Combine(files.Directory, "bomb.gz");
        using (FileStream file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(IdxTestFiles.Bytes(0x08, [10], new byte[10]));
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        Assert.InRange(new FileInfo(path).Length, 1, 1 << 20);
        IdxReader.Read(files.WriteLabels("warm-up", 3, gzip: true), 1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, expectedRank: 1));
        var typed = Assert.Throws<InvalidDataException>(() => IdxReader.Load<float>(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 1 << 20);
        foreach (InvalidDataException e in new[] { error, typed })
        {
            Assert.Contains($"IDX file '{path}': expected 10 bytes of values after the header (10), found more than 65546: the file has trailing data", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_header_declaring_more_than_the_gzip_file_can_hold_is_rejected_before_allocating()
    {
        // 60,000 images of 28 × 28 (47 MB) declared in a gzip file of a few dozen bytes.
        string path = files.Write("liar.gz", IdxTestFiles.Gzip(IdxTestFiles.Bytes(0x08, [60000, 28, 28], new byte[100])));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, expectedRank: 3));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 1 << 20);
        Assert.Contains($"IDX file '{path}': the header declares 47040000 bytes of values (60000 × 28 × 28), but a gzip file of", error.Message, StringComparison.Ordinal);
        Assert.Contains("the file is truncated or its header is wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_raw_file_of_the_wrong_length_is_rejected_before_allocating()
    {
        string path = files.Write("liar", IdxTestFiles.Bytes(0x0E, [50000, 1000], new byte[16]));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Load<double>(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 1 << 20);
        Assert.Contains("expected 400000000 bytes of values after the header (50000 × 1000 values of 8 bytes), found 16: the file is truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_labelled_data_set_loads_from_typed_idx_files()
    {
        string inputs = files.Write("inputs", IdxTestFiles.Gzip(IdxTestFiles.Bytes(0x0D, [3, 2, 2], Payload(0x0D, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))));
        string labels = files.Write("labels", IdxTestFiles.Bytes(0x0C, [3], Payload(0x0C, [2, 0, 1])));

        Dataset<float> dataset = IdxReader.LoadLabelled<float>(inputs, labels, scale: 0.5);
        Dataset<float> channels = IdxReader.LoadLabelled<float>(inputs, labels, classCount: 5, sampleShape: [1, 2, 2]);

        Assert.Equal([2, 2], dataset.SampleShape);
        Assert.Equal(3, dataset.ClassCount);
        Assert.Equal([2, 0, 1], dataset.Labels);
        Assert.Equal(new float[] { 4, 4.5f, 5, 5.5f }, dataset.Sample(2).ToArray());
        Assert.Equal([1, 2, 2], channels.SampleShape);
        Assert.Equal(5, channels.ClassCount);
        var error = Assert.Throws<InvalidDataException>(() => IdxReader.LoadLabelled<float>(inputs, labels, classCount: 2));
        Assert.Contains($"'{labels}': label 0 is 2, expected 0 to 1", error.Message, StringComparison.Ordinal);
    }
}
