using System;
using StaticNet.Data;
using StaticNet.Training;
using Xunit;

namespace StaticNet.Runtime.Tests.Training;

public class MetricsTests
{
    [Fact]
    public void ArgMax_takes_the_first_largest_and_skips_NaN()
    {
        Assert.Equal(2, Metrics.ArgMax<float>([1, 3, 5, 5, 2]));
        Assert.Equal(1, Metrics.ArgMax<double>([double.NaN, -1, -2]));
        Assert.Equal(0, Metrics.ArgMax<float>([7]));
        Assert.Throws<ArgumentException>(() => Metrics.ArgMax<float>([]));
    }

    [Fact]
    public void Evaluate_gives_in_one_pass_what_Loss_and_Forward_give_apart()
    {
        var network = new StaticNet.Runtime.Tests.Layers.ActivationLayers();
        var random = new Random(9);
        const int Count = 11; // more than the batch capacity: chunks and a partial one
        double[] inputs = new double[Count * 4];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (random.NextDouble() * 2) - 1;
        }

        int[] labels = [0, 1, 2, 2, 1, 0, 0, 1, 2, 1, 0];
        var forward = new double[Count * 3];
        network.Forward(inputs, forward);
        double loss = network.Loss(inputs, labels);

        var outputs = new double[Count * 3];
        double evaluated = network.Evaluate(inputs, labels, outputs);

        Assert.Equal(loss, evaluated, 12);
        Assert.Equal(forward, outputs);
        var data = new Dataset<double>(inputs, labels, 3, 4);
        (double metricLoss, double accuracy) = Metrics.Evaluate(network, data, chunk: 5);
        Assert.Equal(loss, metricLoss, 12);
        Assert.Equal(Metrics.Accuracy(network, data), accuracy);
    }

    [Fact]
    public void Batch_prediction_gives_the_arg_max_and_the_softmax_of_the_outputs()
    {
        var network = new StaticNet.Runtime.Tests.Networks.ReLUCrossEntropy(); // identity output: Forward gives logits
        var random = new Random(10);
        const int Count = 9;
        double[] inputs = new double[Count * 4];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (random.NextDouble() * 2) - 1;
        }

        var logits = new double[Count * 3];
        network.Forward(inputs, logits);
        var labels = new int[Count];
        var probabilities = new double[Count * 3];

        network.Predict(inputs, labels, probabilities);

        for (int s = 0; s < Count; s++)
        {
            ReadOnlySpan<double> z = logits.AsSpan(s * 3, 3);
            Assert.Equal(Metrics.ArgMax(z), labels[s]);
            double max = Math.Max(z[0], Math.Max(z[1], z[2]));
            double sum = Math.Exp(z[0] - max) + Math.Exp(z[1] - max) + Math.Exp(z[2] - max);
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(Math.Exp(z[k] - max) / sum, probabilities[(s * 3) + k], 12);
            }
        }

        var labelsOnly = new int[Count];
        network.Predict(inputs, labelsOnly, Span<double>.Empty);
        Assert.Equal(labels, labelsOnly);
    }

    [Fact]
    public void A_confusion_matrix_prints_rows_columns_and_recall()
    {
        int[,] counts = { { 8, 2 }, { 1, 9 } };

        string text = Metrics.FormatConfusionMatrix(counts, ["cat", "dog"]);

        Assert.Equal(
            "actual \\ predicted    cat    dog  recall\n" +
            "cat                     8      2   80.0 %\n" +
            "dog                     1      9   90.0 %\n",
            text);
        Assert.Throws<ArgumentException>(() => Metrics.FormatConfusionMatrix(new int[2, 3]));
    }

    /// <summary>A network whose output for sample x is one-hot at (int)x[0]: a classifier that says what the data tells it.</summary>
    private static (SoftmaxRegression Network, Dataset<float> Data) Oracle(int[] predicted, int[] labels)
    {
        var network = new SoftmaxRegression(inputs: 3, classes: 3, learningRate: 0);
        Span<float> p = network.Parameters;
        p.Clear();
        for (int k = 0; k < 3; k++)
        {
            p[(k * 3) + k] = 1;
        }

        var images = new float[labels.Length * 3];
        for (int i = 0; i < labels.Length; i++)
        {
            images[(i * 3) + predicted[i]] = 1;
        }

        return (network, new Dataset<float>(images, labels, 3, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(256)]
    public void Accuracy_counts_correct_predictions_in_any_chunk_size(int chunk)
    {
        (SoftmaxRegression network, Dataset<float> data) = Oracle([0, 1, 2, 2, 1], [0, 1, 2, 0, 0]);

        Assert.Equal(0.6, Metrics.Accuracy(network, data, chunk), 12);
    }

    [Fact]
    public void The_confusion_matrix_is_indexed_actual_then_predicted()
    {
        (SoftmaxRegression network, Dataset<float> data) = Oracle([0, 1, 2, 2, 1], [0, 1, 2, 0, 0]);

        int[,] matrix = Metrics.ConfusionMatrix(network, data, chunk: 2);

        Assert.Equal(new[,] { { 1, 1, 1 }, { 0, 1, 0 }, { 0, 0, 1 } }, matrix);
    }

    [Fact]
    public void A_network_that_does_not_fit_the_data_is_a_clear_error()
    {
        var network = new SoftmaxRegression(inputs: 4, classes: 3, learningRate: 0);
        var data = new Dataset<float>(new float[6], [0, 1], 3, 3);

        var error = Assert.Throws<ArgumentException>(() => Metrics.Accuracy(network, data));

        Assert.Contains("takes 4 inputs per sample, but the data set's samples have 3 values", error.Message, StringComparison.Ordinal);
    }
}
