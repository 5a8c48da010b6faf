using StaticNet.Generator.Analysis;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Layers;

/// <summary>
/// One shaped layer of a network. Each kind lives in its own file in this folder with its whole story:
/// how it reads its attribute, its shape rule and checks, its parameters and their initialization,
/// and the forward and backward code it emits. Records, so the analysis result stays value-equatable.
/// </summary>
internal abstract record Layer
{
    /// <summary>Position among the layers, from 1.</summary>
    public int Index { get; init; }

    public Shape Input { get; init; } = Shape.Of();

    public Shape Output { get; init; } = Shape.Of();

    /// <summary>Where this layer's weights start in the parameter buffer; its bias follows them.</summary>
    public int ParameterOffset { get; init; }

    public LocationInfo? Location { get; init; }

    /// <summary>
    /// Set on the output layer of a softmax cross-entropy or binary cross-entropy network: training leaves
    /// its activation to the loss (∂L/∂z = softmax(z) − y or σ(z) − y), inference applies it in Forward.
    /// </summary>
    public bool ActivationFusedWithLoss { get; init; }

    /// <summary>False for the first layer that computes anything: nothing before it needs ∂L/∂input.</summary>
    public bool NeedsInputGradient { get; init; } = true;

    /// <summary>The attribute's name: Dense, Conv2D, MaxPool2D, …</summary>
    public abstract string Kind { get; }

    /// <summary>The identifier prefix of everything generated for this layer, such as <c>Dense2</c>.</summary>
    public string Name => Kind + Index;

    public virtual ActivationKind Activation => ActivationKind.Identity;

    public virtual LocationInfo? ActivationLocation => Location;

    public virtual int WeightCount => 0;

    public virtual int BiasCount => 0;

    public int ParameterCount => WeightCount + BiasCount;

    /// <summary><see cref="ParameterCount"/> without overflow, checked before the int one is used.</summary>
    public virtual long ExactParameterCount => ParameterCount;

    /// <summary>Values in the layer's own work buffer (im2col columns) for a full batch, without overflow.</summary>
    public virtual long WorkspaceLength(int batchCapacity) => 0;

    /// <summary>The weights' layout for comments, such as [128, 784].</summary>
    public virtual string WeightLayout => "";

    /// <summary>A layer that only reinterprets its input's shape shares its input's buffer and emits no methods.</summary>
    public virtual bool IsReshape => false;

    /// <summary>A short description with the options that matter, used in the layer table and the saved-file signature.</summary>
    public abstract string Describe();

    /// <summary>Named size constants beyond the generic ones (offsets, counts, lengths).</summary>
    public virtual void EmitConstants(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>Buffers beyond the output and its gradient (im2col columns, arg-max indices).</summary>
    public virtual void EmitBuffers(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>Helper methods emitted after the layer's forward and backward methods.</summary>
    public virtual void EmitHelpers(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>Statements of <c>Initialize(seed)</c> for this layer's parameters.</summary>
    public virtual void EmitInitialize(CodeWriter writer, EmitContext context)
    {
    }

    /// <summary>
    /// <c>private void Forward{Name}(ReadOnlySpan&lt;T&gt; input, Span&lt;T&gt; output, int n)</c>: the layer on n samples.
    /// </summary>
    public abstract void EmitForward(CodeWriter writer, EmitContext context);

    /// <summary>
    /// <c>private void Backward{Name}(input, output, outputGradient[, inputGradient], int n)</c>: turns ∂L/∂output into
    /// the parameter gradients and, unless this is the first layer, ∂L/∂input (overwritten, not accumulated).
    /// </summary>
    public abstract void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient);

    /// <summary>The signature line of the backward method, the same for every kind.</summary>
    protected string BackwardSignature(EmitContext context, bool computeInputGradient) =>
        $"private void Backward{Name}(ReadOnlySpan<{context.T}> input, ReadOnlySpan<{context.T}> output, Span<{context.T}> outputGradient"
        + (computeInputGradient ? $", Span<{context.T}> inputGradient" : "")
        + ", int n)";

    protected string ForwardSignature(EmitContext context) =>
        $"private void Forward{Name}(ReadOnlySpan<{context.T}> input, Span<{context.T}> output, int n)";
}
