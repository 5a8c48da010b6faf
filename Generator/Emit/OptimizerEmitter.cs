using System.Linq;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Layers;

namespace StaticNet.Generator.Emit;

/// <summary>The momentum update, exactly as in the course notes: V ← μV − α(∇J + λW); W ← W + V.</summary>
internal static class OptimizerEmitter
{
    public static void Emit(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        string t = context.T;
        writer.Line();
        writer.Comment("Momentum SGD: V ← μV − α(∇J + λW); W ← W + V. With μ = 0 it is plain gradient descent.");
        using (writer.Block("private void UpdateParameters()"))
        {
            writer.Line($"{t} learningRate = LearningRate * _learningRateScale;");
            if (network.Optimizer.WeightDecay == 0)
            {
                writer.Line($"global::StaticNet.Optimizers.Momentum.Update<{t}>(_parameters, _velocity, _gradients, learningRate, MomentumCoefficient, WeightDecay);");
                return;
            }

            writer.Comment("Weight decay applies to weights only; biases are not decayed.");
            foreach (Layer layer in network.Layers.Where(l => l.ParameterCount > 0))
            {
                string name = layer.Name;
                writer.Line($"global::StaticNet.Optimizers.Momentum.Update<{t}>({name}Weights, _velocity.AsSpan({name}WeightOffset, {name}WeightCount), {name}WeightGradient, learningRate, MomentumCoefficient, WeightDecay);");
                if (layer.BiasCount > 0)
                {
                    writer.Line($"global::StaticNet.Optimizers.Momentum.Update<{t}>({name}Bias, _velocity.AsSpan({name}BiasOffset, {name}BiasCount), {name}BiasGradient, learningRate, MomentumCoefficient, 0);");
                }
            }
        }
    }
}
