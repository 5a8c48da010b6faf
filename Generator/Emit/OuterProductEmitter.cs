using System.Collections.Generic;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Layers;

namespace StaticNet.Generator.Emit;

/// <summary>
/// The one-sample step's deferred weight gradients (<see cref="ShapedNetwork.DefersOuterProducts"/>). At one sample a
/// dense layer's weight gradient is the outer product ∂L/∂z·xᵀ of two vectors the step keeps anyway, its output
/// gradient and its input. A one-sample step is bound by moving memory, and storing that gradient only for the update
/// to read it back costs as much as reading and writing the weights. So <c>TrainStep</c> at one sample skips the
/// product in the backward pass, and the update reads the gradient through <c>GradientBlocks</c>: each optimizer
/// computes every vector of it as it goes, one multiply-add of a row's ∂L/∂z with a vector of x, each entry the value
/// the backward pass would have stored, so the step is the same bit for bit.
/// <para>
/// Nothing is lost: the gradients are stored when <c>Gradients</c> is read, before anything overwrites the vectors they
/// come from (an inference pass) and before <c>ApplyGradients</c> or a non-finite step's report reads them. A training
/// step computes them all again, so it only clears the mark.
/// </para>
/// This class writes the state that takes (a copy of the sample, the first layer's x, where that layer is dense; the
/// outer products; the mark) and the two methods that set and clear it.
/// </summary>
internal static class OuterProductEmitter
{
    public static void EmitFields(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        if (!network.DefersOuterProducts)
        {
            return;
        }

        string t = context.T;
        writer.Line();
        writer.Comment("A one-sample TrainStep leaves each dense layer's weight gradient, the outer product ∂L/∂z·xᵀ, unstored: the");
        writer.Comment("update computes it from these as it reads it (GradientBlocks), and reading Gradients stores it.");
        if (network.FirstLayerTakesOuterProducts)
        {
            writer.Line($"private readonly {t}[] _sample = new {t}[InputLength]; // the sample: {PassEmitter.Computing(network)[0].Name}'s x");
        }

        writer.Line($"private OuterProductGradient<{t}>[]? _outerProducts;");
        writer.Line("private bool _weightGradientsUnstored;");
    }

    public static void EmitMethods(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        if (!network.DefersOuterProducts)
        {
            return;
        }

        string t = context.T;
        List<Layer> layers = PassEmitter.Computing(network);
        writer.Line();
        writer.Comment("After a one-sample step's backward pass, which skipped the dense layers' weight gradients: each as the outer");
        writer.Comment("product of its layer's ∂L/∂z and x, in buffer order; the sample is copied, as the caller's span is gone after the call.");
        using (writer.Block(network.FirstLayerTakesOuterProducts ? $"private void LeaveWeightGradientsUnstored(ReadOnlySpan<{t}> inputs)" : "private void LeaveWeightGradientsUnstored()"))
        {
            if (network.FirstLayerTakesOuterProducts)
            {
                writer.Line("inputs.CopyTo(_sample);");
            }

            writer.Line($"_outerProducts ??= new OuterProductGradient<{t}>[]");
            writer.Line("{");
            for (int i = 0; i < layers.Count; i++)
            {
                if (layers[i].GradientsAreOuterProducts)
                {
                    string n = layers[i].Name;
                    string x = i == 0 ? "_sample" : layers[i - 1].Field("Output");
                    writer.Line($"    new({layers[i].Tensor("Weights")}Offset, {n}Units, {n}Inputs, {layers[i].Field("Output")}Gradient, {x}),");
                }
            }

            writer.Line("};");
            writer.Line("_weightGradientsUnstored = true;");
        }

        writer.Line();
        writer.Comment("Stores the weight gradients a one-sample step left unstored, if it did: ∂L/∂W = ∂L/∂zᵀ·x, as the backward pass would have.");
        using (writer.Block("private void StoreWeightGradients()"))
        {
            using (writer.Block("if (_weightGradientsUnstored)"))
            {
                writer.Line("_weightGradientsUnstored = false;");
                using (writer.Block($"foreach (OuterProductGradient<{t}> gradient in _outerProducts!)"))
                {
                    writer.Line("gradient.Store(_gradients);");
                }
            }
        }
    }
}
