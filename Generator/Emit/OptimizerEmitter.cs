using System.Linq;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Layers;

namespace StaticNet.Generator.Emit;

/// <summary>
/// The momentum update, exactly as in the course notes: V ← μV − α(∇J + λW); W ← W + V, with λ only on the tensors
/// a layer declares decayed; and the update of persistent state (running statistics) each layer declares.
/// </summary>
internal static class OptimizerEmitter
{
    public static void Emit(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        writer.Line();
        writer.Comment("Momentum SGD: V ← μV − α(∇J + λW); W ← W + V. With μ = 0 it is plain gradient descent.");
        using (writer.Block("private void UpdateParameters()"))
        {
            writer.Line($"{t} learningRate = ({t})(LearningRate * _learningRateScale);");
            if (network.Optimizer.WeightDecay == 0)
            {
                writer.Line($"Momentum.Update<{t}>(_parameters, _velocity, _gradients, learningRate, MomentumCoefficient, WeightDecay);");
            }
            else
            {
                writer.Comment("Weight decay applies to weights only; biases, γ and β are not decayed.");
                foreach (Layer layer in network.Layers)
                {
                    foreach (TensorSpec tensor in layer.Parameters)
                    {
                        string member = layer.Tensor(tensor.Member);
                        writer.Line($"Momentum.Update<{t}>({member}, _velocity.AsSpan({member}Offset, {member}Count), {layer.Gradient(tensor.Member)}, learningRate, MomentumCoefficient, {(tensor.Decayed ? "WeightDecay" : "0")});");
                    }
                }
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
}
