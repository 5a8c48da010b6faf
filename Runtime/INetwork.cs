using System;
using System.Numerics;

namespace StaticNet;

/// <summary>
/// What every generated network offers the runtime (training loop, serialization, benchmarks).
/// The generated class implements it; inside a step there is no interface or virtual call.
/// An instance owns its buffers and is not thread-safe.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface INetwork<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Elements in one input sample.</summary>
    int InputLength { get; }

    /// <summary>Elements in one output sample.</summary>
    int OutputLength { get; }

    /// <summary>The most samples one training step takes.</summary>
    int BatchCapacity { get; }

    /// <summary>The fewest samples a training step takes: 2 with batch normalization (it estimates a variance from the batch), else 1.</summary>
    int MinimumTrainingBatch { get; }

    /// <summary>A one-line description of every layer's kind and shape; saved parameter files must match it.</summary>
    string Architecture { get; }

    /// <summary>
    /// The layer table, like Keras' <c>summary()</c>: each layer's name, kind, output shape (per sample), activation
    /// and parameter count, then the totals and the optimizer; lines end with <c>\n</c>.
    /// </summary>
    string Summary();

    /// <summary>All parameters in one contiguous buffer, layer by layer, in the order of <see cref="Tensors"/>.</summary>
    Span<T> Parameters { get; }

    /// <summary>
    /// Persistent state that is not learned by the optimizer (batch-norm running mean and variance), in one
    /// buffer in the order of <see cref="Tensors"/>; empty when no layer has any. <see cref="Initialize"/> resets
    /// it, training steps update it, inference reads it, and parameter files save it.
    /// </summary>
    Span<T> State { get; }

    /// <summary>Every named tensor of <see cref="Parameters"/> and <see cref="State"/>, in buffer order: what parameter files hold.</summary>
    System.Collections.Generic.IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>
    /// The gradient of the last training step's loss, laid out like <see cref="Parameters"/>. A one-sample
    /// <c>TrainStep</c> leaves the dense layers' weight gradients to the update, which computes them from ∂L/∂z·xᵀ as it
    /// goes; reading this property stores them, so it always holds the whole gradient. Read it after the step: a span
    /// taken before shows those weight gradients as they were.
    /// </summary>
    Span<T> Gradients { get; }

    /// <summary>
    /// The optimizer's state: one buffer per name in <see cref="OptimizerBuffers"/> (momentum's velocity), each
    /// laid out like <see cref="Parameters"/>, one after the other.
    /// </summary>
    Span<T> OptimizerState { get; }

    /// <summary>The optimizer and its hyperparameters as declared, such as <c>Momentum(lr=0.01, momentum=0.9, weight_decay=0)</c>.</summary>
    string Optimizer { get; }

    /// <summary>The names of the optimizer's per-parameter buffers in <see cref="OptimizerState"/>, such as <c>velocity</c>.</summary>
    System.Collections.Generic.IReadOnlyList<string> OptimizerBuffers { get; }

    /// <summary>Optimizer steps taken since <see cref="Initialize"/>; saved in parameter files so training resumes where it stopped.</summary>
    long Step { get; set; }

    /// <summary>
    /// The optimizer's step size α for the following training steps. It starts at the declared rate and can be changed
    /// at any time (learning-rate schedules set it between steps). Finite, not negative, and representable in
    /// <typeparamref name="T"/>; anything else throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    double LearningRate { get; set; }

    /// <summary>
    /// Whether training steps record <see cref="Statistics"/>: each layer's activation mean and variance, gradient norms
    /// and dead ReLU units. Off by default, and then it costs one test per step.
    /// </summary>
    bool CollectStatistics { get; set; }

    /// <summary>Each layer's statistics from the last training step (or <c>ComputeGradients</c>) made while <see cref="CollectStatistics"/> was on; empty before.</summary>
    System.Collections.Generic.IReadOnlyList<LayerStatistics> Statistics { get; }

    /// <summary>
    /// Draws fresh weights from <paramref name="seed"/>, sets biases and state to their starting values, clears
    /// the optimizer state and step count, and restarts the dropout masks' random stream from the seed.
    /// </summary>
    void Initialize(int seed);

    /// <summary>
    /// Runs inference on <c>inputs.Length / InputLength</c> samples (any count, processed in chunks of
    /// <see cref="BatchCapacity"/>) and writes their outputs. Inference mode: batch norm uses its running
    /// statistics and dropout keeps every unit; nothing in the network changes.
    /// </summary>
    void Forward(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>
    /// The second half of a training step: the optimizer's update from <see cref="Gradients"/> (clipping and
    /// regularization included), the running statistics of the last <c>ComputeGradients</c> batch folded into the
    /// state, and the step count advanced. <c>ComputeGradients</c> then <c>ApplyGradients</c> is exactly
    /// <c>TrainStep</c>; in between, the gradients may be changed, as <see cref="Training.DataParallel{T}"/> does when it
    /// sums them over shards of the batch.
    /// </summary>
    /// <exception cref="NonFiniteTrainingException">A gradient is NaN or infinite; nothing was updated.</exception>
    void ApplyGradients();
}

