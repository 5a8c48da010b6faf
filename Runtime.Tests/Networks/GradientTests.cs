using System;
using System.Linq;
using Xunit;

namespace StaticNet.Runtime.Tests.Networks;

/// <summary>
/// Generated forward passes and gradients against the plain reference and against central finite
/// differences, in double, for every activation and every loss.
/// </summary>
public class GradientTests
{
    private const int Samples = 3; // fewer than BatchCapacity: partial batches must be exact too

    public static TheoryData<string> Networks => new(Cases.Select(c => c.Name));

    private static readonly Case[] Cases =
    [
        Regressor(new SigmoidSquaredError(), [new(4, 5, Activation.Sigmoid), new(5, 3, Activation.Identity)], LossKind.SquaredError),
        Regressor(new TanhSquaredError(), [new(4, 5, Activation.Tanh), new(5, 3, Activation.Tanh)], LossKind.SquaredError),
        Classifier(new ReLUCrossEntropy(), [new(4, 6, Activation.ReLU), new(6, 3, Activation.Identity)]),
        Classifier(new LeakySoftmaxCrossEntropy(), [new(4, 6, Activation.LeakyReLU, 0.1), new(6, 3, Activation.Softmax)]),
        Regressor(new TanhBinaryCrossEntropy(), [new(4, 5, Activation.Tanh), new(5, 2, Activation.Sigmoid)], LossKind.BinaryCrossEntropy),
        Regressor(new SoftmaxSquaredError(), [new(4, 5, Activation.ReLU), new(5, 5, Activation.Identity), new(5, 3, Activation.Softmax)], LossKind.SquaredError),
    ];

    [Theory]
    [MemberData(nameof(Networks))]
    public void Forward_matches_the_reference(string name)
    {
        Case c = Cases.Single(x => x.Name == name);
        (double[][] inputs, _) = c.Data(seed: 1);
        var outputs = new double[Samples * c.Network.OutputLength];

        c.Network.Forward(inputs.SelectMany(x => x).ToArray(), outputs);

        for (int s = 0; s < Samples; s++)
        {
            double[] expected = c.Reference.Forward(c.Network.Parameters, inputs[s]);
            for (int o = 0; o < expected.Length; o++)
            {
                Assert.Equal(expected[o], outputs[s * expected.Length + o], 1e-12);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Gradient_matches_the_reference_and_finite_differences(string name)
    {
        Case c = Cases.Single(x => x.Name == name);
        (double[][] inputs, double[][] targets) = c.Data(seed: 2);
        double[] parameters = c.Network.Parameters.ToArray();

        double loss = c.TrainStep(inputs, targets);
        double[] generated = c.Network.Gradients.ToArray();
        parameters.CopyTo(c.Network.Parameters);

        (double referenceLoss, double[] reference) = c.Reference.LossAndGradient(parameters, inputs, targets);
        Assert.Equal(referenceLoss, loss, 1e-12);
        double referenceError = GradientCheck.MaxRelativeError(generated, reference, floor: 1e-8, out _);
        Assert.True(referenceError <= 1e-9, $"vs reference: {referenceError}");

        double[] numeric = GradientCheck.CentralDifferences(c.Network.Parameters, () => c.Loss(inputs, targets));
        double error = GradientCheck.MaxRelativeError(generated, numeric, GradientCheck.NoiseFloor, out _);
        Assert.True(error <= 1e-6, $"max relative error against central differences: {error}");
    }

    [Fact]
    public void Single_precision_network_matches_the_double_reference()
    {
        var network = new ReLUCrossEntropySingle();
        var reference = new ReferenceNetwork([new(4, 6, Activation.ReLU), new(6, 3, Activation.Identity)], LossKind.SoftmaxCrossEntropy);
        var random = new Random(3);
        double[][] inputs = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        int[] labels = Enumerable.Range(0, 8).Select(i => i % 3).ToArray();
        double[] parameters = network.Parameters.ToArray().Select(v => (double)v).ToArray();

        float loss = network.TrainStep(inputs.SelectMany(x => x.Select(v => (float)v)).ToArray(), labels);
        double[] generated = network.Gradients.ToArray().Select(v => (double)v).ToArray();

        double[][] targets = labels.Select(l => Enumerable.Range(0, 3).Select(i => i == l ? 1.0 : 0.0).ToArray()).ToArray();
        (double referenceLoss, double[] expected) = reference.LossAndGradient(parameters, inputs, targets);
        Assert.Equal(referenceLoss, loss, 1e-5);
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.True(Math.Abs(expected[p] - generated[p]) <= 1e-5 + 1e-4 * Math.Abs(expected[p]), $"parameter {p}: {generated[p]} vs {expected[p]}");
        }
    }

    private static Case Classifier<TNet>(TNet network, ReferenceLayer[] layers)
        where TNet : IClassifier<double> =>
        new(
            typeof(TNet).Name,
            network,
            new ReferenceNetwork(layers, LossKind.SoftmaxCrossEntropy),
            (inputs, targets) => network.TrainStep(Flatten(inputs), Labels(targets)),
            (inputs, targets) => network.Loss(Flatten(inputs), Labels(targets)),
            OneHot: true);

    private static Case Regressor<TNet>(TNet network, ReferenceLayer[] layers, LossKind loss)
        where TNet : IRegressor<double> =>
        new(
            typeof(TNet).Name,
            network,
            new ReferenceNetwork(layers, loss),
            (inputs, targets) => network.TrainStep(Flatten(inputs), Flatten(targets)),
            (inputs, targets) => network.Loss(Flatten(inputs), Flatten(targets)),
            OneHot: false);

    private static double[] Flatten(double[][] rows) => rows.SelectMany(r => r).ToArray();

    private static int[] Labels(double[][] oneHot) => oneHot.Select(r => Array.IndexOf(r, 1.0)).ToArray();

    private sealed record Case(
        string Name,
        INetwork<double> Network,
        ReferenceNetwork Reference,
        Func<double[][], double[][], double> TrainStep,
        Func<double[][], double[][], double> Loss,
        bool OneHot)
    {
        public (double[][] Inputs, double[][] Targets) Data(int seed)
        {
            var random = new Random(seed);
            double[][] inputs = Enumerable.Range(0, Samples)
                .Select(_ => Enumerable.Range(0, Network.InputLength).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
            double[][] targets = Enumerable.Range(0, Samples).Select(s => OneHot
                ? Enumerable.Range(0, Network.OutputLength).Select(o => o == (s + 1) % Network.OutputLength ? 1.0 : 0.0).ToArray()
                : Enumerable.Range(0, Network.OutputLength).Select(_ => random.NextDouble()).ToArray()).ToArray();
            return (inputs, targets);
        }
    }
}
