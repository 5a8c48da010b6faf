using StaticNet.Generator.Analysis;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Layers;

/// <summary>
/// One named tensor a layer declares: a learned parameter (weights, bias, γ, β) or persistent state (running
/// statistics). The emitter, the optimizer update, the layer table and the parameter file all iterate over
/// these; nothing outside a layer's file needs to know which tensors a kind has.
/// </summary>
/// <param name="Key">The tensor's name in files, after the layer's key: <c>weight</c>, <c>bias</c>, <c>running_mean</c> (PyTorch's names).</param>
/// <param name="Member">The suffix of its generated members: <c>Weights</c> gives <c>Dense1Weights</c>, <c>Dense1WeightsOffset</c>, <c>Dense1WeightsGradient</c>.</param>
/// <param name="Shape">Its dimensions in PyTorch's layout.</param>
/// <param name="Decayed">Whether weight decay applies (weights only; never biases, γ, β or state).</param>
/// <param name="Init">How <c>Initialize(seed)</c> sets it.</param>
/// <param name="Description">What it is, for the generated doc comment, such as <c>weights</c> or <c>running mean μ̂</c>.</param>
internal sealed record TensorSpec(string Key, string Member, EquatableArray<int> Shape, bool Decayed, TensorInit Init, string Description)
{
    /// <summary>Where the tensor starts in its buffer (parameters or state); the analyzer assigns it.</summary>
    public int Offset { get; init; }

    public int Length => Shape.Count == 0 ? 1 : System.Linq.Enumerable.Aggregate(Shape, 1, (product, d) => product * d);

    /// <summary>The shape as comments show it, such as [6, 1, 5, 5].</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// How a tensor starts: a constant, or a random draw whose scale follows <see cref="Kind"/>. Fan-in and fan-out are
/// C# expressions over the layer's constants, so the generated code shows where they come from.
/// </summary>
internal sealed record TensorInit(InitKind Kind, double Value, string? FanIn, string? FanOut, string Comment)
{
    public static TensorInit Constant(double value) => new(InitKind.Constant, value, null, null, DiagnosticBag.Format(value));

    public bool IsRandom => Kind is not (InitKind.Zeros or InitKind.Constant);
}