/// <summary>A network trained on class labels (softmax cross-entropy).</summary>
public interface IClassifier<T> : INetwork<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// One step of mini-batch training on <c>labels.Length</c> samples (1 to <see cref="INetwork{T}.BatchCapacity"/>),
    /// in training mode: forward, backward, optimizer update, running statistics. Returns the batch's mean loss
    /// before the update.
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels);

    /// <summary>
    /// <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{int})"/>, also writing the batch's training-mode outputs (as
    /// <see cref="INetwork{T}.Forward"/> would lay them out, computed before the update) to <paramref name="outputs"/>,
    /// unless it is empty; trainers use them for the running training accuracy at no extra forward pass.
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, Span<T> outputs);

    /// <summary>
    /// The training-mode loss of one batch (1 to <see cref="INetwork{T}.BatchCapacity"/> samples) and its gradient
    /// with respect to every parameter, written to <see cref="INetwork{T}.Gradients"/>. Updates nothing else:
    /// parameters, optimizer state, running statistics and the step count stay as they were (dropout draws new masks).
    /// </summary>
    T ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels);

    /// <summary>
    /// <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{int})"/>, also writing the batch's training-mode
    /// outputs to <paramref name="outputs"/> unless it is empty, as <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{int}, Span{T})"/> does.
    /// </summary>
    T ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, Span<T> outputs);

    /// <summary>The mean inference-mode loss on <c>labels.Length</c> samples (any count), without changing anything.</summary>
    T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels);

    /// <summary>
    /// <see cref="INetwork{T}.Forward"/> and <see cref="Loss"/> in one inference pass: writes the outputs of
    /// <c>labels.Length</c> samples and returns their mean loss.
    /// </summary>
    T Evaluate(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, Span<T> outputs);

    /// <summary>
    /// The most likely class of each of <c>labels.Length</c> samples (any count), in inference mode, and, unless
    /// <paramref name="probabilities"/> is empty, each class's probability (the softmax of the output) per sample.
    /// </summary>
    void Predict(ReadOnlySpan<T> inputs, Span<int> labels, Span<T> probabilities);
}

/// <summary>A network trained on target vectors (squared error, binary cross-entropy).</summary>
public interface IRegressor<T> : INetwork<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// One step of mini-batch training on <c>inputs.Length / InputLength</c> samples (1 to
    /// <see cref="INetwork{T}.BatchCapacity"/>), in training mode: forward, backward, optimizer update, running
    /// statistics. Returns the batch's mean loss before the update.
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary>
    /// <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, also writing the batch's training-mode outputs (as
    /// <see cref="INetwork{T}.Forward"/> would lay them out, computed before the update) to <paramref name="outputs"/>,
    /// unless it is empty.
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> outputs);

    /// <summary>
    /// The training-mode loss of one batch (1 to <see cref="INetwork{T}.BatchCapacity"/> samples) and its gradient
    /// with respect to every parameter, written to <see cref="INetwork{T}.Gradients"/>. Updates nothing else:
    /// parameters, optimizer state, running statistics and the step count stay as they were (dropout draws new masks).
    /// </summary>
    T ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary>
    /// <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, also writing the batch's training-mode outputs
    /// to <paramref name="outputs"/> unless it is empty.
    /// </summary>
    T ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> outputs);

    /// <summary>The mean inference-mode loss on <c>inputs.Length / InputLength</c> samples (any count), without changing anything.</summary>
    T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary><see cref="INetwork{T}.Forward"/> and <see cref="Loss"/> in one inference pass: writes the outputs and returns the mean loss.</summary>
    T Evaluate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> outputs);
}
