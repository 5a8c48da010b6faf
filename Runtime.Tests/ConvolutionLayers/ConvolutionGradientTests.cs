using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace StaticNet.Runtime.Tests.ConvolutionLayers;

/// <summary>
/// Every spatial layer kind over a grid of strides, paddings (symmetric, asymmetric, same), dilations, channel counts
/// and kernel shapes (<see cref="GridNetworks"/>): the generated forward pass against <see cref="ConvolutionReference"/>,
/// and the generated gradients (parameters and the layer's input) against central finite differences, in double.
/// </summary>
public class ConvolutionGradientTests
{
    private const int Samples = 3; // fewer than BatchCapacity: partial batches must be exact too
    private const int Outputs = 3;

    public static TheoryData<string> Cases => new(GridNetworks.All.Select(c => c.Name));

    [Fact]
    public void The_grid_covers_every_spatial_layer_kind_in_at_least_thirty_configurations()
    {
        Assert.True(GridNetworks.All.Length >= 30, $"{GridNetworks.All.Length} configurations");
        Assert.Equal(GridNetworks.All.Length, GridNetworks.All.Select(c => c.Name).Distinct().Count());
        Type[] kinds = [typeof(RefConv2D), typeof(RefConv1D), typeof(RefConvTranspose2D), typeof(RefPool), typeof(RefPartitionPool), typeof(RefGlobalAvgPool)];
        Assert.All(kinds, kind => Assert.Contains(GridNetworks.All, c => c.Layer.GetType() == kind));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_matches_the_reference(string name)
    {
        GridCase c = GridNetworks.All.Single(x => x.Name == name);
        IRegressor<double> network = Prepare(c, seed: 1);
        double[][] inputs = TieFreeInputs(network.InputLength, seed: 2);
        var outputs = new double[Samples * Outputs];

        network.Forward(inputs.SelectMany(x => x).ToArray(), outputs);

        Assert.Equal(network.Parameters.Length, c.ParameterCount);
        for (int s = 0; s < Samples; s++)
        {
            double[] expected = c.Forward(network.Parameters, inputs[s]);
            Assert.Equal(Outputs, expected.Length);
            for (int o = 0; o < Outputs; o++)
            {
                Assert.Equal(expected[o], outputs[(s * Outputs) + o], 1e-12);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_central_differences(string name)
    {
        GridCase c = GridNetworks.All.Single(x => x.Name == name);
        IRegressor<double> network = Prepare(c, seed: 3);
        double[] inputs = TieFreeInputs(network.InputLength, seed: 4).SelectMany(x => x).ToArray();
        var random = new Random(5);
        double[] targets = Enumerable.Range(0, Samples * Outputs).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        double[] parameters = network.Parameters.ToArray();

        double loss = network.TrainStep(inputs, targets);
        double[] generated = network.Gradients.ToArray();
        double[]? inputGradient = c.IdentityPreLayer ? LayerInputGradient(network, inputs.Length) : null;
        parameters.CopyTo(network.Parameters);

        Assert.Equal(ReferenceLoss(c, parameters, inputs, targets), loss, 1e-12);

        double[] numeric = GradientCheck.CentralDifferences(network.Parameters, () => network.Loss(inputs, targets));
        double error = GradientCheck.MaxRelativeError(generated, numeric, GradientCheck.NoiseFloor, out int worst);
        Assert.True(error <= 1e-6, $"parameter gradient: max relative error {error} at parameter {worst} ({generated[worst]} vs {numeric[worst]})");

        if (inputGradient is not null)
        {
            // The identity pre-layer passes the input through unchanged, so the gradient it receives from the layer
            // under test is ∂L/∂input, which central differences on the input measure directly.
            double[] numericInput = GradientCheck.CentralDifferences(inputs, () => network.Loss(inputs, targets));
            double inputError = GradientCheck.MaxRelativeError(inputGradient, numericInput, GradientCheck.NoiseFloor, out int worstInput);
            Assert.True(inputError <= 1e-6, $"input gradient: max relative error {inputError} at input {worstInput} ({inputGradient[worstInput]} vs {numericInput[worstInput]})");
        }
    }

    /// <summary>A fresh network with random parameters (nonzero biases too), its pre-layer set to the identity.</summary>
    private static IRegressor<double> Prepare(GridCase c, int seed)
    {
        IRegressor<double> network = c.Create();
        var random = new Random(seed);
        Span<double> parameters = network.Parameters;
        for (int p = 0; p < parameters.Length; p++)
        {
            parameters[p] = (random.NextDouble() - 0.5) * 0.8;
        }

        if (c.IdentityPreLayer)
        {
            int channels = c.Input[0];
            for (int o = 0; o < channels; o++)
            {
                for (int i = 0; i < channels; i++)
                {
                    parameters[(o * channels) + i] = o == i ? 1 : 0;
                }
            }
        }

        return network;
    }

    /// <summary>
    /// Random inputs whose values within a sample are at least 1/(4·length) apart (a shuffled grid with a little jitter),
    /// so no max-pooling window has a near tie that a step of <see cref="GradientCheck.Step"/> could flip.
    /// </summary>
    private static double[][] TieFreeInputs(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Samples).Select(_ =>
        {
            int[] order = Enumerable.Range(0, length).OrderBy(_ => random.Next()).ToArray();
            return order.Select(k => (((k + 0.25 + (random.NextDouble() * 0.5)) / length) * 2) - 1).ToArray();
        }).ToArray();
    }

    /// <summary>∂L/∂(input of the layer under test) from the last training step: the gradient buffer of the pre-layer's output.</summary>
    private static double[] LayerInputGradient(IRegressor<double> network, int count)
    {
        FieldInfo? field = network.GetType().GetField("_conv2D1OutputGradient", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? network.GetType().GetField("_conv1D1OutputGradient", BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.NotNull(field);
        var buffer = (AlignedBuffer<double>)field.GetValue(network)!;
        return buffer.AsSpan(0, count).ToArray();
    }

    private static double ReferenceLoss(GridCase c, double[] parameters, double[] inputs, double[] targets)
    {
        int length = inputs.Length / Samples;
        double total = 0;
        for (int s = 0; s < Samples; s++)
        {
            double[] y = c.Forward(parameters, inputs.AsSpan(s * length, length).ToArray());
            for (int o = 0; o < Outputs; o++)
            {
                double difference = y[o] - targets[(s * Outputs) + o];
                total += 0.5 * difference * difference;
            }
        }

        return total / Samples;
    }
}

/// <summary>
/// One grid network: [Input] → (identity 1×1 pre-layer) → <see cref="Layer"/> → [Flatten] → [Dense(3)], described for
/// the reference. Parameters follow the generated layout: layer by layer, weights then bias.
/// </summary>
internal sealed record GridCase(string Name, Func<IRegressor<double>> Create, int[] Input, bool IdentityPreLayer, RefLayer Layer)
{
    private const int Units = 3;

    private int PreLayerWeights => IdentityPreLayer ? Input[0] * Input[0] : 0;

    private int LayerOutputLength => Layer.OutputShape(Input).Aggregate(1, (a, b) => a * b);

    public int ParameterCount => PreLayerWeights + Layer.ParameterCount(Input) + (Units * LayerOutputLength) + Units;

    /// <summary>The network's output for one sample.</summary>
    public double[] Forward(ReadOnlySpan<double> parameters, double[] input)
    {
        double[] x = input;
        int offset = 0;
        if (IdentityPreLayer)
        {
            int channels = Input[0];
            int area = input.Length / channels;
            x = Input.Length == 3
                ? ConvolutionReference.Conv2D(input, channels, Input[1], Input[2], parameters.Slice(0, PreLayerWeights), [], channels, new(1), new(1))
                : ConvolutionReference.Conv1D(input, channels, area, parameters.Slice(0, PreLayerWeights), [], channels, new(1));
            offset = PreLayerWeights;
        }

        double[] y = Layer.Forward(parameters.Slice(offset, Layer.ParameterCount(Input)), x, Input);
        offset += Layer.ParameterCount(Input);
        return ConvolutionReference.Dense(y, parameters.Slice(offset, Units * y.Length), parameters.Slice(offset + (Units * y.Length), Units), Units);
    }
}

/// <summary>The layer under test of a grid network, as the reference computes it.</summary>
internal abstract record RefLayer
{
    public abstract int ParameterCount(int[] input);

    public abstract int[] OutputShape(int[] input);

    /// <summary>One sample through the layer; <paramref name="parameters"/> holds its weights then bias.</summary>
    public abstract double[] Forward(ReadOnlySpan<double> parameters, double[] x, int[] input);
}

/// <summary>Conv2D, weights [out, in, kh, kw]; optionally tanh.</summary>
internal sealed record RefConv2D(int Out, AxisOptions Rows, AxisOptions Columns, bool Bias, bool Tanh) : RefLayer
{
    private int Weights(int[] input) => Out * input[0] * Rows.Kernel * Columns.Kernel;

    public override int ParameterCount(int[] input) => Weights(input) + (Bias ? Out : 0);

    public override int[] OutputShape(int[] input) => [Out, Rows.OutputSize(input[1]), Columns.OutputSize(input[2])];

    public override double[] Forward(ReadOnlySpan<double> parameters, double[] x, int[] input)
    {
        double[] z = ConvolutionReference.Conv2D(x, input[0], input[1], input[2], parameters[..Weights(input)], parameters[Weights(input)..], Out, Rows, Columns);
        return Tanh ? z.Select(Math.Tanh).ToArray() : z;
    }
}

/// <summary>Conv1D, weights [out, in, k].</summary>
internal sealed record RefConv1D(int Out, AxisOptions Axis, bool Bias) : RefLayer
{
    private int Weights(int[] input) => Out * input[0] * Axis.Kernel;

    public override int ParameterCount(int[] input) => Weights(input) + (Bias ? Out : 0);

    public override int[] OutputShape(int[] input) => [Out, Axis.OutputSize(input[1])];

    public override double[] Forward(ReadOnlySpan<double> parameters, double[] x, int[] input) =>
        ConvolutionReference.Conv1D(x, input[0], input[1], parameters[..Weights(input)], parameters[Weights(input)..], Out, Axis);
}

/// <summary>ConvTranspose2D, weights [in, out, kh, kw] (PyTorch's layout).</summary>
internal sealed record RefConvTranspose2D(int Out, AxisOptions Rows, AxisOptions Columns, int OutputPadding, bool Bias) : RefLayer
{
    private int Weights(int[] input) => input[0] * Out * Rows.Kernel * Columns.Kernel;

    public override int ParameterCount(int[] input) => Weights(input) + (Bias ? Out : 0);

    public override int[] OutputShape(int[] input) =>
        [Out, Rows.TransposedOutputSize(input[1], OutputPadding), Columns.TransposedOutputSize(input[2], OutputPadding)];

    public override double[] Forward(ReadOnlySpan<double> parameters, double[] x, int[] input) =>
        ConvolutionReference.ConvTranspose2D(x, input[0], input[1], input[2], parameters[..Weights(input)], parameters[Weights(input)..], Out, Rows, Columns, OutputPadding);
}

/// <summary>Max or average pooling with windows; a [C, L] input is pooled as a [C, 1, L] one with a one-row window.</summary>
internal sealed record RefPool(bool Max, AxisOptions Rows, AxisOptions Columns) : RefLayer
{
    public override int ParameterCount(int[] input) => 0;

    public override int[] OutputShape(int[] input) => input.Length == 3
        ? [input[0], Rows.OutputSize(input[1]), Columns.OutputSize(input[2])]
        : [input[0], Columns.OutputSize(input[1])];

    public override double[] Forward(ReadOnlySpan<double> parameters, double[] x, int[] input) => input.Length == 3
        ? ConvolutionReference.Pool2D(x, input[0], input[1], input[2], Rows, Columns, Max)
        : ConvolutionReference.Pool2D(x, input[0], 1, input[1], Rows, Columns, Max);
}

/// <summary>Max or average pooling over a row × column partition; 1-D partitions have the single row block { 1 }.</summary>
internal sealed record RefPartitionPool(bool Max, int[] RowBlocks, int[] ColumnBlocks) : RefLayer
{
    public override int ParameterCount(int[] input) => 0;

    public override int[] OutputShape(int[] input) => input.Length == 3
        ? [input[0], RowBlocks.Length, ColumnBlocks.Length]
        : [input[0], ColumnBlocks.Length];

    public override double[] Forward(ReadOnlySpan<double> parameters, double[] x, int[] input) =>
        ConvolutionReference.PartitionPool(x, input[0], RowBlocks, ColumnBlocks, Max);
}

/// <summary>Global average pooling, [C, …] → [C].</summary>
internal sealed record RefGlobalAvgPool : RefLayer
{
    public override int ParameterCount(int[] input) => 0;

    public override int[] OutputShape(int[] input) => [input[0]];

    public override double[] Forward(ReadOnlySpan<double> parameters, double[] x, int[] input) =>
        ConvolutionReference.GlobalAveragePool(x, input[0], x.Length / input[0]);
}
