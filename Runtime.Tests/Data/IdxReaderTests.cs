using System;
using System.IO;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly IdxTestFiles files = new();

    public void Dispose() => files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_raw_and_gzipped(bool gzip)
    {
        // The name never says .gz: the reader must go by the 1f 8b header.
        string path = files.WriteImages("images", count: 3, rows: 4, columns: 5, gzip);

        IdxData data = IdxReader.Read(path, expectedRank: 3);

        Assert.Equal([3, 4, 5], data.Dimensions);
        Assert.Equal(3, data.Count);
        Assert.Equal(60, data.Data.Length);
        Assert.Equal((byte)(2 + 3 + 4), data.Data[(((2 * 4) + 3) * 5) + 4]);
        Assert.Equal(path, data.Path);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_labels_raw_and_gzipped(bool gzip)
    {
        string path = files.WriteLabels("labels.bin", count: 12, gzip);

        IdxData data = IdxReader.Read(path, expectedRank: 1);

        Assert.Equal([12], data.Dimensions);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1 }, data.Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bad_magic_is_rejected_naming_the_file(bool gzip)
    {
        byte[] bytes = IdxTestFiles.Bytes(0x08, [2], [1, 2]);
        bytes[1] = 0x42;
        string path = files.Write("not-idx", gzip ? IdxTestFiles.Gzip(bytes) : bytes);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 1));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("expected the IDX magic number to start with 00 00, found 00 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_rank_is_rejected_with_expected_and_found()
    {
        string path = files.WriteLabels("labels", 4, gzip: true);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, expectedRank: 3));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 3 dimension(s), found 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0D, "32-bit float")]
    [InlineData(0x0C, "32-bit integer")]
    [InlineData(0x09, "signed byte")]
    public void Element_types_other_than_unsigned_byte_are_rejected(byte type, string name)
    {
        string path = files.Write("floats", IdxTestFiles.Bytes(type, [1], [0, 0, 0, 0]));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 1));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"expected element type 0x08 (unsigned byte), found 0x{type:X2} ({name})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_dimension_is_rejected()
    {
        string path = files.Write("empty", IdxTestFiles.Bytes(0x08, [0, 28, 28], []));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 3));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("expected dimension 0 to have a size between 1 and", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "found only 0 byte(s)")]
    [InlineData(2, "found only 2 byte(s)")]
    [InlineData(4, "expected a 16-byte header")]
    [InlineData(9, "expected a 16-byte header")]
    [InlineData(16, "expected 60 bytes of values after the header (3 × 4 × 5), found 0: the file is truncated")]
    [InlineData(47, "expected 60 bytes of values after the header (3 × 4 × 5), found 31: the file is truncated")]
    [InlineData(75, "expected 60 bytes of values after the header (3 × 4 × 5), found 59: the file is truncated")]
    public void Truncated_files_are_rejected_at_every_cut(int keep, string expected)
    {
        byte[] whole = File.ReadAllBytes(files.WriteImages("whole", 3, 4, 5, gzip: false));
        Assert.Equal(76, whole.Length);
        string raw = files.Write("cut", whole[..keep]);
        string gzipped = files.Write("cut-gz", IdxTestFiles.Gzip(whole[..keep]));

        foreach (string path in new[] { raw, gzipped })
        {
            var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 3));
            Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(40)]
    public void A_truncated_gzip_stream_is_rejected_naming_the_file(int cutFromEnd)
    {
        byte[] gzipped = File.ReadAllBytes(files.WriteImages("whole.gz", 50, 28, 28, gzip: true));
        string path = files.Write("cut.gz", gzipped[..^cutFromEnd]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 3));

        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_data_is_rejected()
    {
        byte[] bytes = IdxTestFiles.Bytes(0x08, [2], [1, 2, 3]);
        string path = files.Write("long", bytes);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, 1));

        Assert.Contains("expected 2 bytes of values after the header (2), found 3: the file has trailing data", error.Message, StringComparison.Ordinal);
    }
}
