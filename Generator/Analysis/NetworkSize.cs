using System.Collections.Generic;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Layers;
using StaticNet.Generator.Model;
using StaticNet.Generator.Optimizers;

namespace StaticNet.Generator.Analysis;

/// <summary>
/// The limits on what a network may allocate, checked in long arithmetic before any int size is formed from them (SN0046):
/// every buffer is one .NET array, so none may hold more than <see cref="Sizes.MaxBuffer"/> values, and all of a network's
/// buffers together may hold at most <see cref="Sizes.MaxTotal"/>. Beyond the first the generated int constants would
/// overflow; beyond the second <c>new Net()</c> would ask for more than 8 GiB.
/// </summary>
internal static class NetworkSize
{
    private const string OneBuffer = "in one buffer (a full batch of its inputs or outputs, its work space, or the parameters up to it)";

    /// <summary>Whether a full batch of input fits one buffer.</summary>
    public static bool InputFits(Shape input, int batch, LocationInfo? location, DiagnosticBag diagnostics) =>
        Fits(Sizes.Product(batch, input.LongLength), "The input", "in one buffer (BatchCapacity samples)", location, diagnostics);

    /// <summary>Whether the layer's buffers fit: its input and output for a full batch, its work buffer, and every parameter up to it.</summary>
    public static bool LayerFits(Layer layer, int batch, int parameterOffset, LocationInfo? location, DiagnosticBag diagnostics)
    {
        long largest = System.Math.Max(
            System.Math.Max(Sizes.Product(batch, layer.Output.LongLength), Sizes.Product(batch, layer.Input.LongLength)),
            System.Math.Max(layer.WorkspaceLength(batch), Sizes.Sum(parameterOffset, layer.ExactParameterCount)));
        return Fits(largest, layer.Name, OneBuffer, location, diagnostics);
    }

    /// <summary>
    /// Whether the optimizer's state (one buffer as long as the parameters per state tensor, laid out in one array) fits,
    /// and whether all the network's buffers together stay within <see cref="Sizes.MaxTotal"/>.
    /// </summary>
    public static bool TotalFits(string network, IReadOnlyList<Layer> layers, int batch, Optimizer optimizer, LocationInfo? optimizerLocation, LocationInfo? classLocation, DiagnosticBag diagnostics)
    {
        long parameters = 0, state = 0, activations = 0;
        foreach (Layer layer in layers)
        {
            parameters = Sizes.Sum(parameters, layer.ExactParameterCount);
            state = Sizes.Sum(state, layer.StateCount);
            if (!layer.IsReshape)
            {
                // Its output and the gradient with respect to it, for a full batch, and its own work space.
                activations = Sizes.Sum(activations, Sizes.Sum(Sizes.Product(2, batch, layer.Output.LongLength), layer.WorkspaceLength(batch)));
            }
        }

        long optimizerState = Sizes.Product(optimizer.Buffers.Count, parameters);
        if (!Fits(optimizerState, $"[{optimizer.Kind}]'s state", $"in one buffer ({string.Join(" and ", optimizer.Buffers)}, each as long as the parameters)", optimizerLocation, diagnostics))
        {
            return false;
        }

        // Parameters and their gradients, the optimizer's state, the layers' state, outputs, gradients and work space.
        long total = Sizes.Sum(Sizes.Sum(Sizes.Product(2, parameters), optimizerState), Sizes.Sum(state, activations));
        if (total <= Sizes.MaxTotal)
        {
            return true;
        }

        diagnostics.Add(Descriptors.NetworkTooLarge, classLocation, $"'{network}'", total, "in all its buffers together (parameters, gradients, optimizer state, and each layer's outputs and their gradients for a full batch)", $"{Sizes.MaxTotal} (2³¹, 8 GiB of floats)");
        return false;
    }

    private static bool Fits(long length, string what, string where, LocationInfo? location, DiagnosticBag diagnostics)
    {
        if (length <= Sizes.MaxBuffer)
        {
            return true;
        }

        diagnostics.Add(Descriptors.NetworkTooLarge, location, what, length, where, $"{Sizes.MaxBuffer} (the most a .NET array holds)");
        return false;
    }
}
