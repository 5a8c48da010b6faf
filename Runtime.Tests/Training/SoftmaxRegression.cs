using System;
using StaticNet.Training;

namespace StaticNet.Runtime.Tests.Training;

/// <summary>
/// A hand-written test double: multinomial logistic regression (one dense layer, softmax cross-entropy,
/// plain gradient descent), so trainer tests do not depend on generated networks.
/// </summary>
internal sealed class SoftmaxRegression : IClassifier<float>
{
    private readonly float[] parameters;
    private readonly float[] gradients;
    private readonly float[] velocity;
    private readonly float[] logits;

    public SoftmaxRegression(int inputs, int classes, float learningRate, int batchCapacity = 32)
    {
        InputLength = inputs;
        OutputLength = classes;
        BatchCapacity = batchCapacity;
        LearningRate = learningRate;
        parameters = new float[(classes * inputs) + classes];
        gradients = new float[parameters.Length];
        velocity = new float[parameters.Length];
        logits = new float[classes];
        Initialize(0);
    }

    public int InputLength { get; }

    public int OutputLength { get; }

    public int MinimumTrainingBatch => 1;

    public bool CollectStatistics { get; set; }

    public System.Collections.Generic.IReadOnlyList<LayerStatistics> Statistics => [];

    public int BatchCapacity { get; }


    public double LearningRate { get; set; }

    public int Steps => (int)Step;

    public long Step { get; set; }

    public Span<float> State => Span<float>.Empty;

    public System.Collections.Generic.IReadOnlyList<TensorInfo> Tensors =>
    [
        new("linear.weight", TensorKind.Parameter, 0, [OutputLength, InputLength], Decayed: true),
        new("linear.bias", TensorKind.Parameter, OutputLength * InputLength, [OutputLength], Decayed: false),
    ];

    public string Optimizer => $"Sgd(lr={LearningRate})";

    public System.Collections.Generic.IReadOnlyList<string> OptimizerBuffers => ["velocity"];

    public string Architecture => $"Input({InputLength}) Dense({OutputLength}) SoftmaxCrossEntropy";

    public string Summary() => $"SoftmaxRegression: linear {InputLength}→{OutputLength}, {parameters.Length} parameters\n";

    public Span<float> Parameters => parameters;

    public Span<float> Gradients => gradients;

    public Span<float> OptimizerState => velocity;

    public void Initialize(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < OutputLength * InputLength; i++)
        {
            parameters[i] = (float)((random.NextDouble() - 0.5) * 0.02);
        }

        Array.Clear(parameters, OutputLength * InputLength, OutputLength);
        Array.Clear(velocity);
    }

    public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int samples = BatchGuard.CountSamples(inputs.Length, InputLength, nameof(inputs));
        BatchGuard.CheckLength(outputs.Length, samples, OutputLength, nameof(outputs));
        for (int s = 0; s < samples; s++)
        {
            Logits(inputs.Slice(s * InputLength, InputLength), outputs.Slice(s * OutputLength, OutputLength));
        }
    }

    public float Loss(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        BatchGuard.CheckLength(inputs.Length, labels.Length, InputLength, nameof(inputs));
        double sum = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            Logits(inputs.Slice(s * InputLength, InputLength), logits);
            sum += SoftmaxInPlace(logits, labels[s]);
        }

        return (float)(sum / labels.Length);
    }

    public float Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> outputs)
    {
        Forward(inputs, outputs);
        return Loss(inputs, labels);
    }

    public void Predict(ReadOnlySpan<float> inputs, Span<int> labels, Span<float> probabilities)
    {
        var scores = new float[OutputLength];
        for (int s = 0; s < labels.Length; s++)
        {
            Logits(inputs.Slice(s * InputLength, InputLength), scores);
            labels[s] = Metrics.ArgMax<float>(scores);
            if (!probabilities.IsEmpty)
            {
                SoftmaxInPlace(scores, labels[s]);
                scores.CopyTo(probabilities.Slice(s * OutputLength, OutputLength));
            }
        }
    }

    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels) => TrainStep(inputs, labels, Span<float>.Empty);

    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> outputs)
    {
        if (!outputs.IsEmpty)
        {
            Forward(inputs, outputs);
        }

        float loss = ComputeGradients(inputs, labels);
        ApplyGradients();
        return loss;
    }

    public void ApplyGradients()
    {
        for (int p = 0; p < parameters.Length; p++)
        {
            parameters[p] -= (float)LearningRate * gradients[p];
        }

        Step++;
    }

    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> outputs)
    {
        if (!outputs.IsEmpty)
        {
            Forward(inputs, outputs);
        }

        return ComputeGradients(inputs, labels);
    }

    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        BatchGuard.CheckTrainingBatch(labels.Length, BatchCapacity);
        BatchGuard.CheckLength(inputs.Length, labels.Length, InputLength, nameof(inputs));
        Array.Clear(gradients);
        int biasOffset = OutputLength * InputLength;
        double sum = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            ReadOnlySpan<float> x = inputs.Slice(s * InputLength, InputLength);
            Logits(x, logits);
            sum += SoftmaxInPlace(logits, labels[s]);
            for (int k = 0; k < OutputLength; k++)
            {
                float delta = (logits[k] - (k == labels[s] ? 1f : 0f)) / labels.Length;
                Span<float> row = gradients.AsSpan(k * InputLength, InputLength);
                for (int i = 0; i < InputLength; i++)
                {
                    row[i] += delta * x[i];
                }

                gradients[biasOffset + k] += delta;
            }
        }

        return (float)(sum / labels.Length);
    }

    private void Logits(ReadOnlySpan<float> x, Span<float> z)
    {
        int biasOffset = OutputLength * InputLength;
        for (int k = 0; k < OutputLength; k++)
        {
            ReadOnlySpan<float> row = parameters.AsSpan(k * InputLength, InputLength);
            float sum = parameters[biasOffset + k];
            for (int i = 0; i < InputLength; i++)
            {
                sum += row[i] * x[i];
            }

            z[k] = sum;
        }
    }

    /// <summary>Turns logits into probabilities and returns −log p[label], computed via log-sum-exp.</summary>
    private static double SoftmaxInPlace(Span<float> z, int label)
    {
        float max = float.NegativeInfinity;
        foreach (float v in z)
        {
            max = MathF.Max(max, v);
        }

        double total = 0;
        for (int k = 0; k < z.Length; k++)
        {
            total += Math.Exp(z[k] - max);
        }

        double loss = Math.Log(total) - (z[label] - max);
        for (int k = 0; k < z.Length; k++)
        {
            z[k] = (float)(Math.Exp(z[k] - max) / total);
        }

        return loss;
    }
}
