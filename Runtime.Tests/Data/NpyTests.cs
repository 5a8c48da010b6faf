using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using StaticNet.Data;
using Xunit;

namespace StaticNet.Runtime.Tests.Data;

public sealed class NpyTests : IDisposable
{
    private readonly IdxTestFiles files = new();

    public void Dispose() => files.Dispose();

    /// <summary>A .npy file as numpy.save writes it: magic, version, header length, the header dict padded to 64 bytes with a newline, the data.</summary>
    internal static byte[] NpyBytes(string descr, int[] shape, byte[] data, int major = 1, bool fortran = false, string? header = null)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        header ??= $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int prelude = major == 1 ? 10 : 12;
        int padded = ((prelude + header.Length + 1 + 63) / 64 * 64) - prelude;
        header = header.PadRight(padded - 1) + "\n";
        byte[] headerBytes = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header);
        var bytes = new byte[prelude + headerBytes.Length + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = (byte)major;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerBytes.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerBytes.Length);
        }

        headerBytes.CopyTo(bytes, prelude);
        data.CopyTo(bytes, prelude + headerBytes.Length);
        return bytes;
    }

    /// <summary>The bytes of <paramref name="values"/> stored as the dtype <paramref name="descr"/>.</summary>
    internal static byte[] Encode(string descr, double[] values)
    {
        bool big = descr[0] == '>';
        char kind = descr[1];
        int size = descr[2] - '0';
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> at = bytes.AsSpan(i * size, size);
            double v = values[i];
            switch (kind, size)
            {
                case ('b', 1) or ('u', 1): at[0] = (byte)v; break;
                case ('i', 1): at[0] = (byte)(sbyte)v; break;
                case ('u', 2): if (big) { BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)v); } else { BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)v); } break;
                case ('i', 2): if (big) { BinaryPrimitives.WriteInt16BigEndian(at, (short)v); } else { BinaryPrimitives.WriteInt16LittleEndian(at, (short)v); } break;
                case ('u', 4): if (big) { BinaryPrimitives.WriteUInt32BigEndian(at, (uint)v); } else { BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)v); } break;
                case ('i', 4): if (big) { BinaryPrimitives.WriteInt32BigEndian(at, (int)v); } else { BinaryPrimitives.WriteInt32LittleEndian(at, (int)v); } break;
                case ('u', 8): if (big) { BinaryPrimitives.WriteUInt64BigEndian(at, (ulong)v); } else { BinaryPrimitives.WriteUInt64LittleEndian(at, (ulong)v); } break;
                case ('i', 8): if (big) { BinaryPrimitives.WriteInt64BigEndian(at, (long)v); } else { BinaryPrimitives.WriteInt64LittleEndian(at, (long)v); } break;
                case ('f', 2): if (big) { BinaryPrimitives.WriteHalfBigEndian(at, (Half)v); } else { BinaryPrimitives.WriteHalfLittleEndian(at, (Half)v); } break;
                case ('f', 4): if (big) { BinaryPrimitives.WriteSingleBigEndian(at, (float)v); } else { BinaryPrimitives.WriteSingleLittleEndian(at, (float)v); } break;
                default: if (big) { BinaryPrimitives.WriteDoubleBigEndian(at, v); } else { BinaryPrimitives.WriteDoubleLittleEndian(at, v); } break;
            }
        }

        return bytes;
    }

    private string Write(string name, byte[] bytes) => files.Write(name, bytes);

    [Theory]
    [InlineData("<f4", new double[] { -1.5, 0, 3.25, 1e30f, 0.1f, -7 })]
    [InlineData(">f4", new double[] { -1.5, 0, 3.25, 1e30f, 0.1f, -7 })]
    [InlineData("<f8", new double[] { -1.5, 0, 0.1, 1e300, -2.5e-300, double.Epsilon })]
    [InlineData(">f8", new double[] { -1.5, 0, 0.1, 1e300, -2.5e-300, double.Epsilon })]
    [InlineData("<f2", new double[] { -1.5, 0, 0.5, 65504, -0.25, 1024 })]
    [InlineData("|u1", new double[] { 0, 1, 127, 128, 200, 255 })]
    [InlineData("|i1", new double[] { -128, -1, 0, 1, 100, 127 })]
    [InlineData("|b1", new double[] { 0, 1, 1, 0, 0, 1 })]
    [InlineData("<i2", new double[] { -32768, -300, 0, 1, 258, 32767 })]
    [InlineData(">i2", new double[] { -32768, -300, 0, 1, 258, 32767 })]
    [InlineData("<u2", new double[] { 0, 1, 258, 40000, 65535, 7 })]
    [InlineData("<i4", new double[] { int.MinValue, -70000, 0, 1, 16777217, int.MaxValue })]
    [InlineData(">i4", new double[] { int.MinValue, -70000, 0, 1, 16777217, int.MaxValue })]
    [InlineData(">u4", new double[] { 0, 1, 70000, uint.MaxValue, 5, 6 })]
    [InlineData("<i8", new double[] { -9e15, -1, 0, 1, 1L << 40, 9e15 })]
    [InlineData(">i8", new double[] { -9e15, -1, 0, 1, 1L << 40, 9e15 })]
    [InlineData("<u8", new double[] { 0, 1, 1L << 52, 3, 4, 5 })]
    public void Every_numeric_dtype_loads_in_either_byte_order(string descr, double[] values)
    {
        string path = Write("a.npy", NpyBytes(descr, [2, 3], Encode(descr, values)));

        NpyArray<double> array = Npy.Load<double>(path);

        Assert.Equal(descr, array.DataType);
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(2, array.Count);
        Assert.Equal(values, array.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Format_versions_1_2_and_3_load(int major)
    {
        string path = Write("v.npy", NpyBytes("<f4", [4], Encode("<f4", [1, 2, 3, 4]), major));

        Assert.Equal(new float[] { 1, 2, 3, 4 }, Npy.Load<float>(path).Data);
    }

    [Theory]
    [InlineData("{'shape': (2, 2), 'fortran_order': False, 'descr': '<f8'}")]
    [InlineData("{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2L, 2L)}")]
    [InlineData("{ 'descr' : '<f8' ,'fortran_order':False,'shape':(2,2,) , }")]
    public void Headers_in_any_key_order_and_python_spelling_load(string header)
    {
        string path = Write("h.npy", NpyBytes("", [], Encode("<f8", [1, 2, 3, 4]), header: header));

        NpyArray<double> array = Npy.Load<double>(path);

        Assert.Equal([2, 2], array.Shape);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, array.Data);
    }

    [Fact]
    public void Scalars_and_empty_arrays_load()
    {
        string scalar = Write("s.npy", NpyBytes("<f4", [], Encode("<f4", [3.5])));
        string empty = Write("e.npy", NpyBytes("<f4", [0, 3], []));

        Assert.Empty(Npy.Load<float>(scalar).Shape);
        Assert.Equal(new float[] { 3.5f }, Npy.Load<float>(scalar).Data);
        Assert.Equal([0, 3], Npy.Load<float>(empty).Shape);
        Assert.Empty(Npy.Load<float>(empty).Data);
    }

    [Theory]
    [InlineData("<f4", true, "expected C (row-major) order, found Fortran (column-major) order, which is not supported; save the array in C order: numpy.save(path, numpy.ascontiguousarray(a))")]
    [InlineData("<c8", false, "expected a numeric dtype, found '<c8' (complex numbers), which is not supported")]
    [InlineData("<U3", false, "expected a numeric dtype, found '<U3' (strings), which is not supported")]
    [InlineData("|O", false, "expected a numeric dtype, found '|O'")]
    [InlineData("<f16", false, "expected a numeric dtype, found '<f16' (128-bit floats), which is not supported")]
    [InlineData("|f4", false, "expected the byte order of the 4-byte dtype '|f4' to be < or >, found |")]
    public void Unsupported_arrays_are_rejected_naming_the_file(string descr, bool fortran, string expected)
    {
        string path = Write("bad.npy", NpyBytes(descr, [2, 2], new byte[16], fortran: fortran));

        var error = Assert.Throws<InvalidDataException>(() => Npy.Load<float>(path));

        Assert.Contains($"NumPy file '{path}': {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Structured_dtypes_npz_archives_and_other_files_are_rejected()
    {
        string structured = Write("rec.npy", NpyBytes("", [], new byte[16], header: "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (2,), }"));
        string npz = Write("z.npz", [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
        string text = Write("t.npy", Encoding.ASCII.GetBytes("1,2,3\n4,5,6\n"));
        byte[] future = NpyBytes("<f4", [1], new byte[4]);
        future[6] = 4;
        string version = Write("v4.npy", future);
        string garbled = Write("g.npy", NpyBytes("", [], new byte[4], header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)"));

        Assert.Contains("found a structured dtype", Assert.Throws<InvalidDataException>(() => Npy.Load<float>(structured)).Message, StringComparison.Ordinal);
        Assert.Contains("found a zip archive (an .npz file", Assert.Throws<InvalidDataException>(() => Npy.Load<float>(npz)).Message, StringComparison.Ordinal);
        Assert.Contains("expected the .npy magic string \\x93NUMPY, found 31 2C 32 2C 33 0A (not a .npy file)", Assert.Throws<InvalidDataException>(() => Npy.Load<float>(text)).Message, StringComparison.Ordinal);
        Assert.Contains("expected format version 1.0, 2.0 or 3.0, found 4.0", Assert.Throws<InvalidDataException>(() => Npy.Load<float>(version)).Message, StringComparison.Ordinal);
        Assert.Contains("expected a header like", Assert.Throws<InvalidDataException>(() => Npy.Load<float>(garbled)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "expected 48 bytes of values after the header (shape (3, 2) of '<f8'), found 47: the file is truncated")]
    [InlineData(-48, "found 0: the file is truncated")]
    [InlineData(3, "found 51: the file has trailing data")]
    public void A_wrong_data_length_is_rejected(int change, string expected)
    {
        byte[] whole = NpyBytes("<f8", [3, 2], new byte[48]);
        byte[] bytes = change < 0 ? whole[..^(-change)] : [.. whole, .. new byte[change]];
        string path = Write("cut.npy", bytes);

        var error = Assert.Throws<InvalidDataException>(() => Npy.Load<double>(path));

        Assert.Contains($"NumPy file '{path}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_that_do_not_fit_the_requested_type_are_rejected_at_their_position()
    {
        string big = Write("big.npy", NpyBytes("<i8", [2, 2], Encode("<i8", [1, 2, 3, 1L << 40])));
        string half = Write("half.npy", NpyBytes(">f4", [3], Encode(">f4", [1, 2.5, 3])));

        Assert.Equal([1L, 2, 3, 1L << 40], Npy.Load<long>(big).Data);
        var overflow = Assert.Throws<InvalidDataException>(() => Npy.Load<int>(big));
        Assert.Contains($"NumPy file '{big}': the value at [1, 1] is 1099511627776, outside the range of Int32.", overflow.Message, StringComparison.Ordinal);
        var fraction = Assert.Throws<InvalidDataException>(() => Npy.Load<int>(half));
        Assert.Contains($"NumPy file '{half}': the value at [1] is 2.5, which is not a whole number", fraction.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_labelled_data_set_loads_from_an_images_file_and_a_labels_file()
    {
        string images = Write("x.npy", NpyBytes("|u1", [3, 2, 2], Encode("|u1", [0, 51, 102, 255, 1, 2, 3, 4, 5, 6, 7, 8])));
        string labels = Write("y.npy", NpyBytes("<i8", [3], Encode("<i8", [1, 0, 4])));
        string fewer = Write("y2.npy", NpyBytes("<i8", [2], Encode("<i8", [1, 0])));

        Dataset<float> dataset = Npy.LoadLabelled<float>(images, labels, scale: 1.0 / 255, sampleShape: [1, 2, 2]);
        Dataset<double> plain = Npy.LoadLabelled<double>(images, labels, classCount: 10);

        Assert.Equal([1, 2, 2], dataset.SampleShape);
        Assert.Equal([1, 0, 4], dataset.Labels);
        Assert.Equal(5, dataset.ClassCount);
        Assert.Equal(new float[] { 0, 0.2f, 0.4f, 1 }, dataset.Sample(0).ToArray());
        Assert.Equal([2, 2], plain.SampleShape);
        Assert.Equal(10, plain.ClassCount);
        var error = Assert.Throws<InvalidDataException>(() => Npy.LoadLabelled<float>(images, fewer));
        Assert.Contains($"'{images}' holds 3 samples but '{fewer}' holds 2 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_data_set_loads_and_missing_values_are_rejected_at_their_position()
    {
        string inputs = Write("x.npy", NpyBytes("<f4", [3, 2], Encode("<f4", [1, 2, 3, 4, 5, 6])));
        string targets = Write("y.npy", NpyBytes("<f8", [3], Encode("<f8", [0.5, 1.5, 2.5])));
        string holes = Write("holes.npy", NpyBytes("<f4", [3, 2], Encode("<f4", [1, 2, 3, double.NaN, 5, 6])));

        Dataset<double> dataset = Npy.LoadWithTargets<double>(inputs, targets);

        Assert.False(dataset.HasLabels);
        Assert.Equal([2], dataset.SampleShape);
        Assert.Equal([1], dataset.TargetShape);
        Assert.Equal(new double[] { 0.5, 1.5, 2.5 }, dataset.Targets);
        var error = Assert.Throws<InvalidDataException>(() => Npy.LoadWithTargets<double>(holes, targets));
        Assert.Contains($"'{holes}': the value at [1, 1] is NaN; missing or infinite values are not accepted.", error.Message, StringComparison.Ordinal);
    }
}
