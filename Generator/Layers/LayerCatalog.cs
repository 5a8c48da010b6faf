using System.Collections.Generic;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>Where a layer sits: its position, the shape it receives, and where its parameters start.</summary>
internal sealed record LayerSite(int Index, Shape Input, int ParameterOffset);

/// <summary>Reads one layer attribute into a shaped layer, or reports why it cannot and returns null.</summary>
internal delegate Layer? LayerFactory(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics);

/// <summary>Every layer kind, by attribute name. Adding a kind means one file in this folder and one line here.</summary>
internal static class LayerCatalog
{
    private static readonly Dictionary<string, LayerFactory> Factories = new()
    {
        [DenseLayer.AttributeName] = DenseLayer.Create,
        [ConvolutionLayer.Conv2DName] = ConvolutionLayer.CreateConv2D,
        [ConvolutionLayer.Conv1DName] = ConvolutionLayer.CreateConv1D,
        [ConvTranspose2DLayer.AttributeName] = ConvTranspose2DLayer.Create,
        ["MaxPool2D"] = PoolingLayer.CreateMax2D,
        ["AvgPool2D"] = PoolingLayer.CreateAvg2D,
        ["MaxPool1D"] = PoolingLayer.CreateMax1D,
        ["AvgPool1D"] = PoolingLayer.CreateAvg1D,
        [GlobalAvgPoolLayer.AttributeName] = GlobalAvgPoolLayer.Create,
        [FlattenLayer.AttributeName] = FlattenLayer.Create,
    };

    public static bool TryGet(string attributeName, out LayerFactory factory) =>
        Factories.TryGetValue(attributeName, out factory!);
}
