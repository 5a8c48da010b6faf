using System;
using System.Linq;
using System.Numerics;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>Activations and their backward passes against the scalar formulas, over lengths that leave vector tails.</summary>
public class ActivationTests
{
    private static readonly int[] Lengths = [1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 70];
    private static readonly double[] Extremes = [1000, -1000, 88, -88, 20, -20, 0, 1e-8, -1e-8];

    [Fact]
    public void Forward_passes_match_the_formulas_in_float() => Forward<float>(1e-6);

    [Fact]
    public void Forward_passes_match_the_formulas_in_double() => Forward<double>(1e-14);

    [Fact]
    public void Backward_passes_match_the_derivatives_in_float() => Backward<float>(1e-6);

    [Fact]
    public void Backward_passes_match_the_derivatives_in_double() => Backward<double>(1e-14);

    [Fact]
    public void Softmax_is_finite_and_sums_to_one_with_extreme_logits_in_float() => SoftmaxExtremes<float>(1e-6);

    [Fact]
    public void Softmax_is_finite_and_sums_to_one_with_extreme_logits_in_double() => SoftmaxExtremes<double>(1e-14);

    [Fact]
    public void Softmax_matches_the_formula_row_by_row()
    {
        var random = new Random(3);
        foreach (int columns in new[] { 1, 2, 3, 10, 17, 33 })
        {
            const int rows = 4;
            double[] logits = Numbers.Uniform<double>(random, rows * columns, -5, 5);
            double[] values = [.. logits, 42]; // longer than rows × columns: the extra value is left alone
            Activations.Softmax<double>(values, rows, columns);
            for (int r = 0; r < rows; r++)
            {
                double[] z = logits.Skip(r * columns).Take(columns).ToArray();
                double normalizer = z.Sum(Math.Exp);
                double[] expected = z.Select(x => Math.Exp(x) / normalizer).ToArray();
                Numbers.AllClose<double>(expected, values.AsSpan(r * columns, columns), 1e-14, $"softmax columns={columns} row {r}");
            }

            Assert.Equal(42, values[^1]);
        }
    }

