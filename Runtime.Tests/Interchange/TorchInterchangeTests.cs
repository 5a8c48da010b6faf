using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;
using StaticNet.IO;
using StaticNet.Runtime.Tests.IO;
using StaticNet.Runtime.Tests.Networks;
using Xunit;

namespace StaticNet.Runtime.Tests.Interchange;

/// <summary>
/// Parameter files exchanged with PyTorch, in double precision, on <see cref="ConvBatchNormDropout"/> and the
/// equivalent <c>torch.nn</c> module in <c>torch_interchange.py</c>. Skipped only when PyTorch cannot be imported.
/// </summary>
public sealed class TorchInterchangeTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const int PyTorchMissing = 77;
    private const double Tolerance = 1e-10;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly string directory = Directory.CreateTempSubdirectory("staticnet-torch-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathOf(string name) => Path.Combine(directory, name);

    [SkippableFact]
    public void PyTorch_loads_a_file_StaticNet_saved_and_predicts_the_same()
    {
        var network = GeneratedNetworkFileTests.TrainConvBatchNormDropout(steps: 5);
        Assert.Contains(network.State.ToArray(), v => v is not (0 or 1)); // running statistics moved
        string model = PathOf("staticnet.safetensors");
        ParameterFile.Save(network, model); // with optimizer state, which PyTorch's loader skips
        const int count = 13;
        double[] inputs = GeneratedNetworkFileTests.Inputs(count, seed: 7);
        WriteDoubles(PathOf("inputs.f64"), inputs);

        string report = RunPython("run", model, PathOf("inputs.f64"), PathOf("outputs.f64"));

        using (var parsed = JsonDocument.Parse(report))
        {
            Assert.Equal(ConvBatchNormDropout.Architecture, parsed.RootElement.GetProperty("architecture").GetString());
        }

        var expected = new double[count * ConvBatchNormDropout.OutputLength];
        network.Forward(inputs, expected);
        AssertClose(expected, ReadDoubles(PathOf("outputs.f64")));
    }

    [SkippableFact]
    public void StaticNet_loads_a_PyTorch_state_dict_and_predicts_the_same()
    {
        string model = PathOf("torch.safetensors");
        const int count = 13;

        RunPython("train", model, PathOf("inputs.f64"), PathOf("outputs.f64"), count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var file = SafetensorsTestFile.Parse(File.ReadAllBytes(model));
        Assert.Null(file.Metadata);
        Assert.Contains("bn1.num_batches_tracked", file.TensorNames);
        Assert.Contains("batchnorm2.num_batches_tracked", file.TensorNames);
        var network = GeneratedNetworkFileTests.TrainConvBatchNormDropout(steps: 1); // momentum and a step count to be cleared

        ParameterFile.Load(network, model);

        Assert.All(network.OptimizerState.ToArray(), v => Assert.Equal(0d, v));
        Assert.Equal(0, network.Step);
        Assert.Contains(network.State.ToArray(), v => v is not (0 or 1)); // PyTorch's running statistics arrived
        double[] inputs = ReadDoubles(PathOf("inputs.f64"));
        Assert.Equal(count * ConvBatchNormDropout.InputLength, inputs.Length);
        var actual = new double[count * ConvBatchNormDropout.OutputLength];
        network.Forward(inputs, actual);
        AssertClose(ReadDoubles(PathOf("outputs.f64")), actual);
    }

    [SkippableFact]
    public void One_training_step_matches_PyTorch_loss_gradients_parameters_and_running_statistics()
    {
        const int count = 6;
        var network = new ConvBatchNorm();
        double[] warmUp = GeneratedNetworkFileTests.Inputs(8, seed: 3);
        network.TrainStep(warmUp, [0, 1, 2, 0, 1, 2, 0, 1]); // running statistics away from 0 and 1
        string model = PathOf("shared.safetensors");
        ParameterFile.Save(network, model, includeOptimizerState: false);
        ParameterFile.Load(network, model); // the same start on both sides: shared weights, no momentum yet
        double[] inputs = GeneratedNetworkFileTests.Inputs(count, seed: 11);
        int[] labels = [2, 0, 1, 1, 0, 2];
        WriteDoubles(PathOf("inputs.f64"), inputs);
        File.WriteAllBytes(PathOf("labels.i64"), MemoryMarshal.AsBytes(labels.Select(l => (long)l).ToArray().AsSpan()).ToArray());

        RunPython("step", model, PathOf("inputs.f64"), PathOf("labels.i64"), PathOf("result.safetensors"));

        var result = SafetensorsTestFile.Parse(File.ReadAllBytes(PathOf("result.safetensors")));
        double loss = network.ComputeGradients(inputs, labels);
        Assert.Equal(result.Doubles("loss")[0], loss, 1e-12);
        double[] gradients = network.Gradients.ToArray();
        network.TrainStep(inputs, labels);
        foreach (TensorInfo tensor in network.Tensors)
        {
            if (tensor.Kind == TensorKind.Parameter)
            {
                AssertClose(result.Doubles("grad." + tensor.Name), gradients.AsSpan(tensor.Offset, tensor.Length).ToArray());
            }

            Span<double> buffer = tensor.Kind == TensorKind.Parameter ? network.Parameters : network.State;
            AssertClose(result.Doubles("after." + tensor.Name), buffer.Slice(tensor.Offset, tensor.Length).ToArray());
        }
    }

    public static TheoryData<string, string> OptimizerSpecs => new()
    {
        { "sgd", """{"kind": "sgd", "lr": 0.1, "weight_decay": 0.01}""" },
        { "momentum", """{"kind": "momentum", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}""" },
        { "nesterov", """{"kind": "nesterov", "lr": 0.1, "momentum": 0.8, "weight_decay": 0.01}""" },
        { "adagrad", """{"kind": "adagrad", "lr": 0.1, "weight_decay": 0.01}""" },
        { "rmsprop", """{"kind": "rmsprop", "lr": 0.01, "alpha": 0.9, "weight_decay": 0.01}""" },
        { "adam", """{"kind": "adam", "lr": 0.01, "betas": [0.8, 0.99], "weight_decay": 0.01}""" },
        { "adamw", """{"kind": "adamw", "lr": 0.01, "weight_decay": 0.1}""" },
        { "clip-norm", """{"kind": "momentum", "lr": 0.5, "momentum": 0.9, "clip_norm": 0.1}""" },
        { "clip-value", """{"kind": "adam", "lr": 0.01, "clip_value": 0.02}""" },
        { "l1", """{"kind": "sgd", "lr": 0.1, "l1": 0.01}""" },
    };

    [SkippableTheory]
    [MemberData(nameof(OptimizerSpecs))]
    public void Three_steps_of_each_optimizer_match_torch_optim(string name, string spec)
    {
        IClassifier<double> network = Optimizers.OptimizerNetworkTests.Networks[name]();
        string model = PathOf("start.safetensors");
        ParameterFile.Save(network, model, includeOptimizerState: false);
        var inputs = new System.Collections.Generic.List<double>();
        var labels = new System.Collections.Generic.List<long>();
        for (int step = 0; step < 3; step++)
        {
            (double[] x, int[] y) = Optimizers.OptimizerNetworkTests.Batch(step);
            inputs.AddRange(x);
            labels.AddRange(y.Select(l => (long)l));
            network.TrainStep(x, y);
        }

        WriteDoubles(PathOf("inputs.f64"), [.. inputs]);
        File.WriteAllBytes(PathOf("labels.i64"), MemoryMarshal.AsBytes(labels.ToArray().AsSpan()).ToArray());

        RunPython("optimize", model, spec, PathOf("inputs.f64"), PathOf("labels.i64"), PathOf("result.safetensors"));

        var result = SafetensorsTestFile.Parse(File.ReadAllBytes(PathOf("result.safetensors")));
        foreach (TensorInfo tensor in network.Tensors)
        {
            double[] expected = result.Doubles("after." + tensor.Name);
            double[] actual = network.Parameters.Slice(tensor.Offset, tensor.Length).ToArray();
            double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst <= 1e-12, $"{name}: {tensor.Name} differs from torch.optim by up to {worst:E3} after three steps.");
        }
    }

    /// <summary>Runs the script with <paramref name="arguments"/>; skips the test if PyTorch is missing, fails it on any other error.</summary>
    private static string RunPython(params string[] arguments)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Interchange", "torch_interchange.py");
        Assert.True(File.Exists(script), $"{script} was not copied to the test output directory.");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        }
        catch (Win32Exception exception)
        {
            Skip.If(true, $"PyTorch cannot be imported: {Python} cannot be run ({exception.Message}).");
            throw;
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{Python} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout}.");
            }

            process.WaitForExit();
            Skip.If(process.ExitCode == PyTorchMissing, $"PyTorch cannot be imported by {Python}: {error.Result.Trim()}");
            Assert.True(process.ExitCode == 0, $"{Python} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{error.Result}");
            return output.Result;
        }
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"StaticNet and PyTorch differ by up to {worst:E3} (tolerance {Tolerance:E0}).");
        Assert.All(actual, v => Assert.True(double.IsFinite(v)));
    }

    private static void WriteDoubles(string path, double[] values)
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEach(bytes);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static double[] ReadDoubles(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEach(bytes);
        }

        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }

    private static void ReverseEach(byte[] bytes)
    {
        for (int i = 0; i < bytes.Length; i += sizeof(double))
        {
            bytes.AsSpan(i, sizeof(double)).Reverse();
        }
    }
}
