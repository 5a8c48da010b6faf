using System.Collections.Generic;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Optimizers;

/// <summary>Reads one optimizer attribute for a network of the given element type, reporting what is wrong with it.</summary>
internal delegate Optimizer OptimizerFactory(AttributeSpec attribute, PrecisionKind precision, DiagnosticBag diagnostics);

/// <summary>Every optimizer, by attribute name. Adding one means one file in this folder, its kernel, and one line here.</summary>
internal static class OptimizerCatalog
{
    private static readonly Dictionary<string, OptimizerFactory> Factories = new()
    {
        ["Sgd"] = SgdOptimizer.Create,
        ["Momentum"] = MomentumOptimizer.Create,
        ["Nesterov"] = NesterovOptimizer.Create,
        ["AdaGrad"] = AdaGradOptimizer.Create,
        ["RMSProp"] = RMSPropOptimizer.Create,
        ["Adam"] = AdamOptimizer.CreateAdam,
        ["AdamW"] = AdamOptimizer.CreateAdamW,
    };

    /// <summary>Every optimizer attribute's short name (<c>Adam</c> for <c>AdamAttribute</c>).</summary>
    public static IEnumerable<string> AttributeNames => Factories.Keys;

    public static bool TryGet(string attributeName, out OptimizerFactory factory) =>
        Factories.TryGetValue(attributeName, out factory!);
}
