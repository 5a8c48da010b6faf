using System.Collections.Generic;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// Where a layer sits: its position, its names, the shape it receives, and the activation that follows it
/// (an activation layer after it, through layers that do not change units: batch norm, dropout, pooling,
/// flatten), so a weighted layer picks the initializer and checks for the activation it will actually have; and the
/// network's element type, which every declared value must survive (<see cref="SinglePrecision"/>).
/// </summary>
internal sealed record LayerSite(int Index, string Name, string Key, Shape Input, ActivationKind FollowingActivation, PrecisionKind Precision = PrecisionKind.Single)
{
    /// <summary>The activation a weighted layer's units end in: its fused one, or the activation layer after it.</summary>
    public ActivationKind Effective(ActivationRule fused) =>
        fused.Kind == ActivationKind.Identity ? FollowingActivation : fused.Kind;
}

/// <summary>Reads one layer attribute into a shaped layer, or reports why it cannot and returns null.</summary>
internal delegate Layer? LayerFactory(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics);

/// <summary>
/// A layer kind as the analyzer sees it before shaping: its factory, whether it leaves the units before it as they
/// are (so an activation layer after it still belongs to them), and the activation it applies if it is an activation layer.
/// </summary>
internal sealed record LayerKind(LayerFactory Create, bool KeepsUnits = false, ActivationKind? Applies = null);

/// <summary>Every layer kind, by attribute name. Adding a kind means one file in this folder and one line here.</summary>
internal static class LayerCatalog
{
    private static readonly Dictionary<string, LayerKind> Kinds = new()
    {
        [DenseLayer.AttributeName] = new(DenseLayer.Create),
        [ConvolutionLayer.Conv2DName] = new(ConvolutionLayer.CreateConv2D),
        [ConvolutionLayer.Conv1DName] = new(ConvolutionLayer.CreateConv1D),
        [ConvTranspose2DLayer.AttributeName] = new(ConvTranspose2DLayer.Create),
        ["MaxPool2D"] = new(PoolingLayer.CreateMax2D, KeepsUnits: true),
        ["AvgPool2D"] = new(PoolingLayer.CreateAvg2D, KeepsUnits: true),
        ["MaxPool1D"] = new(PoolingLayer.CreateMax1D, KeepsUnits: true),
        ["AvgPool1D"] = new(PoolingLayer.CreateAvg1D, KeepsUnits: true),
        [GlobalAvgPoolLayer.AttributeName] = new(GlobalAvgPoolLayer.Create, KeepsUnits: true),
        [FlattenLayer.AttributeName] = new(FlattenLayer.Create, KeepsUnits: true),
        [BatchNormLayer.AttributeName] = new(BatchNormLayer.Create, KeepsUnits: true),
        [DropoutLayer.AttributeName] = new(DropoutLayer.Create, KeepsUnits: true),
        ["ReLU"] = new(ActivationLayer.Create, Applies: ActivationKind.ReLU),
        ["LeakyReLU"] = new(ActivationLayer.Create, Applies: ActivationKind.LeakyReLU),
        ["Sigmoid"] = new(ActivationLayer.Create, Applies: ActivationKind.Sigmoid),
        ["Tanh"] = new(ActivationLayer.Create, Applies: ActivationKind.Tanh),
        ["Softmax"] = new(ActivationLayer.Create, Applies: ActivationKind.Softmax),
    };

    /// <summary>Every layer attribute's short name (<c>Dense</c> for <c>DenseAttribute</c>).</summary>
    public static IEnumerable<string> AttributeNames => Kinds.Keys;

    public static bool TryGet(string attributeName, out LayerKind kind) =>
        Kinds.TryGetValue(attributeName, out kind!);
}
