using System.Linq;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Layers;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Analysis;

/// <summary>A network whose every shape is known and every check passed: all the emitter needs.</summary>
internal sealed record ShapedNetwork(
    string? Namespace,
    string ClassName,
    EquatableArray<Parsing.ContainingType> ContainingTypes,
    NetworkOptions Options,
    Shape Input,
    EquatableArray<Layer> Layers,
    LossKind Loss,
    Optimizers.Optimizer Optimizer)
{
    /// <summary>Runtime names the emitter must qualify with <c>global::</c> (see <see cref="Model.RuntimeNames"/>).</summary>
    public EquatableArray<string> ShadowedNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The class is abstract: <c>IShardable.CreateShard</c> refuses, as it cannot create one.</summary>
    public bool IsAbstract { get; init; }

    /// <summary>The last layer that computes anything (a trailing Flatten only renames its buffer).</summary>
    public Layer OutputLayer => Layers.Last(l => !l.IsReshape);

    public int ParameterCount => Layers.Sum(l => l.ParameterCount);

    public int StateCount => Layers.Sum(l => l.StateCount);

    /// <summary>Every tensor of every layer, parameters then state, each with its layer.</summary>
    public System.Collections.Generic.IEnumerable<(Layer Layer, TensorSpec Tensor)> Tensors =>
        Layers.SelectMany(l => l.Parameters.Select(p => (l, p))).Concat(Layers.SelectMany(l => l.State.Select(s => (l, s))));

    /// <summary>The fewest samples a training step may have.</summary>
    public int MinimumTrainingBatch => Layers.Max(l => l.MinimumTrainingBatch);

    /// <summary>
    /// Whether a one-sample <c>TrainStep</c> leaves the dense layers' weight gradients, outer products ∂L/∂z·xᵀ at one
    /// sample, for the update to compute as it reads them (<c>GradientBlocks</c>) instead of storing them and reading
    /// them back: where the network has dense layers, trains on single samples (no batch norm) and does not clip by the
    /// gradients' global norm, which needs them all before the update.
    /// </summary>
    public bool DefersOuterProducts => MinimumTrainingBatch == 1 && Optimizer.ClipNorm == 0 && Layers.Any(l => l.GradientsAreOuterProducts);

    /// <summary>
    /// Whether the first layer that computes anything is one whose gradients are outer products with its input (dense):
    /// its x is then the network's input, which the training guard reads and a deferred one-sample step copies.
    /// </summary>
    public bool FirstLayerTakesOuterProducts => Layers.First(l => !l.IsReshape).GradientsAreOuterProducts;

    /// <summary>Softmax cross-entropy trains on class labels; the other losses on target vectors.</summary>
    public bool IsClassifier => Loss == LossKind.SoftmaxCrossEntropy;

    /// <summary>The one-line description saved parameter files must match.</summary>
    public string Architecture =>
        "Input(" + Input.Compact + ") → " + string.Join(" → ", Layers.Select(l => l.Describe()));
}

internal sealed record NetworkOptions(int BatchCapacity, int Seed, PrecisionKind Precision);

/// <summary>The analysis of one declaration: the shaped network when it is valid, and every diagnostic.</summary>
internal sealed record AnalysisResult(ShapedNetwork? Network, EquatableArray<DiagnosticInfo> Diagnostics, string HintName)
{
    /// <summary>The user's members, which the emitted code is checked against (<see cref="MemberClashes"/>).</summary>
    public EquatableArray<Parsing.MemberSignature> UserMembers { get; init; } = EquatableArray<Parsing.MemberSignature>.Empty;

    /// <summary>The class name's location, where a clash is reported.</summary>
    public LocationInfo? ClassLocation { get; init; }

    /// <summary>The class as messages name it (<c>Outer.Net</c>).</summary>
    public string DisplayName { get; init; } = "";
}
