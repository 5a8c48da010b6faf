using System;
using System.Linq;
using System.Numerics;
using StaticNet.Losses;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>Loss values and gradients against the textbook formulas and central differences, and their numerical stability.</summary>
public class LossFunctionTests
{
    private const double Step = 1e-6;

    [Fact]
    public void Softmax_cross_entropy_matches_the_formula_and_finite_differences()
    {
        const int rows = 4, columns = 5;
        var random = new Random(1);
        double[] z = Numbers.Uniform<double>(random, rows * columns, -4, 4);
        int[] labels = [0, 4, 2, 2];
        double[] gradient = new double[z.Length];
        double loss = LossFunctions.SoftmaxCrossEntropy<double>(z, labels, gradient, columns);

        double expected = 0;
        for (int r = 0; r < rows; r++)
        {
            double[] row = z.Skip(r * columns).Take(columns).ToArray();
            double normalizer = row.Sum(Math.Exp);
            expected -= Math.Log(Math.Exp(row[labels[r]]) / normalizer) / rows;
            for (int j = 0; j < columns; j++)
            {
                double formula = ((Math.Exp(row[j]) / normalizer) - (j == labels[r] ? 1 : 0)) / rows;
                Numbers.Close(formula, gradient[(r * columns) + j], 1e-15, $"gradient [{r},{j}] vs (softmax − onehot)/rows");
            }
        }

        Numbers.Close(expected, loss, 1e-14, "loss");
        CheckFiniteDifferences(z, gradient, v => LossFunctions.SoftmaxCrossEntropy<double>(v, labels, [], columns), "softmax cross-entropy");
    }

    [Fact]
    public void Binary_cross_entropy_matches_the_formula_and_finite_differences()
    {
        const int rows = 3;
        var random = new Random(2);
        double[] z = Numbers.Uniform<double>(random, rows * 4, -6, 6);
        double[] y = Numbers.Uniform<double>(random, rows * 4, 0, 1);
        y[0] = 0;
        y[1] = 1;
        double[] gradient = new double[z.Length];
        double loss = LossFunctions.BinaryCrossEntropyWithLogits<double>(z, y, gradient, rows);

        double expected = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double sigma = 1 / (1 + Math.Exp(-z[i]));
            expected += (-(y[i] * Math.Log(sigma)) - ((1 - y[i]) * Math.Log(1 - sigma))) / rows;
            Numbers.Close((sigma - y[i]) / rows, gradient[i], 1e-15, $"gradient [{i}] vs (σ(z) − y)/rows");
        }

