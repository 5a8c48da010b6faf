using System.Linq;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Layers;

/// <summary>
/// One shaped layer of a network. Each kind lives in its own file in this folder with its whole story:
/// how it reads its attribute, its shape rule and checks, the tensors it declares (parameters with their
/// initialization, persistent state), its scratch buffers, and the forward and backward code it emits.
/// Records, so the analysis result stays value-equatable.
/// </summary>
internal abstract record Layer
{
    /// <summary>Position among the layers, from 1; also the layer's random stream in <c>Initialize(seed)</c>.</summary>
    public int Index { get; init; }

    /// <summary>
    /// The identifier prefix of everything generated for this layer: the declared <c>Name</c> with its first letter
    /// capitalized (<c>Fc1</c>), or the kind numbered per kind (<c>Dense2</c>, <c>Conv2D1</c>).
    /// </summary>
    public string Name { get; init; } = "";

    /// <summary>The layer's key in parameter files: the declared <c>Name</c> as written, or the numbered kind in lower case (<c>dense2</c>).</summary>
    public string Key { get; init; } = "";

    public Shape Input { get; init; } = Shape.Of();

    public Shape Output { get; init; } = Shape.Of();

    public LocationInfo? Location { get; init; }

    /// <summary>Learned tensors, in buffer order, with their offsets in the parameter buffer.</summary>
    public EquatableArray<TensorSpec> Parameters { get; init; } = EquatableArray<TensorSpec>.Empty;

    /// <summary>Persistent, not learned tensors (running statistics), with their offsets in the state buffer.</summary>
    public EquatableArray<TensorSpec> State { get; init; } = EquatableArray<TensorSpec>.Empty;

    /// <summary>
    /// Set on the output layer of a softmax cross-entropy or binary cross-entropy network: training leaves
    /// its activation to the loss (∂L/∂z = softmax(z) − y or σ(z) − y), inference applies it in Forward.
    /// </summary>
    public bool ActivationFusedWithLoss { get; init; }

    /// <summary>False for the first layer that computes anything: nothing before it needs ∂L/∂input.</summary>
    public bool NeedsInputGradient { get; init; } = true;

    /// <summary>The attribute's name: Dense, Conv2D, BatchNorm, ReLU, …</summary>
    public abstract string Kind { get; }

    /// <summary>The activation this layer applies last: its fused <c>Activation =</c>, or what an activation layer computes.</summary>
    public virtual ActivationKind Activation => ActivationKind.Identity;

    public virtual LocationInfo? ActivationLocation => Location;

    /// <summary>A layer of units with weights (Dense, the convolutions): the course-notes checks reason about these.</summary>
    public virtual bool IsWeighted => false;

    /// <summary>An activation layer (<c>[ReLU]</c>, …): it gives the weighted layers before it their activation.</summary>
    public virtual bool IsActivation => false;

    /// <summary>Why this layer cannot come after the last weighted layer (batch norm, dropout), or null if it can.</summary>
    public virtual string? NotOnOutputBecause => null;

    /// <summary>Whether the forward pass differs between training and inference (batch norm, dropout): it then takes <c>bool training</c>.</summary>
    public virtual bool HasTrainingMode => false;

    /// <summary>The fewest samples a training batch may have (batch norm needs two to estimate a variance).</summary>
    public virtual int MinimumTrainingBatch => 1;

    /// <summary>
    /// Whether this layer's parameter gradients are sums over the batch of its output gradient's outer product with its
    /// input, and of its output gradient (a dense layer: ∂W = Σ ∂L/∂z·xᵀ, ∂b = Σ ∂L/∂z), so the training guard can decide
    /// from those two (<c>NonFinite.DenseGradientsAreFinite</c>) instead of scanning the gradients.
    /// </summary>
    public virtual bool GradientsAreOuterProducts => false;

    public int ParameterCount => Parameters.Sum(p => p.Length);

    public int StateCount => State.Sum(s => s.Length);

    /// <summary><see cref="ParameterCount"/> without overflow, checked before the int one is used.</summary>
    public virtual long ExactParameterCount => ParameterCount;

    /// <summary>Values in the layer's own work buffer (im2col columns) for a full batch, without overflow.</summary>
    public virtual long WorkspaceLength(int batchCapacity) => 0;

    /// <summary>A layer that only reinterprets its input's shape shares its input's buffer and emits no methods.</summary>
    public virtual bool IsReshape => false;

    /// <summary>A short description with the options that matter, used in the layer table and the architecture string.</summary>
    public abstract string Describe();

    /// <summary>Named size constants beyond the generic ones (offsets, counts, lengths).</summary>
    public virtual void EmitConstants(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>Scratch buffers beyond the output and its gradient (im2col columns, arg-max indices, masks).</summary>
    public virtual void EmitBuffers(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>Helper methods emitted after the layer's forward and backward methods.</summary>
    public virtual void EmitHelpers(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>Statements of <c>Initialize(seed)</c> beyond the tensors' own (a random stream for dropout masks).</summary>
    public virtual void EmitInitialize(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>Statements after a training step's parameter update that update persistent state (running averages).</summary>
    public virtual void EmitStateUpdate(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>
    /// <c>private void Forward{Name}(ReadOnlySpan&lt;T&gt; input, Span&lt;T&gt; output, int batch[, bool training])</c>.
    /// </summary>
    public abstract void EmitForward(CodeWriter writer, EmitContext context);

    /// <summary>
    /// <c>private void Backward{Name}(input, output, outputGradient[, inputGradient], int batch)</c>: turns ∂L/∂output into
    /// the parameter gradients and, unless this is the first layer, ∂L/∂input (overwritten, not accumulated).
    /// </summary>
    public abstract void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient);

    /// <summary>The generated member for tensor <paramref name="member"/> of this layer, such as <c>Dense1Weights</c>.</summary>
    public string Tensor(string member) => Name + member;

    /// <summary>The gradient view of tensor <paramref name="member"/>, such as <c>Dense1WeightsGradient</c>.</summary>
    public string Gradient(string member) => Name + member + "Gradient";

    /// <summary>The private field of one of this layer's scratch buffers, such as <c>_conv2D1Columns</c>.</summary>
    public string Field(string suffix) => "_" + char.ToLowerInvariant(Name[0]) + Name.Substring(1) + suffix;

    /// <summary>The signature line of the backward method, the same for every kind.</summary>
    protected string BackwardSignature(EmitContext context, bool computeInputGradient) =>
        $"private void Backward{Name}(ReadOnlySpan<{context.T}> input, ReadOnlySpan<{context.T}> output, Span<{context.T}> outputGradient"
        + (computeInputGradient ? $", Span<{context.T}> inputGradient" : "")
        + ", int batch"
        + (TakesWeightGradientsSwitch(context) ? ", bool weightGradients" : "")
        + ")";

    /// <summary>
    /// Whether the backward method takes <c>bool weightGradients</c>: false in a one-sample <c>TrainStep</c> that leaves
    /// this layer's weight gradient, an outer product then, for the update to compute (<see cref="ShapedNetwork.DefersOuterProducts"/>).
    /// </summary>
    public bool TakesWeightGradientsSwitch(EmitContext context) => context.DefersOuterProducts && GradientsAreOuterProducts;

    protected string ForwardSignature(EmitContext context) =>
        $"private void Forward{Name}(ReadOnlySpan<{context.T}> input, Span<{context.T}> output, int batch{(HasTrainingMode ? ", bool training" : "")})";
}
