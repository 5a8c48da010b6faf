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

    /// <summary>A one-line description of every layer's kind and shape; saved parameter files must match it.</summary>
    string Architecture { get; }

    /// <summary>All parameters in one contiguous buffer, layer by layer, weights then bias.</summary>
    Span<T> Parameters { get; }

    /// <summary>The gradient of the last training step's loss, laid out like <see cref="Parameters"/>.</summary>
    Span<T> Gradients { get; }

    /// <summary>The optimizer's state (momentum velocity), laid out like <see cref="Parameters"/>.</summary>
    Span<T> OptimizerState { get; }

    /// <summary>
    /// Multiplies the declared learning rate in every following training step (a learning-rate schedule sets it
    /// between epochs); 1, the default, trains at the declared rate. Must be finite and not negative.
    /// </summary>
    double LearningRateScale { get; set; }

    /// <summary>Draws fresh weights from <paramref name="seed"/>, sets biases, and clears the optimizer state.</summary>
    void Initialize(int seed);

    /// <summary>
    /// Runs inference on <c>inputs.Length / InputLength</c> samples (any count, processed in chunks of
    /// <see cref="BatchCapacity"/>) and writes their outputs.
    /// </summary>
    void Forward(ReadOnlySpan<T> inputs, Span<T> outputs);
}

/// <summary>A network trained on class labels (softmax cross-entropy).</summary>
public interface IClassifier<T> : INetwork<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// One step of mini-batch training on <c>labels.Length</c> samples (1 to <see cref="INetwork{T}.BatchCapacity"/>):
    /// forward, backward, optimizer update. Returns the batch's mean loss before the update.
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels);

    /// <summary>The mean loss on <c>labels.Length</c> samples (any count), without changing anything.</summary>
    T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels);
}

/// <summary>A network trained on target vectors (squared error, binary cross-entropy).</summary>
public interface IRegressor<T> : INetwork<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// One step of mini-batch training on <c>inputs.Length / InputLength</c> samples (1 to
    /// <see cref="INetwork{T}.BatchCapacity"/>): forward, backward, optimizer update. Returns the
    /// batch's mean loss before the update.
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary>The mean loss on <c>inputs.Length / InputLength</c> samples (any count), without changing anything.</summary>
    T Loss(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);
}
