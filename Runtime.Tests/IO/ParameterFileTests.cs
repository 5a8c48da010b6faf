using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using StaticNet.IO;
using Xunit;

namespace StaticNet.Runtime.Tests.IO;

public sealed class ParameterFileTests : IDisposable
{
    private const string Mlp = "Input 3 → Dense 3→4 → BatchNorm(4) → Dense 4→2";
    private const string Momentum = "Momentum(lr=0.01, momentum=0.9, weight_decay=0)";

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

    /// <summary>Dense, batch norm (with running statistics) and dense: 34 parameters, 8 state values.</summary>
    private static FakeNetwork<T> Network<T>(string architecture = Mlp, bool hasOptimizerState = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(
            architecture,
            [("fc1.weight", [4, 3]), ("fc1.bias", [4]), ("bn1.weight", [4]), ("bn1.bias", [4]), ("fc2.weight", [2, 4]), ("fc2.bias", [2])],
            [("bn1.running_mean", [4]), ("bn1.running_var", [4])],
            hasOptimizerState);

    // ---- Round trips -------------------------------------------------------------------------------

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Float_round_trip_is_bit_exact(bool includeOptimizerState) => AssertRoundTrip<float>(includeOptimizerState);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Double_round_trip_is_bit_exact(bool includeOptimizerState) => AssertRoundTrip<double>(includeOptimizerState);

    private void AssertRoundTrip<T>(bool includeOptimizerState)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var saved = Network<T>().Randomize(1);
        var loaded = Network<T>().Randomize(2);
        string path = PathOf("model.safetensors");

        ParameterFile.Save(saved, path, includeOptimizerState);
        ParameterFile.Load(loaded, path);

        AssertBitEqual(saved.ParameterArray, loaded.ParameterArray);
        AssertBitEqual(saved.StateArray, loaded.StateArray);
        AssertBitEqual(includeOptimizerState ? saved.OptimizerStateArray : new T[saved.OptimizerStateArray.Length], loaded.OptimizerStateArray);
        Assert.Equal(includeOptimizerState ? saved.Step : 0, loaded.Step);
        Assert.NotEqual(0, saved.Step);
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
        var saved = new FakeNetwork<float>("specials", [("w", [values.Length])], [("s", [values.Length])]);
        values.CopyTo(saved.ParameterArray, 0);
        values.Reverse().ToArray().CopyTo(saved.StateArray, 0);
        values.Reverse().ToArray().CopyTo(saved.OptimizerStateArray, 0);
        var loaded = new FakeNetwork<float>("specials", [("w", [values.Length])], [("s", [values.Length])]);

        ParameterFile.Save(saved, PathOf("specials.safetensors"));
        ParameterFile.Load(loaded, PathOf("specials.safetensors"));

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
        var saved = new FakeNetwork<double>("specials", [("w", [values.Length])], [("s", [values.Length])]);
        values.CopyTo(saved.ParameterArray, 0);
        values.CopyTo(saved.StateArray, 0);
        values.CopyTo(saved.OptimizerStateArray, 0);
        var loaded = new FakeNetwork<double>("specials", [("w", [values.Length])], [("s", [values.Length])]);

        ParameterFile.Save(saved, PathOf("specials.safetensors"));
        ParameterFile.Load(loaded, PathOf("specials.safetensors"));

        Assert.Equal(saved.Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void A_network_without_optimizer_state_saves_none_and_ignores_a_saved_one()
    {
        var stateless = Network<float>(hasOptimizerState: false).Randomize(5);
        var withState = Network<float>().Randomize(6);

        ParameterFile.Save(stateless, PathOf("stateless.safetensors"), includeOptimizerState: true);
        var file = ReadFile("stateless.safetensors");
        Assert.DoesNotContain(file.TensorNames, n => n.StartsWith("optimizer.", StringComparison.Ordinal));
        Assert.Equal("", (string?)file.Metadata!["optimizer_buffers"]);

        ParameterFile.Save(withState, PathOf("with-state.safetensors"));
        ParameterFile.Load(stateless, PathOf("with-state.safetensors"));
        AssertBitEqual(withState.ParameterArray, stateless.ParameterArray);
        AssertBitEqual(withState.StateArray, stateless.StateArray);
        Assert.Equal(0, stateless.Step);
    }

    [Fact]
    public void A_file_without_optimizer_state_clears_the_networks_and_its_step()
    {
        string path = PathOf("weights.safetensors");
        var saved = Network<double>().Randomize(7);
        ParameterFile.Save(saved, path, includeOptimizerState: false);
        var loaded = Network<double>().Randomize(8);

        ParameterFile.Load(loaded, path);

        Assert.All(loaded.OptimizerStateArray, v => Assert.Equal(0d, v));
        Assert.Equal(0, loaded.Step);
        AssertBitEqual(saved.ParameterArray, loaded.ParameterArray);
    }

    [Fact]
    public void Empty_networks_round_trip()
    {
        var saved = new FakeNetwork<float>("empty", 0);
        ParameterFile.Save(saved, PathOf("empty.safetensors"));
        ParameterFile.Load(new FakeNetwork<float>("empty", 0), PathOf("empty.safetensors"));

        var file = ReadFile("empty.safetensors");
        Assert.Empty(file.Data);
        Assert.Equal(["fake.weight"], file.TensorNames);
        Assert.Equal((0L, 0L), file.OffsetsOf("fake.weight"));
    }

    [Fact]
    public void Streams_hold_several_files_back_to_back()
    {
        var first = Network<float>("first").Randomize(7);
        var second = new FakeNetwork<double>("second", 4).Randomize(8);
        using var stream = new MemoryStream();
        ParameterFile.Save(first, stream);
        ParameterFile.Save(second, stream, includeOptimizerState: false);

        stream.Position = 0;
        var firstLoaded = Network<float>("first");
        var secondLoaded = new FakeNetwork<double>("second", 4);
        ParameterFile.Load(firstLoaded, stream);
        ParameterFile.Load(secondLoaded, stream);

        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal(first.Snapshot(), firstLoaded.Snapshot());
        AssertBitEqual(second.ParameterArray, secondLoaded.ParameterArray);
    }

    // ---- The byte layout, as docs/parameter-format.md describes it ---------------------------------

    [Fact]
    public void The_file_layout_matches_the_documentation()
    {
        var network = new FakeNetwork<float>("Dense 2→1", [("fc.weight", [1, 2]), ("fc.bias", [1])], [("bn.running_mean", [1])]) { Step = 12 };
        float[] parameters = [1.5f, -2f, 0.25f];
        float[] state = [3f];
        float[] velocity = [0.125f, 0f, -1f];
        parameters.CopyTo(network.ParameterArray, 0);
        state.CopyTo(network.StateArray, 0);
        velocity.CopyTo(network.OptimizerStateArray, 0);

        byte[] data = new byte[4 * 7];
        int offset = 0;
        foreach (float value in parameters.Concat(state).Concat(velocity))
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(offset), value);
            offset += 4;
        }

        string crc = SafetensorsTestFile.ReferenceCrc32(data).ToString("x8", CultureInfo.InvariantCulture);
        string json =
            "{\"__metadata__\":{\"format\":\"staticnet\",\"architecture\":\"Dense 2→1\",\"element_type\":\"float32\"," +
            $"\"optimizer\":\"{Momentum}\",\"optimizer_buffers\":\"velocity\",\"step\":\"12\",\"learning_rate\":\"0.01\",\"crc32\":\"{crc}\"}}," +
            "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}," +
            "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}," +
            "\"bn.running_mean\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}," +
            "\"optimizer.velocity.fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[16,24]}," +
            "\"optimizer.velocity.fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[24,28]}}";
        int jsonLength = Encoding.UTF8.GetByteCount(json);
        byte[] expected = SafetensorsTestFile.Compose(json + new string(' ', (8 - (jsonLength % 8)) % 8), data);

        ParameterFile.Save(network, PathOf("layout.safetensors"));

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(File.ReadAllBytes(PathOf("layout.safetensors"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("abcde")]
    [InlineData("abcdef")]
    [InlineData("abcdefg")]
    public void The_header_is_padded_with_spaces_to_a_multiple_of_8_bytes(string architecture)
    {
        ParameterFile.Save(new FakeNetwork<float>(architecture, 3), PathOf("padded.safetensors"));

        byte[] bytes = File.ReadAllBytes(PathOf("padded.safetensors"));
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, length % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, length);
        Assert.EndsWith("}", header.TrimEnd(' '), StringComparison.Ordinal);
        Assert.True(header.Length - header.TrimEnd(' ').Length < 8);
        Assert.Equal(8 + length + 3 * 4 * 2, bytes.Length);
    }

    [Fact]
    public void The_metadata_records_what_the_format_promises()
    {
        var network = Network<double>().Randomize(9);
        ParameterFile.Save(network, PathOf("metadata.safetensors"));

        JsonObject metadata = ReadFile("metadata.safetensors").Metadata!;

        Assert.Equal("staticnet", (string?)metadata["format"]);
        Assert.Equal(Mlp, (string?)metadata["architecture"]);
        Assert.Equal("float64", (string?)metadata["element_type"]);
        Assert.Equal(Momentum, (string?)metadata["optimizer"]);
        Assert.Equal("velocity", (string?)metadata["optimizer_buffers"]);
        Assert.Equal(network.Step.ToString(CultureInfo.InvariantCulture), (string?)metadata["step"]);
        Assert.Matches("^[0-9a-f]{8}$", (string?)metadata["crc32"]);
    }

    [Fact]
    public void Tensors_are_named_and_shaped_as_the_network_says_then_the_optimizer_buffers()
    {
        ParameterFile.Save(Network<float>().Randomize(10), PathOf("names.safetensors"));

        var file = ReadFile("names.safetensors");

        string[] model = ["fc1.weight", "fc1.bias", "bn1.weight", "bn1.bias", "fc2.weight", "fc2.bias", "bn1.running_mean", "bn1.running_var"];
        string[] optimizer = ["fc1.weight", "fc1.bias", "bn1.weight", "bn1.bias", "fc2.weight", "fc2.bias"];
        Assert.Equal([.. model, .. optimizer.Select(n => "optimizer.velocity." + n)], file.TensorNames);
        Assert.Equal("[4,3]", file.Header["fc1.weight"]!["shape"]!.ToJsonString());
        Assert.Equal("[2,4]", file.Header["optimizer.velocity.fc2.weight"]!["shape"]!.ToJsonString());
        Assert.All(file.TensorNames, n => Assert.Equal("F32", (string?)file.Header[n]!["dtype"]));
    }

    [Fact]
    public void The_reference_crc32_is_the_standard_one()
    {
        Assert.Equal(0xCBF43926u, SafetensorsTestFile.ReferenceCrc32("123456789"u8.ToArray()));
    }

    // ---- Mismatches: the message names the file and both values, and the network is untouched -------

    [Fact]
    public void A_file_for_another_architecture_is_refused_naming_both()
    {
        const string other = "Input 3 → Dense 3→4 → Dense 4→2";
        string path = PathOf("model.safetensors");
        ParameterFile.Save(Network<float>().Randomize(9), path);
        var network = Network<float>(other).Randomize(10);

        var exception = AssertRefused(network, path, ParameterFileError.ArchitectureMismatch);

        Assert.Contains($"'{Mlp}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{other}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float64_file_is_refused_by_a_float32_network()
    {
        string path = PathOf("model.safetensors");
        ParameterFile.Save(Network<double>().Randomize(13), path);

        var exception = AssertRefused(Network<float>().Randomize(14), path, ParameterFileError.ElementTypeMismatch);

        Assert.Contains("holds float64 parameters but this network uses float32", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float32_file_is_refused_by_a_float64_network()
    {
        string path = PathOf("model.safetensors");
        ParameterFile.Save(Network<float>().Randomize(15), path);

        var exception = AssertRefused(Network<double>().Randomize(16), path, ParameterFileError.ElementTypeMismatch);

        Assert.Contains("holds float32 parameters but this network uses float64", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_metadata_the_dtypes_still_decide_the_element_type()
    {
        string path = SaveAndEdit(Network<double>().Randomize(17), file => file.Header.Remove("__metadata__"));

        var exception = AssertRefused(Network<float>().Randomize(18), path, ParameterFileError.ElementTypeMismatch);

        Assert.Contains("holds float64 parameters (tensor 'fc1.weight' has dtype F64) but this network uses float32 (F32)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float16_tensor_is_an_element_type_mismatch()
    {
        string path = SaveAndEdit(Network<float>().Randomize(19), file =>
        {
            file.Header.Remove("__metadata__");
            file.Header["fc2.bias"]!["dtype"] = "F16";
            file.Header["fc2.bias"]!["shape"] = new JsonArray(4); // 8 bytes, so the offsets still fit
        });

        var exception = AssertRefused(Network<float>().Randomize(20), path, ParameterFileError.ElementTypeMismatch);

        Assert.Contains("dtype F16", exception.Message, StringComparison.Ordinal);
        Assert.Equal(["fc2.bias"], exception.TensorNames);
    }

    [Fact]
    public void A_missing_tensor_is_named_with_its_shape()
    {
        string path = SaveAndEdit(Network<float>().Randomize(21), file => file.RemoveTensor("bn1.running_var"));

        var exception = AssertRefused(Network<float>().Randomize(22), path, ParameterFileError.MissingTensor);

        Assert.Equal(["bn1.running_var"], exception.TensorNames);
        Assert.Contains("lacks 1 tensor that this network needs: 'bn1.running_var' [4]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_tensor_is_missing_and_the_message_says_what_is_there_instead()
    {
        string path = SaveAndEdit(Network<float>().Randomize(23), file => file.RenameTensor("fc2.weight", "head.weight"));

        var exception = AssertRefused(Network<float>().Randomize(24), path, ParameterFileError.MissingTensor);

        Assert.Equal(["fc2.weight"], exception.TensorNames);
        Assert.Contains("It holds instead 'head.weight' [2, 4]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_tensors_are_refused_and_listed()
    {
        string path = SaveAndEdit(Network<float>().Randomize(25), file =>
        {
            file.AddTensor("fc3.weight", "F32", [2, 2], new byte[16]);
            file.AddTensor("fc3.bias", "F32", [2], new byte[8]);
        });

        var exception = AssertRefused(Network<float>().Randomize(26), path, ParameterFileError.UnexpectedTensor);

        Assert.Equal(["fc3.weight", "fc3.bias"], exception.TensorNames);
        Assert.Contains("holds 2 tensors that this network does not have: 'fc3.weight' [2, 2], 'fc3.bias' [2]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_of_another_shape_is_refused_naming_both_shapes()
    {
        // Same element count, so only the shape is wrong.
        string path = SaveAndEdit(Network<float>().Randomize(27), file => file.Header["fc1.weight"]!["shape"] = new JsonArray(3, 4));

        var exception = AssertRefused(Network<float>().Randomize(28), path, ParameterFileError.ShapeMismatch);

        Assert.Equal(["fc1.weight"], exception.TensorNames);
        Assert.Contains("'fc1.weight' with shape [3, 4] where this network has [4, 3]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_with_more_parameters_refuses_the_file_by_shape()
    {
        string path = PathOf("model.safetensors");
        ParameterFile.Save(new FakeNetwork<float>("same", 12).Randomize(29), path);

        var exception = AssertRefused(new FakeNetwork<float>("same", 13).Randomize(30), path, ParameterFileError.ShapeMismatch);

        Assert.Contains("'fake.weight' with shape [12] where this network has [13]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PyTorchs_num_batches_tracked_counters_are_ignored()
    {
        var saved = Network<float>().Randomize(31);
        string path = SaveAndEdit(saved, file =>
        {
            byte[] count = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(count, 1234);
            file.AddTensor("bn1.num_batches_tracked", "I64", [], count);
        });
        var loaded = Network<float>().Randomize(32);

        ParameterFile.Load(loaded, path);

        Assert.Equal(saved.Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void A_file_without_metadata_loads_by_names_and_shapes()
    {
        var saved = Network<double>().Randomize(33);
        string path = SaveAndEdit(saved, file => file.Header.Remove("__metadata__"), includeOptimizerState: false);
        var loaded = Network<double>().Randomize(34);

        ParameterFile.Load(loaded, path);

        AssertBitEqual(saved.ParameterArray, loaded.ParameterArray);
        AssertBitEqual(saved.StateArray, loaded.StateArray);
        Assert.All(loaded.OptimizerStateArray, v => Assert.Equal(0d, v));
        Assert.Equal(0, loaded.Step);
    }

    [Fact]
    public void Tensors_may_come_in_any_order_in_the_header_and_the_data()
    {
        var saved = Network<float>().Randomize(35);
        string path = SaveAndEdit(saved, file =>
        {
            // Move fc1.weight's bytes to the end of the data and its entry to the end of the header.
            (long begin, long end) = file.OffsetsOf("fc1.weight");
            byte[] bytes = file.Data[(int)begin..(int)end];
            file.RemoveTensor("fc1.weight");
            file.AddTensor("fc1.weight", "F32", [4, 3], bytes);
        });
        var loaded = Network<float>().Randomize(36);

        ParameterFile.Load(loaded, path);

        Assert.Equal(saved.Snapshot(), loaded.Snapshot());
    }

    // ---- Optimizer state ----------------------------------------------------------------------------

    [Fact]
    public void Optimizer_state_of_another_kind_of_optimizer_is_refused_naming_both()
    {
        string path = SaveAndEdit(Network<float>().Randomize(37), file =>
        {
            file.Metadata!["optimizer"] = "Adam(lr=0.001, betas=(0.9, 0.999))";
            file.Metadata!["optimizer_buffers"] = "exp_avg";
            foreach (string name in file.TensorNames.Where(n => n.StartsWith("optimizer.velocity.", StringComparison.Ordinal)))
            {
                file.RenameTensor(name, name.Replace("velocity", "exp_avg", StringComparison.Ordinal));
            }
        });

        var exception = AssertRefused(Network<float>().Randomize(38), path, ParameterFileError.OptimizerMismatch);

        Assert.Contains("holds the state of a Adam optimizer ('Adam(lr=0.001, betas=(0.9, 0.999))')", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"this network trains with Momentum ('{Momentum}')", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_optimizer_name_other_buffers_are_an_optimizer_mismatch()
    {
        string path = SaveAndEdit(Network<float>().Randomize(39), file =>
        {
            file.Metadata!.Remove("optimizer");
            file.RenameTensor("optimizer.velocity.fc1.bias", "optimizer.exp_avg_sq.fc1.bias");
        });

        var exception = AssertRefused(Network<float>().Randomize(40), path, ParameterFileError.OptimizerMismatch);

        Assert.Contains("'exp_avg_sq'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("keeps 'velocity'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_optimizer_with_other_hyperparameters_loads_its_state()
    {
        var saved = Network<float>().Randomize(41);
        string path = SaveAndEdit(saved, file => file.Metadata!["optimizer"] = "Momentum(lr=0.5, momentum=0.8, weight_decay=0.1)");
        var loaded = Network<float>().Randomize(42);

        ParameterFile.Load(loaded, path);

        Assert.Equal(saved.Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void A_missing_optimizer_tensor_is_named()
    {
        string path = SaveAndEdit(Network<float>().Randomize(43), file => file.RemoveTensor("optimizer.velocity.fc1.bias"));

        var exception = AssertRefused(Network<float>().Randomize(44), path, ParameterFileError.MissingTensor);

        Assert.Equal(["optimizer.velocity.fc1.bias"], exception.TensorNames);
        Assert.Contains("that this network's optimizer needs", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_optimizer_tensor_for_state_is_unexpected()
    {
        string path = SaveAndEdit(Network<float>().Randomize(45), file => file.AddTensor("optimizer.velocity.bn1.running_mean", "F32", [4], new byte[16]));

        var exception = AssertRefused(Network<float>().Randomize(46), path, ParameterFileError.UnexpectedTensor);

        Assert.Equal(["optimizer.velocity.bn1.running_mean"], exception.TensorNames);
    }

    [Fact]
    public void A_misshapen_optimizer_tensor_is_refused()
    {
        string path = SaveAndEdit(Network<float>().Randomize(47), file => file.Header["optimizer.velocity.fc1.weight"]!["shape"] = new JsonArray(12));

        var exception = AssertRefused(Network<float>().Randomize(48), path, ParameterFileError.ShapeMismatch);

        Assert.Equal(["optimizer.velocity.fc1.weight"], exception.TensorNames);
    }

    [Theory]
    [InlineData("-3")]
    [InlineData("+3")]
    [InlineData("3.0")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void A_malformed_step_is_refused(string step)
    {
        string path = SaveAndEdit(Network<float>().Randomize(49), file => file.Metadata!["step"] = step);

        var exception = AssertRefused(Network<float>().Randomize(50), path, ParameterFileError.MalformedHeader);

        Assert.Contains($"metadata step of '{step}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimizer_tensors_without_a_step_load_with_step_zero()
    {
        var saved = Network<float>().Randomize(51);
        string path = SaveAndEdit(saved, file => file.Metadata!.Remove("step"));
        var loaded = Network<float>().Randomize(52);

        ParameterFile.Load(loaded, path);

        AssertBitEqual(saved.OptimizerStateArray, loaded.OptimizerStateArray);
        Assert.Equal(0, loaded.Step);
    }

    // ---- Damaged and foreign files ----------------------------------------------------------------

    [Theory]
    [InlineData("{\"weights\": [0.1, 0.2]}")]
    [InlineData("SNPARAMX and more bytes after it")]
    [InlineData("Lorem ipsum dolor sit amet")]
    public void A_file_that_is_not_a_safetensors_file_is_refused(string contents)
    {
        string path = PathOf("notes.txt");
        File.WriteAllText(path, contents);

        var exception = AssertRefused(Network<float>().Randomize(53), path, ParameterFileError.NotSafetensors);

        Assert.Contains("is not a safetensors parameter file", exception.Message, StringComparison.Ordinal);
        Assert.Contains("header length of", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_in_the_former_format_is_recognised()
    {
        string path = PathOf("old.snp");
        File.WriteAllBytes(path, [.. "SNPARAMS"u8, 1, 0, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

        var exception = AssertRefused(Network<float>().Randomize(54), path, ParameterFileError.NotSafetensors);

        Assert.Contains("former SNPARAMS format", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 4, 0, 0, 0, 0, 0, 0, 0, (byte)'[', (byte)'1', (byte)']', (byte)' ' }, "starts with byte 0x5B")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, "header length is 0")]
    [InlineData(new byte[] { 0x01, 0xE1, 0xF5, 0x05, 0, 0, 0, 0 }, "header length of 100000001 bytes")]
    [InlineData(new byte[] { 0, 0, 0, 0, 1 }, "cannot start a header length")]
    public void A_header_that_cannot_be_safetensors_is_refused(byte[] bytes, string expectedText)
    {
        string path = PathOf("odd.bin");
        File.WriteAllBytes(path, bytes);

        var exception = AssertRefused(Network<float>().Randomize(55), path, ParameterFileError.NotSafetensors);

        Assert.Contains(expectedText, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":", "not valid JSON")]
    [InlineData("{\"a\":1,}", "not valid JSON")]
    [InlineData("{} {}", "not valid JSON")]
    [InlineData("{\"__metadata__\":[]}", "not an object of strings")]
    [InlineData("{\"__metadata__\":{\"format\":1}}", "safetensors metadata values are strings")]
    [InlineData("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", "metadata key 'a' twice")]
    [InlineData("{\"__metadata__\":{\"crc32\":\"xyz\"}}", "crc32 of 'xyz', which is not 8 hexadecimal digits")]
    [InlineData("{\"__metadata__\":{\"crc32\":\"0x123456\"}}", "not 8 hexadecimal digits")]
    [InlineData("{\"__metadata__\":{\"element_type\":\"float16\"}}", "neither float32 nor float64")]
    [InlineData("{\"w\":[]}", "tensor 'w': it is a JSON Array")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", "shape is not an array of non-negative integers")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,0]}}", "shape is not an array of non-negative integers")]
    [InlineData("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", "dtype is not a string")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "not a [begin, end] pair")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "not a [begin, end] pair")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "lacks data_offsets")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "has 'dtype' twice")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "key 'w' twice")]
    public void A_malformed_header_is_refused(string header, string expectedText)
    {
        string path = PathOf("malformed.safetensors");
        File.WriteAllBytes(path, SafetensorsTestFile.Compose(header, new byte[4]));

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 1).Randomize(56), path, ParameterFileError.MalformedHeader);

        Assert.Contains(expectedText, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_is_not_utf8_is_refused()
    {
        string path = PathOf("latin1.safetensors");
        File.WriteAllBytes(path, SafetensorsTestFile.Compose([.. "{\"__metadata__\":{\"a\":\""u8, 0xFF, .. "\"}}"u8], []));

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 1).Randomize(57), path, ParameterFileError.MalformedHeader);

        Assert.Contains("not valid UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"fake.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "'fake.weight' starts at byte 4, leaving a gap after the data before it, which ends at byte 0")]
    [InlineData("{\"fake.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", 12, "data_offsets [0, 12] (12 bytes), but its dtype F32 and shape [2] need 8 bytes")]
    [InlineData("{\"fake.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[4,12]}}", 12, "overlapping")]
    [InlineData("{\"fake.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b.num_batches_tracked\":{\"dtype\":\"Q9\",\"shape\":[],\"data_offsets\":[8,9]}}", 9, "unknown dtype 'Q9'")]
    [InlineData("{\"fake.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[8,16]}}", 16, "need more than 2^63 bytes")]
    public void Data_offsets_that_do_not_tile_the_data_are_refused(string header, int dataLength, string expectedText)
    {
        string path = PathOf("offsets.safetensors");
        File.WriteAllBytes(path, SafetensorsTestFile.Compose(header, new byte[dataLength]));

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 2).Randomize(58), path, ParameterFileError.MalformedHeader);

        Assert.Contains(expectedText, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_file_truncated_at_any_point_is_refused(bool includeOptimizerState)
    {
        string complete = PathOf("complete.safetensors");
        ParameterFile.Save(Network<double>().Randomize(59), complete, includeOptimizerState);
        byte[] bytes = File.ReadAllBytes(complete);
        string path = PathOf("cut.safetensors");

        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);

            var exception = AssertRefused(Network<double>().Randomize(60), path, ParameterFileError.Truncated);

            Assert.Contains($"{path} is truncated: expected ", exception.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(5, "expected 8 bytes of header length at offset 0, found 5")]
    [InlineData(8 + 10, "bytes of header at offset 8, found 10")]
    public void A_truncation_message_names_the_section_and_both_sizes(int cutTo, string expectedText)
    {
        string path = SaveAndEdit(new FakeNetwork<float>(Mlp, 4).Randomize(61), _ => { });
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..cutTo]);

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 4).Randomize(62), path, ParameterFileError.Truncated);

        Assert.Contains(expectedText, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncation_in_the_data_names_its_size_and_offset()
    {
        string path = SaveAndEdit(new FakeNetwork<float>(Mlp, 4, hasOptimizerState: false).Randomize(63), _ => { });
        byte[] bytes = File.ReadAllBytes(path);
        int dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        File.WriteAllBytes(path, bytes[..(dataStart + 6)]);

        var exception = AssertRefused(new FakeNetwork<float>(Mlp, 4).Randomize(64), path, ParameterFileError.Truncated);

        Assert.Contains($"expected 16 bytes of tensor data at offset {dataStart}, found 6", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_flipped_byte_in_the_data_fails_the_checksum()
    {
        string complete = PathOf("complete.safetensors");
        ParameterFile.Save(Network<float>().Randomize(65), complete);
        byte[] bytes = File.ReadAllBytes(complete);
        int dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string path = PathOf("flipped.safetensors");

        for (int offset = dataStart; offset < bytes.Length; offset++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[offset] ^= 0x10;
            File.WriteAllBytes(path, damaged);

            var exception = AssertRefused(Network<float>().Randomize(66), path, ParameterFileError.ChecksumMismatch);

            Assert.Contains("CRC-32", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_changed_checksum_fails_the_checksum_naming_both()
    {
        string path = SaveAndEdit(Network<float>().Randomize(67), file => file.Metadata!["crc32"] = "0badf00d", resign: false);
        string actual = SafetensorsTestFile.ReferenceCrc32(ReadFile(path).Data).ToString("x8", CultureInfo.InvariantCulture);

        var exception = AssertRefused(Network<float>().Randomize(68), path, ParameterFileError.ChecksumMismatch);

        Assert.Contains($"CRC-32 of 0badf00d, but the data hashes to {actual}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_after_the_tensor_data_is_refused()
    {
        string path = SaveAndEdit(Network<float>().Randomize(69), _ => { });
        File.AppendAllText(path, "abc");

        var exception = AssertRefused(Network<float>().Randomize(70), path, ParameterFileError.TrailingData);

        Assert.Contains("3 unexpected bytes after its tensor data", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_stream_is_refused_without_a_path()
    {
        using var stream = new MemoryStream();
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 4).Randomize(71), stream, includeOptimizerState: false);
        var network = new FakeNetwork<float>(Mlp, 4).Randomize(72);
        byte[] before = network.Snapshot();

        using var cut = new MemoryStream(stream.ToArray()[..^1]);
        var exception = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, cut));

        Assert.Equal(ParameterFileError.Truncated, exception.Error);
        Assert.Null(exception.FilePath);
        Assert.StartsWith("The parameter stream is truncated: expected 16 bytes of tensor data", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("found 15.", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Snapshot());
    }

    // ---- Files on disk ----------------------------------------------------------------------------

    [Fact]
    public void Saving_over_an_existing_file_replaces_it_and_leaves_no_temporary_files()
    {
        string path = PathOf("model.safetensors");
        ParameterFile.Save(Network<float>().Randomize(73), path);
        var newer = Network<float>().Randomize(74);

        ParameterFile.Save(newer, path);

        Assert.Equal([path], Directory.GetFileSystemEntries(_directory));
        var loaded = Network<float>();
        ParameterFile.Load(loaded, path);
        Assert.Equal(newer.Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void A_failed_save_leaves_the_existing_file_and_no_temporary_files()
    {
        string path = PathOf("model.safetensors");
        ParameterFile.Save(Network<float>().Randomize(75), path);
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

        Assert.ThrowsAny<IOException>(() => ParameterFile.Save(Network<float>().Randomize(76), target));

        Assert.Equal([target], Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void Saving_into_a_missing_directory_names_it()
    {
        string path = Path.Combine(_directory, "missing", "model.safetensors");

        var exception = Assert.Throws<DirectoryNotFoundException>(() => ParameterFile.Save(Network<float>(), path));

        Assert.Contains(Path.Combine(_directory, "missing"), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_missing_file_names_its_path()
    {
        string path = PathOf("absent.safetensors");
        var network = Network<float>().Randomize(77);
        byte[] before = network.Snapshot();

        var exception = Assert.Throws<FileNotFoundException>(() => ParameterFile.Load(network, path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Equal(path, exception.FileName);
        Assert.Equal(before, network.Snapshot());
    }

    [Fact]
    public void Loading_from_a_missing_directory_is_a_missing_file()
    {
        string path = Path.Combine(_directory, "missing", "absent.safetensors");

        var exception = Assert.Throws<FileNotFoundException>(() => ParameterFile.Load(Network<float>(), path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Element_types_other_than_float_and_double_are_not_supported()
    {
        string path = PathOf("model.safetensors");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 2), path);

        Assert.Throws<NotSupportedException>(() => ParameterFile.Load(new FakeNetwork<Half>(Mlp, 2), path));
    }

    // ---- Networks that break the INetwork contract -----------------------------------------------

    [Fact]
    public void Tensors_that_do_not_tile_the_parameters_are_refused_before_anything_happens()
    {
        string path = PathOf("model.safetensors");
        ParameterFile.Save(new FakeNetwork<float>(Mlp, 4).Randomize(78), path);
        var network = new FakeNetwork<float>(Mlp, 4).Randomize(79);
        network.TensorList = [new TensorInfo("fake.weight", TensorKind.Parameter, 0, [3], Decayed: true)];
        byte[] before = network.Snapshot();

        var load = Assert.Throws<InvalidOperationException>(() => ParameterFile.Load(network, path));
        Assert.Throws<InvalidOperationException>(() => ParameterFile.Save(network, PathOf("other.safetensors")));

        Assert.Contains("tile Parameters", load.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Snapshot());
        Assert.False(File.Exists(PathOf("other.safetensors")));
    }

    [Theory]
    [InlineData("optimizer.weight")]
    [InlineData("__metadata__")]
    [InlineData("")]
    public void Reserved_or_empty_tensor_names_are_refused(string name)
    {
        var network = new FakeNetwork<float>(Mlp, [(name, [2])], []);
        using var stream = new MemoryStream();

        var exception = Assert.Throws<InvalidOperationException>(() => ParameterFile.Save(network, stream));

        Assert.Contains("reserved", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_written_to_a_stream_when_a_check_fails()
    {
        using var stream = new MemoryStream();

        Assert.Throws<NotSupportedException>(() => ParameterFile.Save(new FakeNetwork<Half>(Mlp, 2), stream));

        Assert.Equal(0, stream.Length);
    }

    // ---- Helpers ----------------------------------------------------------------------------------

    /// <summary>Asserts that loading <paramref name="path"/> fails with <paramref name="error"/>, names the path, and changes nothing.</summary>
    private static ParameterFileException AssertRefused<T>(FakeNetwork<T> network, string path, ParameterFileError error)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        byte[] before = network.Snapshot();

        var exception = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, path));

        Assert.Equal(error, exception.Error);
        Assert.Equal(path, exception.FilePath);
        Assert.StartsWith(path + " ", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Snapshot());
        return exception;
    }

    private SafetensorsTestFile ReadFile(string name) => SafetensorsTestFile.Parse(File.ReadAllBytes(PathOf(name)));

    /// <summary>Saves <paramref name="network"/>, applies <paramref name="edit"/> to the parsed file, and writes it back re-signed unless told otherwise.</summary>
    private string SaveAndEdit<T>(FakeNetwork<T> network, Action<SafetensorsTestFile> edit, bool includeOptimizerState = true, bool resign = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string path = PathOf("edited.safetensors");
        ParameterFile.Save(network, path, includeOptimizerState);
        var file = SafetensorsTestFile.Parse(File.ReadAllBytes(path));
        edit(file);
        File.WriteAllBytes(path, file.ToBytes(resign));
        return path;
    }

    private static void AssertBitEqual<T>(T[] expected, T[] actual)
        where T : unmanaged =>
        Assert.Equal(MemoryMarshal.AsBytes(expected.AsSpan()).ToArray(), MemoryMarshal.AsBytes(actual.AsSpan()).ToArray());
}
