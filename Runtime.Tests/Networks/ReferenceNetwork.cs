using System;
using System.Linq;

namespace StaticNet.Runtime.Tests.Networks;

/// <summary>One dense layer of the reference: W [units, inputs] row-major then b [units], as in the generated layout.</summary>
internal sealed record ReferenceLayer(int Inputs, int Units, Activation Activation, double LeakySlope = 0.01);

/// <summary>
/// A deliberately plain dense network in double: per sample, scalar loops, derivatives written from the
/// pre-activation z (not from the output, as the kernels do), softmax Jacobian as a full matrix.
/// The generated code must agree with it.
/// </summary>
internal sealed class ReferenceNetwork(ReferenceLayer[] layers, LossKind loss)
{
    public int ParameterCount => layers.Sum(l => l.Units * l.Inputs + l.Units);

    /// <summary>Inference output of one sample, output activation applied.</summary>
    public double[] Forward(ReadOnlySpan<double> parameters, double[] input)
    {
        (double[][] _, double[][] outputs) = Run(parameters, input);
        return outputs[^1];
    }

    /// <summary>Mean loss over the samples and its gradient with respect to every parameter.</summary>
    public (double Loss, double[] Gradient) LossAndGradient(ReadOnlySpan<double> parameters, double[][] inputs, double[][] targets)
    {
        var gradient = new double[ParameterCount];
        double total = 0;
        for (int s = 0; s < inputs.Length; s++)
        {
            (double[][] z, double[][] a) = Run(parameters, inputs[s]);
            (double sampleLoss, double[] delta) = OutputDelta(z[^1], a[^1], targets[s]);
            total += sampleLoss;
            int offset = ParameterCount;
            for (int l = layers.Length - 1; l >= 0; l--)
            {
                ReferenceLayer layer = layers[l];
                offset -= layer.Units * layer.Inputs + layer.Units;
                double[] x = l == 0 ? inputs[s] : a[l - 1];
                for (int u = 0; u < layer.Units; u++)
                {
                    for (int i = 0; i < layer.Inputs; i++)
                    {
                        gradient[offset + u * layer.Inputs + i] += delta[u] * x[i] / inputs.Length;
                    }

                    gradient[offset + layer.Units * layer.Inputs + u] += delta[u] / inputs.Length;
                }

                if (l == 0)
                {
                    break;
                }

                // δ of the previous layer: Wᵀδ times that layer's activation derivative.
                ReferenceLayer previous = layers[l - 1];
                var upstream = new double[layer.Inputs];
                for (int i = 0; i < layer.Inputs; i++)
                {
                    for (int u = 0; u < layer.Units; u++)
                    {
                        upstream[i] += parameters[offset + u * layer.Inputs + i] * delta[u];
                    }
                }

                delta = ApplyDerivative(previous, z[l - 1], upstream);
            }
        }

        return (total / inputs.Length, gradient);
    }

    private (double[][] Z, double[][] A) Run(ReadOnlySpan<double> parameters, double[] input)
    {
        var z = new double[layers.Length][];
        var a = new double[layers.Length][];
        double[] x = input;
        int offset = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            ReferenceLayer layer = layers[l];
            z[l] = new double[layer.Units];
            for (int u = 0; u < layer.Units; u++)
            {
                double sum = parameters[offset + layer.Units * layer.Inputs + u];
                for (int i = 0; i < layer.Inputs; i++)
                {
                    sum += parameters[offset + u * layer.Inputs + i] * x[i];
                }

                z[l][u] = sum;
            }

            a[l] = Activate(layer, z[l]);
            x = a[l];
            offset += layer.Units * layer.Inputs + layer.Units;
        }

        return (z, a);
    }

    private static double[] Activate(ReferenceLayer layer, double[] z) => layer.Activation switch
    {
        Activation.Sigmoid => z.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(),
        Activation.Tanh => z.Select(Math.Tanh).ToArray(),
        Activation.ReLU => z.Select(v => Math.Max(0, v)).ToArray(),
        Activation.LeakyReLU => z.Select(v => v > 0 ? v : layer.LeakySlope * v).ToArray(),
        Activation.Softmax => Softmax(z),
        _ => (double[])z.Clone(),
    };

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double[] e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>∂L/∂z of a layer from ∂L/∂a, computed from z.</summary>
    private static double[] ApplyDerivative(ReferenceLayer layer, double[] z, double[] gradient)
    {
        var result = new double[z.Length];
        if (layer.Activation == Activation.Softmax)
        {
            double[] s = Softmax(z);
            for (int i = 0; i < z.Length; i++)
            {
                for (int j = 0; j < z.Length; j++)
                {
                    result[i] += gradient[j] * s[j] * ((i == j ? 1 : 0) - s[i]);
                }
            }

            return result;
        }

        for (int i = 0; i < z.Length; i++)
        {
            double derivative = layer.Activation switch
            {
                Activation.Sigmoid => Math.Exp(-z[i]) / Math.Pow(1 + Math.Exp(-z[i]), 2),
                Activation.Tanh => 1 - Math.Tanh(z[i]) * Math.Tanh(z[i]),
                Activation.ReLU => z[i] > 0 ? 1 : 0,
                Activation.LeakyReLU => z[i] > 0 ? 1 : layer.LeakySlope,
                _ => 1,
            };
            result[i] = gradient[i] * derivative;
        }

        return result;
    }

    /// <summary>The sample's loss and ∂L/∂z of the output layer. Targets are one-hot for cross-entropy.</summary>
    private (double Loss, double[] Delta) OutputDelta(double[] z, double[] a, double[] target)
    {
        ReferenceLayer output = layers[^1];
        switch (loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                {
                    // The loss applies softmax to z whether the layer declares Identity or Softmax.
                    double[] p = Softmax(z);
                    int label = Array.IndexOf(target, 1.0);
                    return (-Math.Log(p[label]), p.Select((v, i) => v - target[i]).ToArray());
                }

            case LossKind.BinaryCrossEntropy:
                {
                    double value = 0;
                    for (int i = 0; i < z.Length; i++)
                    {
                        value -= target[i] * Math.Log(a[i]) + (1 - target[i]) * Math.Log(1 - a[i]);
                    }

                    return (value, a.Select((v, i) => v - target[i]).ToArray());
                }

            default:
                {
                    double value = 0.5 * a.Select((v, i) => (v - target[i]) * (v - target[i])).Sum();
                    double[] outputGradient = a.Select((v, i) => v - target[i]).ToArray();
                    return (value, ApplyDerivative(output, z, outputGradient));
                }
        }
    }
}
