using System.Linq;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Layers;
using StaticNet.Generator.Optimizers;

namespace StaticNet.Generator.Emit;

/// <summary>
/// The optimizer step: gradient clipping, then the update of every parameter tensor by the network's optimizer
/// (<see cref="Optimizer.Update"/>), with L2 and L1 only on the tensors a layer declares decayed; and the update of
/// persistent state (running statistics) each layer declares.
/// </summary>
internal static class OptimizerEmitter
{
    /// <summary>The private view of one optimizer buffer, such as <c>ExpAvgSq</c> for <c>exp_avg_sq</c>.</summary>
    public static string BufferView(string buffer) =>
        string.Concat(buffer.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part.Substring(1)));

    public static void Emit(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        Optimizer optimizer = network.Optimizer;
        bool regularized = optimizer.WeightDecay > 0 || optimizer.L1 > 0;
        writer.Line();
        writer.Comment($"{optimizer.Formula}.");
        writer.Comment("Before it, g is clipped and, on weights only, regularized: g ← clip(g) + λW + λ₁·sign(W).");
        writer.Comment("On the product threads, each its part of the tensors, while ProductThreads.Use is in effect.");
        writer.Line($"private void UpdateParameters() => ProductThreads.UpdateParameters<{t}>(this, GradientScale());");
        writer.Line();
        if (optimizer.ClipNorm > 0)
        {
            writer.Comment("The factor clipping scales every gradient by, so that their global norm is at most ClipNorm.");
            writer.Line($"private {t} GradientScale() => Clipping.NormScale<{t}>(_gradients.AsSpan(0, ParameterCount), ClipNorm);");
        }
        else
        {
            writer.Comment("The factor clipping scales every gradient by: 1, as this network does not clip by norm.");
            writer.Line($"private {t} GradientScale() => 1;");
        }

        writer.Line();
        writer.Comment("The update of the parameters [start, end): all of them in a training step, one thread's share in a data-");
        writer.Comment("parallel one. Each value's update reads only its own parameter, gradient and optimizer state.");
        if (network.DefersOuterProducts)
        {
            using (writer.Block($"private void UpdateParameters(int start, int end, {t} gradientScale)"))
            {
                writer.Comment("In blocks where a one-sample step left the dense layers' weight gradients unstored: the update computes");
                writer.Comment("those from ∂L/∂z·xᵀ as it reads them (GradientBlocks). Otherwise one block, the stored gradients.");
                writer.Line($"GradientBlocks<{t}> blocks = new(_gradients, start, end, _weightGradientsUnstored ? _outerProducts : null);");
                using (writer.Block($"foreach (GradientBlock<{t}> block in blocks)"))
                {
                    writer.Line("UpdateParameters(block.Start, block.End, block, gradientScale);");
                }
            }

            writer.Line();
            writer.Comment("The update of the parameters [start, end) from their gradients, which `gradients` holds.");
        }

        string signature = network.DefersOuterProducts
            ? $"private void UpdateParameters(int start, int end, GradientBlock<{t}> gradients, {t} gradientScale)"
            : $"private void UpdateParameters(int start, int end, {t} gradientScale)";
        using (writer.Block(signature))
        {
            writer.Line(context.Precision == PrecisionKind.Double ? "double learningRate = _learningRate;" : "float learningRate = (float)_learningRate;");
            if (optimizer.CountsSteps)
            {
                writer.Line("long step = _step + 1;");
            }

            string clip = optimizer.ClipValue > 0 ? "ClipValue" : $"{t}.PositiveInfinity";
            writer.Line($"GradientAdjustment<{t}> adjustment = new(gradientScale, {clip}, l2: 0, l1: 0);");
            if (regularized)
            {
                EmitPerTensor(writer, network, context);
            }
            else
            {
                writer.Line("int count = end - start;");
                string[] whole = optimizer.Buffers.Select(b => $"{BufferView(b)}.Slice(start, count)").ToArray();
                writer.Line(optimizer.Update(context, "_parameters.AsSpan(start, count)", network.DefersOuterProducts ? "gradients" : "_gradients.AsSpan(start, count)", whole, "adjustment", "0"));
            }
        }

        EmitShardable(writer, network, context);

        if (network.Layers.Any(l => l.State.Count > 0))
        {
            writer.Line();
            writer.Comment("After a training step: the layers' persistent state from the statistics of the batch just trained on.");
            using (writer.Block("private void UpdateState(int batch)"))
            {
                foreach (Layer layer in network.Layers.Where(l => l.State.Count > 0))
                {
                    layer.EmitStateUpdate(writer, context);
                }
            }
        }
    }

    /// <summary>One update per parameter tensor, so L2 and L1 reach the weights and skip biases, γ and β.</summary>
    private static void EmitPerTensor(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        Optimizer optimizer = network.Optimizer;
        writer.Comment(optimizer.DecouplesWeightDecay
                ? "Decoupled decay W ← W(1 − αλ) and L1 apply to weights only; biases, γ and β are not decayed."
                : "L2 and L1 apply to weights only; biases, γ and β are not decayed.");
        string l2 = optimizer.DecouplesWeightDecay ? "0" : "WeightDecay";
        writer.Line($"GradientAdjustment<{t}> decayed = adjustment.WithRegularization({l2}, L1);");
        if (network.Layers.Any(l => l.Parameters.Count > 0))
        {
            writer.Line("int from, count;");
        }

        foreach (Layer layer in network.Layers)
        {
            foreach (TensorSpec tensor in layer.Parameters)
            {
                string member = layer.Tensor(tensor.Member);
                string[] state = optimizer.Buffers.Select(b => $"{BufferView(b)}.Slice(from, count)").ToArray();
                string decoupled = tensor.Decayed && optimizer.DecouplesWeightDecay ? "WeightDecay" : "0";
                writer.Line($"(from, count) = ParameterRange.Overlap({member}Offset, {member}Count, start, end);");
                string gradient = network.DefersOuterProducts ? "gradients.Slice(from - start, count)" : "_gradients.AsSpan(from, count)";
                writer.Line(optimizer.Update(context, "_parameters.AsSpan(from, count)", gradient, state, tensor.Decayed ? "decayed" : "adjustment", decoupled));
            }
        }
    }

    /// <summary>
    /// <c>IShardable&lt;T&gt;</c>, what <c>DataParallel&lt;T&gt;</c> uses: a shard that shares the parameters and the
    /// optimizer state (the constructor <see cref="NetworkEmitter"/> writes), the gradient scale, and the ranged update.
    /// </summary>
    private static void EmitShardable(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        if (network.IsAbstract)
        {
            // A type name is an identifier: nothing in it needs escaping in a string literal.
            writer.Line($"INetwork<{t}> IShardable<{t}>.CreateShard(int dropoutSeed) => throw new NotSupportedException(");
            writer.Line($"    \"{network.ClassName} is abstract, so data-parallel training cannot create its shards: train it on one thread, or declare the network on a class that is not abstract.\");");
        }
        else
        {
            writer.Line($"INetwork<{t}> IShardable<{t}>.CreateShard(int dropoutSeed) => new {NetworkEmitter.SelfType(network)}(this, dropoutSeed);");
        }
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"{t} IShardable<{t}>.GradientScale() => GradientScale();");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Block($"void IShardable<{t}>.UpdateParameters(int start, int end, {t} gradientScale)"))
        {
            writer.Line("ParameterRange.Check(start, end, ParameterCount);");
            writer.Line("UpdateParameters(start, end, gradientScale);");
        }
    }
}
