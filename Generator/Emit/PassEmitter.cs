using System.Collections.Generic;
using System.Linq;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Layers;

namespace StaticNet.Generator.Emit;

/// <summary>
/// The public API (Forward, Predict, TrainStep, Loss) and the two batch passes that call each layer's
/// method in turn: straight-line calls, no layer list, nothing interpreted at run time.
/// </summary>
internal static class PassEmitter
{
    public static void EmitPublicApi(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        string output = Buffers.Output(Computing(network).Last());
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public void Forward(ReadOnlySpan<{t}> inputs, Span<{t}> outputs)"))
        {
            writer.Line("int count = global::StaticNet.BatchGuard.CountSamples(inputs.Length, InputLength, nameof(inputs));");
            writer.Line("global::StaticNet.BatchGuard.CheckLength(outputs.Length, count, OutputLength, nameof(outputs));");
            using (writer.Block("for (int start = 0; start < count; start += BatchCapacity)"))
            {
                writer.Line("int n = Math.Min(BatchCapacity, count - start);");
                writer.Line("ForwardBatch(inputs.Slice(start * InputLength, n * InputLength), n);");
                writer.Line($"Span<{t}> y = outputs.Slice(start * OutputLength, n * OutputLength);");
                writer.Line($"{output}.AsSpan(0, n * OutputLength).CopyTo(y);");
                EmitInferenceActivation(writer, network, context);
            }
        }

        if (network.IsClassifier)
        {
            EmitPredict(writer, network, context, output);
        }

        string targets = network.IsClassifier ? "ReadOnlySpan<int> labels" : $"ReadOnlySpan<{t}> targets";
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public {t} TrainStep(ReadOnlySpan<{t}> inputs, {targets})"))
        {
            EmitCounts(writer, network);
            writer.Line("global::StaticNet.BatchGuard.CheckTrainingBatch(n, BatchCapacity);");
            writer.Line("ForwardBatch(inputs, n);");
            writer.Line($"{t} loss = {LossCall(network, context, "0", "n", gradient: true)};");
            writer.Line("BackwardBatch(inputs, n);");
            writer.Line("UpdateParameters();");
            writer.Line("return loss;");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public {t} Loss(ReadOnlySpan<{t}> inputs, {targets})"))
        {
            EmitCounts(writer, network);
            writer.Line("double total = 0;");
            using (writer.Block("for (int start = 0; start < n; start += BatchCapacity)"))
            {
                writer.Line("int batch = Math.Min(BatchCapacity, n - start);");
                writer.Line("ForwardBatch(inputs.Slice(start * InputLength, batch * InputLength), batch);");
                writer.Line($"total += batch * (double){LossCall(network, context, "start", "batch", gradient: false)};");
            }

            writer.Line($"return ({t})(total / n);");
        }
    }

    public static void EmitBatchPasses(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        List<Layer> layers = Computing(network);
        writer.Line();
        writer.Comment("Forward through every layer for n samples; each output stays in its buffer for the backward pass.");
        using (writer.Block($"private void ForwardBatch(ReadOnlySpan<{t}> input, int n)"))
        {
            for (int i = 0; i < layers.Count; i++)
            {
                string from = i == 0 ? "input" : Buffers.Output(layers[i - 1]);
                writer.Line($"Forward{layers[i].Name}({from}, {Buffers.Output(layers[i])}, n);");
            }
        }

        writer.Line();
        writer.Comment("Backward from the loss gradient in the output layer's gradient buffer to every parameter gradient.");
        using (writer.Block($"private void BackwardBatch(ReadOnlySpan<{t}> input, int n)"))
        {
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                string output = Buffers.Output(layers[i]);
                string from = i == 0 ? "input" : Buffers.Output(layers[i - 1]);
                string inputGradient = i == 0 ? "" : $", {Buffers.Output(layers[i - 1])}Gradient";
                writer.Line($"Backward{layers[i].Name}({from}, {output}, {output}Gradient{inputGradient}, n);");
            }
        }
    }

    private static List<Layer> Computing(ShapedNetwork network) => network.Layers.Where(l => !l.IsReshape).ToList();

    private static void EmitCounts(CodeWriter writer, ShapedNetwork network)
    {
        if (network.IsClassifier)
        {
            writer.Line("int n = labels.Length;");
            writer.Line("global::StaticNet.BatchGuard.CheckLength(inputs.Length, n, InputLength, nameof(inputs));");
        }
        else
        {
            writer.Line("int n = global::StaticNet.BatchGuard.CountSamples(inputs.Length, InputLength, nameof(inputs));");
            writer.Line("global::StaticNet.BatchGuard.CheckLength(targets.Length, n, OutputLength, nameof(targets));");
        }
    }

    /// <summary>The loss over samples [start, start + count) of the last forward pass, writing ∂L/∂output when asked.</summary>
    private static string LossCall(ShapedNetwork network, EmitContext context, string start, string count, bool gradient)
    {
        string t = context.T;
        string output = Buffers.Output(Computing(network).Last());
        string values = $"{output}.AsSpan(0, {count} * OutputLength)";
        string gradientSpan = gradient ? $"{output}Gradient.AsSpan(0, {count} * OutputLength)" : $"Span<{t}>.Empty";
        string targets = start == "0" ? "targets" : $"targets.Slice({start} * OutputLength, {count} * OutputLength)";
        string labels = start == "0" ? "labels" : $"labels.Slice({start}, {count})";
        return network.Loss switch
        {
            LossKind.SoftmaxCrossEntropy => $"global::StaticNet.Losses.LossFunctions.SoftmaxCrossEntropy<{t}>({values}, {labels}, {gradientSpan}, OutputLength)",
            LossKind.BinaryCrossEntropy => $"global::StaticNet.Losses.LossFunctions.BinaryCrossEntropyWithLogits<{t}>({values}, {targets}, {gradientSpan}, {count})",
            _ => $"global::StaticNet.Losses.LossFunctions.SquaredError<{t}>({values}, {targets}, {gradientSpan}, {count})",
        };
    }

    /// <summary>The output activation that training leaves to the loss, applied for inference.</summary>
    private static void EmitInferenceActivation(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        Layer output = network.OutputLayer;
        if (!output.ActivationFusedWithLoss)
        {
            return;
        }

        switch (output.Activation)
        {
            case ActivationKind.Softmax:
                writer.Comment("The output layer's softmax, which training folds into the loss.");
                writer.Line($"global::StaticNet.Kernels.Activations.Softmax<{context.T}>(y, n, OutputLength);");
                break;
            case ActivationKind.Sigmoid:
                writer.Comment("The output layer's sigmoid, which training folds into the loss.");
                writer.Line($"global::StaticNet.Kernels.Activations.Sigmoid<{context.T}>(y);");
                break;
        }
    }

    private static void EmitPredict(CodeWriter writer, ShapedNetwork network, EmitContext context, string output)
    {
        writer.Line();
        writer.Summary("The most likely class of one sample: the arg-max of its output.");
        using (writer.Block($"public int Predict(ReadOnlySpan<{context.T}> input)"))
        {
            writer.Line("global::StaticNet.BatchGuard.CheckLength(input.Length, 1, InputLength, nameof(input));");
            writer.Line("ForwardBatch(input, 1);");
            writer.Line($"ReadOnlySpan<{context.T}> scores = {output}.AsSpan(0, OutputLength);");
            writer.Line("int best = 0;");
            using (writer.Block("for (int i = 1; i < OutputLength; i++)"))
            {
                using (writer.Block("if (scores[i] > scores[best])"))
                {
                    writer.Line("best = i;");
                }
            }

            writer.Line("return best;");
        }
    }
}