    [Fact]
    public void Softmax_backward_applies_the_transposed_jacobian()
    {
        // The Jacobian ∂y_j/∂z_i comes from central differences of the softmax kernel itself, so the test
        // checks both the formula y_i(g_i − y·g) and that it is the right one.
        var random = new Random(4);
        const int rows = 3, columns = 6;
        const double h = 1e-6;
        double[] z = Numbers.Uniform<double>(random, rows * columns, -3, 3);
        double[] g = Numbers.Uniform<double>(random, rows * columns);
        double[] y = [.. z];
        Activations.Softmax<double>(y, rows, columns);
        double[] backward = [.. g];
        Activations.SoftmaxBackward<double>(y, backward, rows, columns);

        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < columns; i++)
            {
                double[] plus = [.. z], minus = [.. z];
                plus[(r * columns) + i] += h;
                minus[(r * columns) + i] -= h;
                Activations.Softmax<double>(plus, rows, columns);
                Activations.Softmax<double>(minus, rows, columns);
                double expected = 0, analytic = 0;
                for (int j = 0; j < columns; j++)
                {
                    int o = (r * columns) + j;
                    double jacobian = (plus[o] - minus[o]) / (2 * h);
                    expected += jacobian * g[o];
                    double formula = y[(r * columns) + i] * ((i == j ? 1 : 0) - y[o]);
                    Numbers.Close(formula, jacobian, 1e-8, $"∂y[{r},{j}]/∂z[{r},{i}]");
                    analytic += formula * g[o];
                }

                Numbers.Close(analytic, backward[(r * columns) + i], 1e-14, $"softmax backward [{r},{i}] vs the Jacobian");
                Numbers.Close(expected, backward[(r * columns) + i], 1e-8, $"softmax backward [{r},{i}] vs finite differences");
            }
        }
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Assert.Throws<ArgumentException>(() => Activations.SigmoidBackward<float>(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => Activations.TanhBackward<float>(new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => Activations.ReLUBackward<float>(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => Activations.LeakyReLUBackward<float>(new float[3], new float[4], 0.01f));
        Assert.Throws<ArgumentException>(() => Activations.Softmax<float>(new float[5], 2, 3));
        Assert.Throws<ArgumentException>(() => Activations.SoftmaxBackward<float>(new float[6], new float[6], 3, 3));
    }

    private static void Forward<T>(double tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(1);
        foreach (int length in Lengths)
        {
            T[] x = [.. Numbers.Uniform<T>(random, length, -6, 6).Take(length - Math.Min(length, Extremes.Length)), .. Extremes.Take(length).Select(T.CreateChecked)];
            double[] input = Numbers.ToDouble<T>(x);
            Check(x, v => Activations.Sigmoid<T>(v), input.Select(v => 1 / (1 + Math.Exp(-v))), "sigmoid");
            Check(x, v => Activations.Tanh<T>(v), input.Select(Math.Tanh), "tanh");
            Check(x, v => Activations.ReLU<T>(v), input.Select(v => Math.Max(0, v)), "relu");
            Check(x, v => Activations.LeakyReLU<T>(v, T.CreateChecked(0.01)), input.Select(v => v > 0 ? v : double.CreateChecked(T.CreateChecked(0.01)) * v), "leaky relu 0.01");
            Check(x, v => Activations.LeakyReLU<T>(v, T.CreateChecked(0.25)), input.Select(v => v > 0 ? v : 0.25 * v), "leaky relu 0.25");
        }

        void Check(T[] x, Action<T[]> activation, System.Collections.Generic.IEnumerable<double> expected, string name)
        {
            T[] values = [.. x];
            activation(values);
            Assert.All(values, v => Assert.True(T.IsFinite(v), $"{name} gave {v}"));
            Numbers.AllClose<T>(expected.ToArray(), values, tolerance, $"{name} length {x.Length}");
        }
    }

    private static void Backward<T>(double tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(2);
        T slope = T.CreateChecked(0.1);
        foreach (int length in Lengths)
        {
            T[] gradient = Numbers.Uniform<T>(random, length);
            T[] unit = Numbers.Uniform<T>(random, length, 0, 1);
            T[] signed = Numbers.Uniform<T>(random, length);
            signed[0] = T.Zero; // the derivative at 0 is taken as the left one
            double[] g = Numbers.ToDouble<T>(gradient), u = Numbers.ToDouble<T>(unit), s = Numbers.ToDouble<T>(signed);
            double a = double.CreateChecked(slope);

            Check(values => Activations.SigmoidBackward<T>(unit, values), g.Select((x, i) => x * u[i] * (1 - u[i])), "sigmoid'");
            Check(values => Activations.TanhBackward<T>(signed, values), g.Select((x, i) => x * (1 - (s[i] * s[i]))), "tanh'");
            Check(values => Activations.ReLUBackward<T>(signed, values), g.Select((x, i) => s[i] > 0 ? x : 0), "relu'");
            Check(values => Activations.LeakyReLUBackward<T>(signed, values, slope), g.Select((x, i) => s[i] > 0 ? x : a * x), "leaky relu'");

            void Check(Action<T[]> backward, System.Collections.Generic.IEnumerable<double> expected, string name)
            {
                T[] values = [.. gradient];
                backward(values);
                Numbers.AllClose<T>(expected.ToArray(), values, tolerance, $"{name} length {length}");
            }
        }
    }

    private static void SoftmaxExtremes<T>(double tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double[][] rows =
        [
            [1000, -1000, 0],
            [1000, 1000, -1000],
            [-1000, -1000, -1000],
            [1e4, -1e4, 1e4 - 1],
        ];
        T[] values = rows.SelectMany(r => r).Select(T.CreateChecked).ToArray();
        Activations.Softmax<T>(values, rows.Length, 3);
        Assert.All(values, v => Assert.True(T.IsFinite(v) && v >= T.Zero && v <= T.One, $"softmax gave {v}"));
        for (int r = 0; r < rows.Length; r++)
        {
            Numbers.Close(1, double.CreateChecked(values[3 * r] + values[(3 * r) + 1] + values[(3 * r) + 2]), 4 * tolerance, $"row {r} sum");
        }

        Numbers.AllClose<T>([1, 0, 0, 0.5, 0.5, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3], values.AsSpan(0, 9), 4 * tolerance, "softmax of extreme rows");
        double e = Math.Exp(-1);
        Numbers.AllClose<T>([1 / (1 + e), 0, e / (1 + e)], values.AsSpan(9, 3), 4 * tolerance, "softmax of 1e4 row");
    }
}
