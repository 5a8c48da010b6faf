using System.Collections.Generic;
using System.Linq;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Layers;

namespace StaticNet.Generator.Emit;

/// <summary>
/// The public API (Forward, Predict, TrainStep, ComputeGradients, Loss) and the two batch passes that call each
/// layer's method in turn: straight-line calls, no layer list, nothing interpreted at run time. TrainStep and
/// ComputeGradients run the forward pass in training mode; Forward, Predict and Loss in inference mode, so no
/// switch can be forgotten.
/// </summary>
internal static class PassEmitter
{
    public static void EmitPublicApi(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        string output = Computing(network).Last().Field("Output");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public void Forward(ReadOnlySpan<{t}> inputs, Span<{t}> outputs)"))
        using (Exclusive(writer, "Forward"))
        {
            writer.Line("int count = BatchGuard.CountSamples(inputs.Length, InputLength, \"inputs\");");
            writer.Line("BatchGuard.CheckLength(outputs.Length, count, OutputLength, \"outputs\");");
            using (writer.Block("for (int start = 0; start < count; start += BatchCapacity)"))
            {
                writer.Line("int batch = Math.Min(BatchCapacity, count - start);");
                writer.Line("ForwardBatch(inputs.Slice(start * InputLength, batch * InputLength), batch, training: false);");
                writer.Line($"Span<{t}> y = outputs.Slice(start * OutputLength, batch * OutputLength);");
                writer.Line($"{output}.AsSpan(0, batch * OutputLength).CopyTo(y);");
                EmitInferenceActivation(writer, network, context);
            }
        }

        if (network.IsClassifier)
        {
            EmitPredict(writer, context, output);
        }

        string targets = network.IsClassifier ? "ReadOnlySpan<int> labels" : $"ReadOnlySpan<{t}> targets";
        string targetsName = network.IsClassifier ? "labels" : "targets";
        bool hasState = network.Layers.Any(l => l.State.Count > 0);
        string batchOf = network.IsClassifier ? "labels.Length" : "targets.Length / OutputLength";
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("/// <exception cref=\"NonFiniteTrainingException\">The loss or a gradient is NaN or infinite; nothing was updated.</exception>");
        using (writer.Block($"public {t} TrainStep(ReadOnlySpan<{t}> inputs, {targets})"))
        {
            writer.Line($"return TrainStep(inputs, {targetsName}, Span<{t}>.Empty);");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("/// <exception cref=\"NonFiniteTrainingException\">The loss or a gradient is NaN or infinite; nothing was updated.</exception>");
        using (writer.Block($"public {t} TrainStep(ReadOnlySpan<{t}> inputs, {targets}, Span<{t}> outputs)"))
        using (Exclusive(writer, "TrainStep"))
        {
            using (writer.Block("if (!outputs.IsEmpty)"))
            {
                writer.Line($"BatchGuard.CheckLength(outputs.Length, {batchOf}, OutputLength, \"outputs\");");
            }

            if (network.DefersOuterProducts)
            {
                writer.Comment("One sample: each dense layer's weight gradient is an outer product, ∂L/∂z·xᵀ, left unstored for the update to");
                writer.Comment("compute as it reads it rather than stored here and read back (Gradients stores it when read).");
                writer.Line($"bool outerProducts = {batchOf} == 1 && !CollectStatistics;");
                writer.Line($"{t} loss = LossAndGradients(inputs, {targetsName}, weightGradients: !outerProducts);");
                using (writer.Block("if (outerProducts)"))
                {
                    writer.Line(network.FirstLayerTakesOuterProducts ? "LeaveWeightGradientsUnstored(inputs);" : "LeaveWeightGradientsUnstored();");
                }
            }
            else
            {
                writer.Line($"{t} loss = LossAndGradients(inputs, {targetsName});");
            }

            writer.Comment("Nothing changes unless the loss and every gradient are finite.");
            string gradientsNotFinite = HasOuterProductLayer(network)
                ? $"!GradientsAreFinite({(network.FirstLayerTakesOuterProducts ? "inputs, " : "")}{batchOf})"
                : $"NonFinite.IndexOf<{t}>(_gradients.AsSpan(0, ParameterCount)) >= 0";
            using (writer.Block($"if (!{t}.IsFinite(loss) || {gradientsNotFinite})"))
            {
                writer.Line($"throw NonFiniteStep(inputs, {batchOf}, loss);");
            }

            EmitTrainingOutputs("The batch's training-mode outputs, from before the update.");

            writer.Line("UpdateParameters();");
            if (hasState)
            {
                writer.Line("UpdateState(_gradientBatch);");
                writer.Line("_gradientBatch = 0;");
            }

            writer.Line("_step++;");
            writer.Line("return loss;");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public {t} ComputeGradients(ReadOnlySpan<{t}> inputs, {targets})"))
        {
            writer.Line($"return ComputeGradients(inputs, {targetsName}, Span<{t}>.Empty);");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public {t} ComputeGradients(ReadOnlySpan<{t}> inputs, {targets}, Span<{t}> outputs)"))
        using (Exclusive(writer, "ComputeGradients"))
        {
            using (writer.Block("if (!outputs.IsEmpty)"))
            {
                writer.Line($"BatchGuard.CheckLength(outputs.Length, {batchOf}, OutputLength, \"outputs\");");
            }

            writer.Line($"{t} loss = LossAndGradients(inputs, {targetsName}{(network.DefersOuterProducts ? ", weightGradients: true" : "")});");
            EmitTrainingOutputs(comment: null);

            writer.Line("return loss;");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("/// <exception cref=\"NonFiniteTrainingException\">A gradient is NaN or infinite; nothing was updated.</exception>");
        using (writer.Block("public void ApplyGradients()"))
        using (Exclusive(writer, "ApplyGradients"))
        {
            if (network.DefersOuterProducts)
            {
                writer.Line("StoreWeightGradients();");
            }

            writer.Comment("Nothing changes unless every gradient is finite.");
            writer.Line($"int at = NonFinite.IndexOf<{t}>(_gradients.AsSpan(0, ParameterCount));");
            using (writer.Block("if (at >= 0)"))
            {
                writer.Line("throw new NonFiniteTrainingException(_step + 1, null, \"gradient\", at, double.NaN);");
            }

            writer.Line("UpdateParameters();");
            if (hasState)
            {
                using (writer.Block("if (_gradientBatch > 0)"))
                {
                    writer.Line("UpdateState(_gradientBatch);");
                    writer.Line("_gradientBatch = 0;");
                }
            }

            writer.Line("_step++;");
        }

        writer.Line();
        if (network.DefersOuterProducts)
        {
            writer.Comment("The training-mode loss of one batch and every gradient, but the dense layers' weight gradients unless");
            writer.Comment("weightGradients (see TrainStep); changes nothing else.");
        }
        else
        {
            writer.Comment("The training-mode loss of one batch and every gradient; changes nothing else.");
        }

        using (writer.Block($"private {t} LossAndGradients(ReadOnlySpan<{t}> inputs, {targets}{(network.DefersOuterProducts ? ", bool weightGradients" : "")})"))
        {
            EmitCounts(writer, network);
            writer.Line($"BatchGuard.CheckTrainingBatch(batch, BatchCapacity{(network.MinimumTrainingBatch > 1 ? ", minimum: MinimumTrainingBatch" : "")});");
            if (network.DefersOuterProducts)
            {
                if (network.IsClassifier)
                {
                    writer.Comment("Before the outputs that weight gradients left unstored come from change: a bad label must not lose them.");
                    writer.Line("BatchGuard.CheckLabels(labels, OutputLength);");
                }

                writer.Line("_weightGradientsUnstored = false; // this step computes them all again");
            }

            writer.Line("ForwardBatch(inputs, batch, training: true);");
            writer.Line($"{t} loss = {LossCall(network, context, "0", "batch", gradient: true)};");
            writer.Line($"BackwardBatch(inputs, batch{(network.DefersOuterProducts ? ", weightGradients" : "")});");
            if (hasState)
            {
                writer.Line("_gradientBatch = batch;");
            }

            using (writer.Block("if (CollectStatistics)"))
            {
                writer.Line("_statistics = MeasureLayers(batch);");
            }

            writer.Line("return loss;");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public {t} Loss(ReadOnlySpan<{t}> inputs, {targets})"))
        using (Exclusive(writer, "Loss"))
        {
            EmitCounts(writer, network, "count");
            writer.Line("double total = 0;");
            using (writer.Block("for (int start = 0; start < count; start += BatchCapacity)"))
            {
                writer.Line("int batch = Math.Min(BatchCapacity, count - start);");
                writer.Line("ForwardBatch(inputs.Slice(start * InputLength, batch * InputLength), batch, training: false);");
                writer.Line($"total += batch * (double){LossCall(network, context, "start", "batch", gradient: false)};");
            }

            writer.Line($"return ({t})(total / count);");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public {t} Evaluate(ReadOnlySpan<{t}> inputs, {targets}, Span<{t}> outputs)"))
        using (Exclusive(writer, "Evaluate"))
        {
            EmitCounts(writer, network, "count");
            writer.Line("BatchGuard.CheckLength(outputs.Length, count, OutputLength, \"outputs\");");
            writer.Line("double total = 0;");
            using (writer.Block("for (int start = 0; start < count; start += BatchCapacity)"))
            {
                writer.Line("int batch = Math.Min(BatchCapacity, count - start);");
                writer.Line("ForwardBatch(inputs.Slice(start * InputLength, batch * InputLength), batch, training: false);");
                writer.Line($"total += batch * (double){LossCall(network, context, "start", "batch", gradient: false)};");
                writer.Line($"Span<{t}> y = outputs.Slice(start * OutputLength, batch * OutputLength);");
                writer.Line($"{output}.AsSpan(0, batch * OutputLength).CopyTo(y);");
                EmitInferenceActivation(writer, network, context);
            }

            writer.Line($"return ({t})(total / count);");
        }

        // TrainStep and ComputeGradients: the training-mode outputs of the batch just computed, when asked for.
        void EmitTrainingOutputs(string? comment)
        {
            using (writer.Block("if (!outputs.IsEmpty)"))
            {
                if (comment is not null)
                {
                    writer.Comment(comment);
                }

                writer.Line($"int batch = {batchOf};");
                writer.Line($"Span<{t}> y = outputs.Slice(0, batch * OutputLength);");
                writer.Line($"{output}.AsSpan(0, batch * OutputLength).CopyTo(y);");
                EmitInferenceActivation(writer, network, context);
            }
        }
    }

    /// <summary>
    /// Runs of two or more consecutive dense layers whose forward pass is one product each, wide enough to run swapped
    /// (24 units or more): at inference each but the last keeps its output transposed for the next to read in place.
    /// </summary>
    public static List<(int First, int Last)> DenseChains(ShapedNetwork network)
    {
        List<Layer> layers = Computing(network);
        var chains = new List<(int First, int Last)>();
        for (int first = 0; first < layers.Count;)
        {
            int last = first;
            while (last < layers.Count && Chainable(layers[last]))
            {
                last++;
            }

            if (last - first >= 2)
            {
                chains.Add((first, last - 1));
            }

            first = System.Math.Max(last, first + 1);
        }

        return chains;

        static bool Chainable(Layer layer) => layer is DenseLayer { ProductActivation: not null, Units: >= 24 };
    }

    /// <summary>Whether <paramref name="layer"/>'s output buffer holds a transposed output at inference, a chain's layer but its last.</summary>
    public static bool KeepsTransposedOutput(ShapedNetwork network, Layer layer)
    {
        List<Layer> layers = Computing(network);
        int index = layers.IndexOf(layer);
        return DenseChains(network).Any(chain => index >= chain.First && index < chain.Last);
    }

    public static void EmitBatchPasses(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        List<Layer> layers = Computing(network);
        List<(int First, int Last)> chains = DenseChains(network);
        writer.Line();
        writer.Comment("Forward through every layer; each output stays in its buffer for the backward pass.");
        using (writer.Block($"private void ForwardBatch(ReadOnlySpan<{t}> input, int batch, bool training)"))
        {
            if (network.DefersOuterProducts)
            {
                writer.Comment("The outputs change: first store the weight gradients a one-sample step computed from them, if it left them.");
                writer.Line("StoreWeightGradients();");
            }

            for (int i = 0; i < layers.Count; i++)
            {
                int chain = chains.FindIndex(c => c.First == i);
                if (chain >= 0)
                {
                    EmitChain(writer, layers, chains[chain], t);
                    i = chains[chain].Last;
                    continue;
                }

                EmitForwardCall(writer, layers, i);
            }
        }

        foreach ((int first, int last) in chains)
        {
            writer.Line();
            writer.Comment($"Whether {layers[first].Name} … {layers[last].Name} run as a chain at this batch: every product swapped on this thread.");
            using (writer.Block($"private static bool {ChainName(layers, (first, last))}Runs(int batch)"))
            {
                for (int i = first; i <= last; i++)
                {
                    string check = $"Gemm.ChainRuns<{t}>(batch, {layers[i].Name}Units, {layers[i].Name}Inputs)";
                    writer.Line((i == first ? "return " : "    && ") + check + (i == last ? ";" : ""));
                }
            }
        }

        writer.Line();
        writer.Comment("Backward from the loss gradient in the output layer's gradient buffer to every parameter gradient.");
        using (writer.Block($"private void BackwardBatch(ReadOnlySpan<{t}> input, int batch{(network.DefersOuterProducts ? ", bool weightGradients" : "")})"))
        {
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                string output = layers[i].Field("Output");
                string from = i == 0 ? "input" : layers[i - 1].Field("Output");
                string inputGradient = i == 0 ? "" : $", {layers[i - 1].Field("Output")}Gradient";
                string weightGradients = layers[i].TakesWeightGradientsSwitch(context) ? ", weightGradients" : "";
                writer.Line($"Backward{layers[i].Name}({from}, {output}, {output}Gradient{inputGradient}, batch{weightGradients});");
            }
        }
    }

    private static void EmitForwardCall(CodeWriter writer, List<Layer> layers, int i)
    {
        string from = i == 0 ? "input" : layers[i - 1].Field("Output");
        writer.Line($"Forward{layers[i].Name}({from}, {layers[i].Field("Output")}, batch{(layers[i].HasTrainingMode ? ", training" : "")});");
    }

    /// <summary>
    /// A run of dense layers: one by one when training (the backward pass reads each output as it is) or where the
    /// products would not run swapped; at inference otherwise, each but the last passing its output on transposed.
    /// </summary>
    private static void EmitChain(CodeWriter writer, List<Layer> layers, (int First, int Last) chain, string t)
    {
        using (writer.Block($"if (training || !{ChainName(layers, chain)}Runs(batch))"))
        {
            for (int i = chain.First; i <= chain.Last; i++)
            {
                EmitForwardCall(writer, layers, i);
            }
        }

        using (writer.Block("else"))
        {
            writer.Comment($"{layers[chain.First].Name} … {layers[chain.Last].Name} at inference: each layer but the last keeps its output transposed, [units, stride]");
            writer.Comment("with the batch along each row, and the next product reads it in place as its panels; the last transposes back.");
            writer.Line("int stride = Gemm.TransposedStride(batch);");
            for (int i = chain.First; i <= chain.Last; i++)
            {
                var layer = (DenseLayer)layers[i];
                string n = layer.Name;
                bool xTransposed = i > chain.First, yTransposed = i < chain.Last;
                string x = i == 0
                    ? $"input[..(batch * {n}Inputs)]"
                    : $"{layers[i - 1].Field("Output")}.AsSpan(0, {(xTransposed ? $"{n}Inputs * stride" : $"batch * {n}Inputs")})";
                string y = $"{layer.Field("Output")}.AsSpan(0, {(yTransposed ? $"{n}Units * stride" : $"batch * {n}Units")})";
                writer.Line($"Gemm.MultiplyTransposedChained<{t}>({x}, {(xTransposed ? "true" : "false")}, {layer.Tensor("Weights")}, {y}, {(yTransposed ? "true" : "false")}, batch, {n}Units, {n}Inputs, {layer.Tensor("Bias")}, Activation.{layer.ProductActivation});");
            }
        }
    }

    private static string ChainName(List<Layer> layers, (int First, int Last) chain) => $"{layers[chain.First].Name}To{layers[chain.Last].Name}Chain";

    /// <summary>
    /// The body of a public method inside <c>_use.Enter(…); try { … } finally { _use.Exit(); }</c>, so a second thread
    /// using the instance meanwhile gets an exception instead of corrupting shared buffers.
    /// </summary>
    public static System.IDisposable Exclusive(CodeWriter writer, string member)
    {
        writer.Line($"_use.Enter(\"{member}\");");
        return new ExclusiveScope(writer, writer.Block("try"));
    }

    private sealed class ExclusiveScope(CodeWriter writer, CodeWriter.Scope tryBlock) : System.IDisposable
    {
        public void Dispose()
        {
            tryBlock.Dispose();
            using (writer.Block("finally"))
            {
                writer.Line("_use.Exit();");
            }
        }
    }

    /// <summary>
    /// The exception for a non-finite step, naming where the first NaN or ∞ appeared: the input, each layer's output in
    /// forward order, the loss, then the gradients in the order the backward pass wrote them.
    /// </summary>
    public static void EmitNonFiniteStep(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        List<Layer> layers = Computing(network);
        writer.Line();
        writer.Comment("Where a non-finite training step went wrong: the first NaN or ∞ in the order the step computed things.");
        using (writer.Block($"private NonFiniteTrainingException NonFiniteStep(ReadOnlySpan<{t}> inputs, int batch, {t} loss)"))
        {
            if (network.DefersOuterProducts)
            {
                writer.Line("StoreWeightGradients();");
            }

            writer.Line("long step = _step + 1;");
            writer.Line("int at;");
            Check("inputs", "null", "input");
            foreach (Layer layer in layers)
            {
                Check($"{layer.Field("Output")}.AsSpan(0, batch * {layer.Name}OutputLength)", $"\"{layer.Name}\"", "output");
            }

            using (writer.Block($"if (!{t}.IsFinite(loss))"))
            {
                writer.Line("return new(step, null, \"loss\", -1, double.CreateTruncating(loss));");
            }

            Check($"{layers[layers.Count - 1].Field("Output")}Gradient.AsSpan(0, batch * OutputLength)", $"\"{layers[layers.Count - 1].Name}\"", "output gradient");
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                foreach (TensorSpec tensor in layers[i].Parameters)
                {
                    Check(layers[i].Gradient(tensor.Member), $"\"{layers[i].Name}\"", tensor.Member + " gradient");
                }

                if (i > 0)
                {
                    Check($"{layers[i - 1].Field("Output")}Gradient.AsSpan(0, batch * {layers[i - 1].Name}OutputLength)", $"\"{layers[i - 1].Name}\"", "output gradient");
                }
            }

            writer.Line("return new(step, null, \"loss\", -1, double.CreateTruncating(loss));");
        }

        void Check(string span, string layer, string where)
        {
            using (writer.Block($"if ((at = NonFinite.IndexOf<{t}>({span})) >= 0)"))
            {
                writer.Line($"return new(step, {layer}, \"{where}\", at, double.CreateTruncating(loss));");
            }
        }
    }

    /// <summary>
    /// TrainStep's guard for networks with a layer whose gradients are a sum of outer products and its output gradient
    /// (<see cref="Layer.GradientsAreOuterProducts"/>: dense layers): those are checked from ∂L/∂z and x
    /// (<c>NonFinite.DenseGradientsAreFinite</c>: exactly at batch 1, by a bound on the sums at larger batches, and by
    /// scanning the gradients only when the bound cannot tell); every other layer's gradients are scanned.
    /// </summary>
    public static void EmitGradientCheck(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        if (!HasOuterProductLayer(network))
        {
            return;
        }

        string t = context.T;
        List<Layer> layers = Computing(network);
        var checks = new List<string>();
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            Layer layer = layers[i];
            if (layer.GradientsAreOuterProducts)
            {
                string x = i == 0 ? "inputs[..(batch * InputLength)]" : $"{layers[i - 1].Field("Output")}.AsSpan(0, batch * {layers[i - 1].Name}OutputLength)";
                string gradients = string.Join(", ", layer.Parameters.Select(tensor => layer.Gradient(tensor.Member)));
                checks.Add($"NonFinite.DenseGradientsAreFinite<{t}>({layer.Field("Output")}Gradient.AsSpan(0, batch * {layer.Name}OutputLength), {x}, batch, {gradients})");
                continue;
            }

            checks.AddRange(layer.Parameters.Select(tensor => $"NonFinite.IndexOf<{t}>({layer.Gradient(tensor.Member)}) < 0"));
        }

        writer.Line();
        writer.Comment("Whether every gradient of the step just computed is finite. A dense layer's gradients are sums over the batch of");
        writer.Comment("∂L/∂z·xᵀ and of ∂L/∂z, which NonFinite.DenseGradientsAreFinite decides from ∂L/∂z and x (exactly at batch 1, by a");
        writer.Comment("bound on the sums over a batch), reading the gradients back only when the bound does not settle it.");
        using (writer.Block($"private bool GradientsAreFinite({(network.FirstLayerTakesOuterProducts ? $"ReadOnlySpan<{t}> inputs, " : "")}int batch)"))
        {
            for (int i = 0; i < checks.Count; i++)
            {
                writer.Line((i == 0 ? "return " : "    && ") + checks[i] + (i == checks.Count - 1 ? ";" : ""));
            }
        }
    }

    private static bool HasOuterProductLayer(ShapedNetwork network) => network.Layers.Any(l => l.GradientsAreOuterProducts);


    /// <summary>Per-layer statistics of the last training-mode pass, for <c>CollectStatistics</c>.</summary>
    public static void EmitStatistics(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        writer.Line();
        writer.Comment("Each layer's activation mean and variance, gradient norms and dead ReLU units in the batch just trained on.");
        using (writer.Block("private LayerStatistics[] MeasureLayers(int batch)"))
        {
            writer.Line("return new LayerStatistics[]");
            writer.Line("{");
            EmitMeasures(writer, network, t);
            writer.Line("};");
        }
    }

    private static void EmitMeasures(CodeWriter writer, ShapedNetwork network, string t)
    {
        foreach (Layer layer in Computing(network))
        {
            string length = $"batch * {layer.Name}OutputLength";
            string parameters = layer.Parameters.Count == 0
                ? $"ReadOnlySpan<{t}>.Empty"
                : $"_gradients.AsSpan({layer.Tensor(layer.Parameters[0].Member)}Offset, {EmitContext.Int(layer.ParameterCount)})";
            string relu = layer.Activation == ActivationKind.ReLU ? "true" : "false";
            writer.Line($"    LayerStatistics.Measure<{t}>(\"{layer.Name}\", \"{layer.Kind}\", {layer.Field("Output")}.AsSpan(0, {length}),");
            writer.Line($"        {layer.Field("Output")}Gradient.AsSpan(0, {length}), {parameters}, batch, isReLU: {relu}),");
        }
    }

    /// <summary>The layers that compute something, in order: every layer but the reshapes, which only rename a buffer.</summary>
    internal static List<Layer> Computing(ShapedNetwork network) => network.Layers.Where(l => !l.IsReshape).ToList();

    private static void EmitCounts(CodeWriter writer, ShapedNetwork network, string count = "batch")
    {
        if (network.IsClassifier)
        {
            writer.Line($"int {count} = labels.Length;");
            writer.Line($"BatchGuard.CheckLength(inputs.Length, {count}, InputLength, \"inputs\");");
        }
        else
        {
            writer.Line($"int {count} = BatchGuard.CountSamples(inputs.Length, InputLength, \"inputs\");");
            writer.Line($"BatchGuard.CheckLength(targets.Length, {count}, OutputLength, \"targets\");");
        }
    }

    /// <summary>The loss over samples [start, start + count) of the last forward pass, writing ∂L/∂output when asked.</summary>
    private static string LossCall(ShapedNetwork network, EmitContext context, string start, string count, bool gradient)
    {
        string t = context.T;
        string output = Computing(network).Last().Field("Output");
        string values = $"{output}.AsSpan(0, {count} * OutputLength)";
        string gradientSpan = gradient ? $"{output}Gradient.AsSpan(0, {count} * OutputLength)" : $"Span<{t}>.Empty";
        string targets = start == "0" ? "targets" : $"targets.Slice({start} * OutputLength, {count} * OutputLength)";
        string labels = start == "0" ? "labels" : $"labels.Slice({start}, {count})";
        return network.Loss switch
        {
            LossKind.SoftmaxCrossEntropy => $"LossFunctions.SoftmaxCrossEntropy<{t}>({values}, {labels}, {gradientSpan}, OutputLength)",
            LossKind.BinaryCrossEntropy => $"LossFunctions.BinaryCrossEntropyWithLogits<{t}>({values}, {targets}, {gradientSpan}, {count})",
            _ => $"LossFunctions.SquaredError<{t}>({values}, {targets}, {gradientSpan}, {count})",
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
                writer.Comment("The output softmax, which training folds into the loss.");
                writer.Line($"Activations.Softmax<{context.T}>(y, batch, OutputLength);");
                break;
            case ActivationKind.Sigmoid:
                writer.Comment("The output sigmoid, which training folds into the loss.");
                writer.Line($"Activations.Sigmoid<{context.T}>(y);");
                break;
        }
    }

    private static void EmitPredict(CodeWriter writer, EmitContext context, string output)
    {
        writer.Line();
        writer.Summary("The most likely class of one sample: the arg-max of its output (inference mode).");
        using (writer.Block($"public int Predict(ReadOnlySpan<{context.T}> input)"))
        using (Exclusive(writer, "Predict"))
        {
            writer.Line("BatchGuard.CheckLength(input.Length, 1, InputLength, \"input\");");
            writer.Line("ForwardBatch(input, 1, training: false);");
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

        string t = context.T;
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"public void Predict(ReadOnlySpan<{t}> inputs, Span<int> labels, Span<{t}> probabilities)"))
        using (Exclusive(writer, "Predict"))
        {
            writer.Line("int count = labels.Length;");
            writer.Line("BatchGuard.CheckLength(inputs.Length, count, InputLength, \"inputs\");");
            using (writer.Block("if (!probabilities.IsEmpty)"))
            {
                writer.Line("BatchGuard.CheckLength(probabilities.Length, count, OutputLength, \"probabilities\");");
            }

            using (writer.Block("for (int start = 0; start < count; start += BatchCapacity)"))
            {
                writer.Line("int batch = Math.Min(BatchCapacity, count - start);");
                writer.Line("ForwardBatch(inputs.Slice(start * InputLength, batch * InputLength), batch, training: false);");
                writer.Line($"ReadOnlySpan<{t}> scores = {output}.AsSpan(0, batch * OutputLength);");
                using (writer.Block("for (int s = 0; s < batch; s++)"))
                {
                    writer.Line($"labels[start + s] = Metrics.ArgMax<{t}>(scores.Slice(s * OutputLength, OutputLength));");
                }

                using (writer.Block("if (!probabilities.IsEmpty)"))
                {
                    writer.Comment("The output holds logits (the loss folds softmax in): probabilities are their softmax.");
                    writer.Line($"Span<{t}> p = probabilities.Slice(start * OutputLength, batch * OutputLength);");
                    writer.Line("scores.CopyTo(p);");
                    writer.Line($"Activations.Softmax<{t}>(p, batch, OutputLength);");
                }
            }
        }
    }
}
