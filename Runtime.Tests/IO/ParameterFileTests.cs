using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using StaticNet.IO;
using Xunit;

namespace StaticNet.Runtime.Tests.IO;

public sealed class ParameterFileTests : IDisposable
{
    private const string Mlp = "Input 784 → Dense 784→128 ReLU → Dense 128→10";
    private const int HeaderLength = 24;

    private readonly string _directory;

    public ParameterFileTests()
    {
        _directory = Path.Combine(Path.GetTempPath(), "staticnet-io-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    // ---- Round trips -------------------------------------------------------------------------------

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Float_round_trip_is_bit_exact(bool includeOptimizerState)
    {
        var saved = new FakeNetwork<float>(Mlp, 37).Randomize(1);
        var loaded = new FakeNetwork<float>(Mlp, 37).Randomize(2);
        string path = PathOf("model.snp");

        ParameterFile.Save(saved, path, includeOptimizerState);
        ParameterFile.Load(loaded, path);

        AssertBitEqual<float>(saved.ParameterArray, loaded.ParameterArray);
        AssertBitEqual<float>(includeOptimizerState ? saved.OptimizerStateArray : new float[37], loaded.OptimizerStateArray);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Double_round_trip_is_bit_exact(bool includeOptimizerState)
    {
        var saved = new FakeNetwork<double>(Mlp, 41).Randomize(3);
        var loaded = new FakeNetwork<double>(Mlp, 41).Randomize(4);
        string path = PathOf("model.snp");

        ParameterFile.Save(saved, path, includeOptimizerState);
        ParameterFile.Load(loaded, path);

        AssertBitEqual<double>(saved.ParameterArray, loaded.ParameterArray);
        AssertBitEqual<double>(includeOptimizerState ? saved.OptimizerStateArray : new double[41], loaded.OptimizerStateArray);
    }

    [Fact]
    public void Special_float_values_survive_bit_for_bit()
    {
        float[] values =
        [
            -0f, 0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity,
            BitConverter.Int32BitsToSingle(0x7FC12345), // quiet NaN with a payload
            BitConverter.Int32BitsToSingle(0x7F800001), // signalling NaN
            BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00000)), // negative NaN
            BitConverter.Int32BitsToSingle(0x00400000), // subnormal
        ];
        var saved = new FakeNetwork<float>("specials", values.Length);
        values.CopyTo(saved.ParameterArray, 0);
        values.Reverse().ToArray().CopyTo(saved.OptimizerStateArray, 0);
        var loaded = new FakeNetwork<float>("specials", values.Length);

        ParameterFile.Save(saved, PathOf("specials.snp"));
        ParameterFile.Load(loaded, PathOf("specials.snp"));

        Assert.Equal(saved.Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void Special_double_values_survive_bit_for_bit()
    {
        double[] values =
        [
            -0d, double.Epsilon, double.MaxValue, double.NegativeInfinity,
            BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF), // quiet NaN with a payload
            BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001), // signalling NaN
            BitConverter.Int64BitsToDouble(0x0008_0000_0000_0000), // subnormal
        ];
        var saved = new FakeNetwork<double>("specials", values.Length);
        values.CopyTo(saved.ParameterArray, 0);
        values.CopyTo(saved.OptimizerStateArray, 0);
        var loaded = new FakeNetwork<double>("specials", values.Length);

        ParameterFile.Save(saved, PathOf("specials.snp"));
        ParameterFile.Load(loaded, PathOf("specials.snp"));

        Assert.Equal(saved.Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void A_network_without_optimizer_state_saves_none_and_ignores_a_saved_one()
    {
        var stateless = new FakeNetwork<float>(Mlp, 5, hasOptimizerState: false).Randomize(5);
        var withState = new FakeNetwork<float>(Mlp, 5).Randomize(6);

        ParameterFile.Save(stateless, PathOf("stateless.snp"), includeOptimizerState: true);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(PathOf("stateless.snp")).AsSpan(12)));

        ParameterFile.Save(withState, PathOf("with-state.snp"));
        ParameterFile.Load(stateless, PathOf("with-state.snp"));
        AssertBitEqual<float>(withState.ParameterArray, stateless.ParameterArray);
    }

    [Fact]
    public void Empty_networks_round_trip()
    {
        var saved = new FakeNetwork<float>("empty", 0);
        ParameterFile.Save(saved, PathOf("empty.snp"));
        ParameterFile.Load(new FakeNetwork<float>("empty", 0), PathOf("empty.snp"));
        Assert.Equal(HeaderLength + "empty".Length + 4, new FileInfo(PathOf("empty.snp")).Length);
    }

    [Fact]
    public void Streams_hold_several_files_back_to_back()
    {
        var first = new FakeNetwork<float>("first", 3).Randomize(7);
        var second = new FakeNetwork<double>("second", 4).Randomize(8);
        using var stream = new MemoryStream();
        ParameterFile.Save(first, stream);
        ParameterFile.Save(second, stream, includeOptimizerState: false);

        stream.Position = 0;
        var firstLoaded = new FakeNetwork<float>("first", 3);
        var secondLoaded = new FakeNetwork<double>("second", 4);
        ParameterFile.Load(firstLoaded, stream);
        ParameterFile.Load(secondLoaded, stream);

        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal(first.Snapshot(), firstLoaded.Snapshot());
        AssertBitEqual<double>(second.ParameterArray, secondLoaded.ParameterArray);
    }

    // ---- The byte layout, as docs/parameter-format.md describes it ---------------------------------

    [Fact]
    public void The_file_layout_matches_the_documentation()
    {
        const string architecture = "Dense 2→1";
        var network = new FakeNetwork<float>(architecture, 3);
        float[] parameters = [1.5f, -2f, 0.25f];
        float[] state = [0.125f, 0f, -1f];
        parameters.CopyTo(network.ParameterArray, 0);
        state.CopyTo(network.OptimizerStateArray, 0);

        byte[] architectureBytes = Encoding.UTF8.GetBytes(architecture);
        var expected = new MemoryStream();
        expected.Write("SNPARAMS"u8);
        expected.Write([1, 0]);                 // version 1
        expected.Write([1, 4]);                 // float32, 4 bytes
        expected.Write([1, 0, 0, 0]);           // flags: optimizer state present
        expected.Write([3, 0, 0, 0]);           // parameter count
        expected.Write([(byte)architectureBytes.Length, 0, 0, 0]);
        expected.Write(architectureBytes);
        foreach (float value in parameters.Concat(state))
        {
            byte[] bytes = new byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            expected.Write(bytes);
        }

        byte[] crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, ReferenceCrc32(expected.ToArray()));
        expected.Write(crc);

        ParameterFile.Save(network, PathOf("layout.snp"));

        Assert.Equal(Convert.ToHexString(expected.ToArray()), Convert.ToHexString(File.ReadAllBytes(PathOf("layout.snp"))));
    }