        Numbers.Close(expected, loss, 1e-12, "loss");
        CheckFiniteDifferences(z, gradient, v => LossFunctions.BinaryCrossEntropyWithLogits<double>(v, y, [], rows), "binary cross-entropy");
    }

    [Fact]
    public void Squared_error_is_half_the_squared_distance_averaged_over_the_batch()
    {
        const int rows = 4;
        var random = new Random(3);
        double[] outputs = Numbers.Uniform<double>(random, rows * 3), targets = Numbers.Uniform<double>(random, rows * 3);
        double[] gradient = new double[outputs.Length];
        double loss = LossFunctions.SquaredError<double>(outputs, targets, gradient, rows);
        Numbers.Close(outputs.Zip(targets, (a, b) => 0.5 * (a - b) * (a - b)).Sum() / rows, loss, 1e-15, "loss");
        Numbers.AllClose<double>(outputs.Zip(targets, (a, b) => (a - b) / rows).ToArray(), gradient, 1e-15, "gradient");
        CheckFiniteDifferences(outputs, gradient, v => LossFunctions.SquaredError<double>(v, targets, [], rows), "squared error");
    }

    [Fact]
    public void Softmax_cross_entropy_stays_finite_for_huge_logits_in_float() => HugeLogits<float>();

    [Fact]
    public void Softmax_cross_entropy_stays_finite_for_huge_logits_in_double() => HugeLogits<double>();

    [Fact]
    public void Binary_cross_entropy_stays_finite_for_huge_logits_in_float() => HugeBinaryLogits<float>();

    [Fact]
    public void Binary_cross_entropy_stays_finite_for_huge_logits_in_double() => HugeBinaryLogits<double>();

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(-1)]
    public void A_label_out_of_range_throws_naming_the_label(int label)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => LossFunctions.SoftmaxCrossEntropy<float>(new float[10], [0, label], new float[10], 5));
        Assert.Equal("labels", exception.ParamName);
        Assert.Equal(label, exception.ActualValue);
        Assert.Contains($"Label {label} ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_gradient_computes_the_loss_only()
    {
        var random = new Random(4);
        float[] z = Numbers.Uniform<float>(random, 6), y = Numbers.Uniform<float>(random, 6, 0, 1);
        float[] gradient = new float[6];
        Assert.Equal(LossFunctions.SoftmaxCrossEntropy<float>(z, [1, 2], gradient, 3), LossFunctions.SoftmaxCrossEntropy<float>(z, [1, 2], [], 3));
        Assert.Equal(LossFunctions.BinaryCrossEntropyWithLogits<float>(z, y, gradient, 2), LossFunctions.BinaryCrossEntropyWithLogits<float>(z, y, [], 2));
        Assert.Equal(LossFunctions.SquaredError<float>(z, y, gradient, 2), LossFunctions.SquaredError<float>(z, y, [], 2));
    }

    [Fact]
    public void Softmax_cross_entropy_may_write_its_gradient_over_the_logits()
    {
        // The gradient's row holds the exponentials before they are scaled: the loss must not read the label's logit
        // back from it.
        var random = new Random(6);
        float[] z = Numbers.Uniform<float>(random, 32 * 10, -6, 6);
        int[] labels = Enumerable.Range(0, 32).Select(i => (i * 7) % 10).ToArray();
        float[] gradient = new float[z.Length];
        float loss = LossFunctions.SoftmaxCrossEntropy<float>(z, labels, gradient, 10);
        float[] inPlace = [.. z];
        Assert.Equal(loss, LossFunctions.SoftmaxCrossEntropy<float>(inPlace, labels, inPlace, 10));
        Assert.Equal(gradient, inPlace);
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Assert.Throws<ArgumentException>(() => LossFunctions.SoftmaxCrossEntropy<float>(new float[5], [0, 1], [], 3));
        Assert.Throws<ArgumentException>(() => LossFunctions.SoftmaxCrossEntropy<float>(new float[6], [0, 1], new float[5], 3));
        Assert.Throws<ArgumentException>(() => LossFunctions.BinaryCrossEntropyWithLogits<float>(new float[6], new float[5], [], 2));
        Assert.Throws<ArgumentException>(() => LossFunctions.SquaredError<float>(new float[6], new float[6], new float[7], 2));
    }

    private static void HugeLogits<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] z = [.. new[] { 1e4, 0, -1e4, 1e4, 1e4, -1e4, -1e4, -1e4, -1e4 }.Select(T.CreateChecked)];
        T[] gradient = new T[z.Length];
        T loss = LossFunctions.SoftmaxCrossEntropy<T>(z, [1, 0, 2], gradient, 3);
        Assert.True(T.IsFinite(loss), $"loss {loss}");
        Assert.All(gradient, g => Assert.True(T.IsFinite(g), $"gradient {g}"));
        // Row losses: 1e4, log 2, log 3.
        Numbers.Close((1e4 + Math.Log(2) + Math.Log(3)) / 3, double.CreateChecked(loss), 4e-3, "loss");
        Numbers.AllClose<T>([1.0 / 3, -1.0 / 3, 0, -1.0 / 6, 1.0 / 6, 0, 1.0 / 9, 1.0 / 9, -2.0 / 9], gradient, 1e-6, "gradient");
    }

    private static void HugeBinaryLogits<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] z = [.. new[] { 1000.0, -1000, 1000, -1000 }.Select(T.CreateChecked)];
        T[] y = [.. new[] { 0.0, 1, 1, 0 }.Select(T.CreateChecked)];
        T[] gradient = new T[4];
        T loss = LossFunctions.BinaryCrossEntropyWithLogits<T>(z, y, gradient, 2);
        Assert.True(T.IsFinite(loss), $"loss {loss}");
        Numbers.Close(1000, double.CreateChecked(loss), 1e-9, "loss: two wrong outputs of 1000 each over 2 samples");
        Numbers.AllClose<T>([0.5, -0.5, 0, 0], gradient, 1e-12, "gradient");
    }

    private static void CheckFiniteDifferences(double[] point, double[] gradient, Func<double[], double> loss, string name)
    {
        for (int i = 0; i < point.Length; i++)
        {
            double[] plus = [.. point], minus = [.. point];
            plus[i] += Step;
            minus[i] -= Step;
            Numbers.Close((loss(plus) - loss(minus)) / (2 * Step), gradient[i], 1e-8, $"{name} ∂/∂[{i}] vs central differences");
        }
    }
}
