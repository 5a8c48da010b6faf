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
        using (writer.Block("private void UpdateParameters()"))
        {
            writer.Line(context.Precision == PrecisionKind.Double ? "double learningRate = _learningRate;" : "float learningRate = (float)_learningRate;");
            if (optimizer.CountsSteps)
            {
                writer.Line("long step = _step + 1;");
            }

            string scale = optimizer.ClipNorm > 0 ? "Clipping.NormScale<" + t + ">(_gradients, ClipNorm)" : "1";
            string clip = optimizer.ClipValue > 0 ? "ClipValue" : $"{t}.PositiveInfinity";
            writer.Line($"GradientAdjustment<{t}> adjustment = new({scale}, {clip}, l2: 0, l1: 0);");
            if (regularized)
            {
                EmitPerTensor(writer, network, context);
            }
            else
            {
                string[] whole = optimizer.Buffers.Select(BufferView).ToArray();
                writer.Line(optimizer.Update(context, "_parameters", "_gradients", whole, "adjustment", "0"));
            }
        }

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
        foreach (Layer layer in network.Layers)
        {
            foreach (TensorSpec tensor in layer.Parameters)
            {
                string member = layer.Tensor(tensor.Member);
                string[] state = optimizer.Buffers.Select(b => $"{BufferView(b)}.Slice({member}Offset, {member}Count)").ToArray();
                string decoupled = tensor.Decayed && optimizer.DecouplesWeightDecay ? "WeightDecay" : "0";
                writer.Line(optimizer.Update(context, member, layer.Gradient(tensor.Member), state, tensor.Decayed ? "decayed" : "adjustment", decoupled));
            }
        }
    }
}