    [Fact]
    public void The_reference_crc32_is_the_standard_one()
    {
        Assert.Equal(0xCBF43926u, ReferenceCrc32("123456789"u8.ToArray()));
    }

    // ---- Mismatches: the message names the file and both values, and the network is untouched -------

    [Fact]
    public void A_file_for_another_architecture_is_refused_naming_both()
    {
        const string other = "Input 784 → Dense 784→64 ReLU → Dense 64→10";
        string path = PathOf("model.snp");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 10).Randomize(9), path);
        var network = new FakeNetwork<float>(other, 10).Randomize(10);

        var exception = AssertRefused(network, path, ParameterFileError.ArchitectureMismatch);

        Assert.Contains($"'{Mlp}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{other}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_another_parameter_count_is_refused_naming_both()
    {
        string path = PathOf("model.snp");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 12).Randomize(11), path);
        var network = new FakeNetwork<float>(Mlp, 13).Randomize(12);

        var exception = AssertRefused(network, path, ParameterFileError.ParameterCountMismatch);

        Assert.Contains("holds 12 parameters but this network has 13", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float64_file_is_refused_by_a_float32_network()
    {
        string path = PathOf("model.snp");
        ParameterFile.Save(new FakeNetwork<double>(Mlp, 6).Randomize(13), path);

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 6).Randomize(14), path, ParameterFileError.ElementTypeMismatch);

        Assert.Contains("holds float64 parameters but this network uses float32", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float32_file_is_refused_by_a_float64_network()
    {
        string path = PathOf("model.snp");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 6).Randomize(15), path);

        var exception = AssertRefused(new FakeNetwork<double>(Mlp, 6).Randomize(16), path, ParameterFileError.ElementTypeMismatch);

        Assert.Contains("holds float32 parameters but this network uses float64", exception.Message, StringComparison.Ordinal);
    }

    // ---- Damaged and foreign files ----------------------------------------------------------------

    [Theory]
    [InlineData("{\"weights\": [0.1, 0.2]}")]
    [InlineData("x")]
    [InlineData("SNPARAMX and more bytes after it")]
    public void A_file_that_is_not_a_parameter_file_is_refused(string contents)
    {
        string path = PathOf("notes.txt");
        File.WriteAllText(path, contents);

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 4).Randomize(17), path, ParameterFileError.BadMagic);

        Assert.Contains("not a StaticNet parameter file", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(0xFFFF)]
    public void An_unsupported_version_is_refused(int version)
    {
        string path = SaveAndPatch(bytes => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)version));

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 4).Randomize(18), path, ParameterFileError.UnsupportedVersion);

        Assert.Contains($"format version {version}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("reads only version 1", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 3, "element type code 3")]  // unknown element type
    [InlineData(11, 8, "float32 elements of 8 bytes")]  // element size disagrees with the type
    [InlineData(12, 2, "sets flags 0x00000003")]  // unknown flag
    [InlineData(23, 0x10, "architecture string of 268435")]  // implausible architecture length
    [InlineData(HeaderLength, 0xFF, "not valid UTF-8")]  // invalid UTF-8 in the architecture
    public void A_malformed_header_is_refused(int offset, int value, string expectedText)
    {
        string path = SaveAndPatch(bytes => bytes[offset] = offset == 12 ? (byte)(bytes[offset] | value) : (byte)value);

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 4).Randomize(19), path, ParameterFileError.MalformedHeader);

        Assert.Contains(expectedText, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_file_truncated_at_any_point_is_refused(bool includeOptimizerState)
    {
        string complete = PathOf("complete.snp");
        ParameterFile.Save(new FakeNetwork<double>(Mlp, 5).Randomize(20), complete, includeOptimizerState);
        byte[] bytes = File.ReadAllBytes(complete);
        string path = PathOf("cut.snp");

        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);

            var exception = AssertRefused(new FakeNetwork<double>(Mlp, 5).Randomize(21), path, ParameterFileError.Truncated);

            Assert.Contains($"{path} is truncated: expected ", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_truncation_message_names_the_section_and_both_sizes()
    {
        string path = SaveAndPatch(bytes => { }, cutTo: HeaderLength + Encoding.UTF8.GetByteCount(Mlp) + 6);

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 4).Randomize(22), path, ParameterFileError.Truncated);

        Assert.Contains("expected 16 bytes of parameters", exception.Message, StringComparison.Ordinal);
        Assert.Contains("found 6", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_flipped_byte_in_the_payload_or_checksum_fails_the_checksum()
    {
        string complete = PathOf("complete.snp");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 4).Randomize(23), complete);
        byte[] bytes = File.ReadAllBytes(complete);
        int payloadStart = HeaderLength + Encoding.UTF8.GetByteCount(Mlp);
        string path = PathOf("flipped.snp");

        for (int offset = payloadStart; offset < bytes.Length; offset++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[offset] ^= 0x10;
            File.WriteAllBytes(path, damaged);

            var exception = AssertRefused(new FakeNetwork<float>(Mlp, 4).Randomize(24), path, ParameterFileError.ChecksumMismatch);

            Assert.Contains("CRC-32", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Data_after_the_checksum_is_refused()
    {
        string path = SaveAndPatch(bytes => { }, append: [0, 0, 0]);

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 4).Randomize(25), path, ParameterFileError.TrailingData);

        Assert.Contains("3 unexpected bytes after its checksum", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_stream_is_refused_without_a_path()
    {
        using var stream = new MemoryStream();
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 4).Randomize(26), stream);
        var network = new FakeNetwork<float>(Mlp, 4).Randomize(27);
        byte[] before = network.Snapshot();

        using var cut = new MemoryStream(stream.ToArray()[..^1]);
        var exception = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, cut));

        Assert.Equal(ParameterFileError.Truncated, exception.Error);
        Assert.Null(exception.FilePath);
        Assert.StartsWith("The parameter stream is truncated: expected 4 bytes of checksum", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Snapshot());
    }

    // ---- Files on disk ----------------------------------------------------------------------------

    [Fact]
    public void Saving_over_an_existing_file_replaces_it_and_leaves_no_temporary_files()
    {
        string path = PathOf("model.snp");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 8).Randomize(28), path);
        var newer = new FakeNetwork<float>(Mlp, 8).Randomize(29);

        ParameterFile.Save(newer, path);

        Assert.Equal([path], Directory.GetFileSystemEntries(_directory));
        var loaded = new FakeNetwork<float>(Mlp, 8);
        ParameterFile.Load(loaded, path);
        Assert.Equal(newer.Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void A_failed_save_leaves_the_existing_file_and_no_temporary_files()
    {
        string path = PathOf("model.snp");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 8).Randomize(30), path);
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<NotSupportedException>(() => ParameterFile.Save(new FakeNetwork<Half>(Mlp, 8), path));

        Assert.Equal([path], Directory.GetFileSystemEntries(_directory));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_save_that_fails_when_replacing_the_target_deletes_its_temporary_file()
    {
        string target = PathOf("occupied");
        Directory.CreateDirectory(target);

        Assert.ThrowsAny<IOException>(() => ParameterFile.Save(new FakeNetwork<float>(Mlp, 8).Randomize(31), target));

        Assert.Equal([target], Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void Saving_into_a_missing_directory_names_it()
    {
        string path = Path.Combine(_directory, "missing", "model.snp");

        var exception = Assert.Throws<DirectoryNotFoundException>(() => ParameterFile.Save(new FakeNetwork<float>(Mlp, 2), path));

        Assert.Contains(Path.Combine(_directory, "missing"), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_missing_file_names_its_path()
    {
        string path = PathOf("absent.snp");
        var network = new FakeNetwork<float>(Mlp, 2).Randomize(32);
        byte[] before = network.Snapshot();

        var exception = Assert.Throws<FileNotFoundException>(() => ParameterFile.Load(network, path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Equal(path, exception.FileName);
        Assert.Equal(before, network.Snapshot());
    }

    [Fact]
    public void Loading_from_a_missing_directory_is_a_missing_file()
    {
        string path = Path.Combine(_directory, "missing", "absent.snp");

        var exception = Assert.Throws<FileNotFoundException>(() => ParameterFile.Load(new FakeNetwork<float>(Mlp, 2), path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Element_types_other_than_float_and_double_are_not_supported()
    {
        string path = PathOf("model.snp");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 2), path);

        Assert.Throws<NotSupportedException>(() => ParameterFile.Load(new FakeNetwork<Half>(Mlp, 2), path));
    }

    // ---- Helpers ----------------------------------------------------------------------------------

    /// <summary>Asserts that loading <paramref name="path"/> fails with <paramref name="error"/>, names the path, and changes nothing.</summary>
    private static ParameterFileException AssertRefused<T>(FakeNetwork<T> network, string path, ParameterFileError error)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        byte[] before = network.Snapshot();

        var exception = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, path));

        Assert.Equal(error, exception.Error);
        Assert.Equal(path, exception.FilePath);
        Assert.StartsWith(path + " ", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Snapshot());
        return exception;
    }

    /// <summary>Saves a 4-parameter float network, applies <paramref name="patch"/>, re-signs it so only the patch is wrong, then cuts or extends it.</summary>
    private string SaveAndPatch(Action<byte[]> patch, int? cutTo = null, byte[]? append = null)
    {
        string path = PathOf("patched.snp");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 4).Randomize(33), path);
        byte[] bytes = File.ReadAllBytes(path);
        patch(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), ReferenceCrc32(bytes.AsSpan(0, bytes.Length - 4)));
        File.WriteAllBytes(path, [.. bytes[..(cutTo ?? bytes.Length)], .. append ?? []]);
        return path;
    }

    /// <summary>CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF), bit by bit, as documented.</summary>
    private static uint ReferenceCrc32(ReadOnlySpan<byte> data)
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

    private static void AssertBitEqual<T>(T[] expected, T[] actual)
        where T : unmanaged
    {
        Assert.Equal(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.AsSpan()).ToArray(),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan()).ToArray());
    }
}
