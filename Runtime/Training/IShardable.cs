using System.Numerics;

namespace StaticNet.Training;

/// <summary>
/// What <see cref="DataParallel{T}"/> needs from a network besides <see cref="INetwork{T}"/>: shards that share its
/// parameters, and its optimizer's update over a range of them, so that each thread updates its own part once.
/// Every generated network implements it, explicitly: it is the data-parallel step's protocol, not a way to train.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IShardable<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// A network of the same class for one shard of a batch: it reads and writes this network's parameters and
    /// optimizer state (the same arrays), and has its own gradients, layer buffers and dropout masks, which start from
    /// <paramref name="dropoutSeed"/>. Its own step count, learning rate and batch-norm state are not used.
    /// Initializing it re-initializes this network's parameters.
    /// </summary>
    /// <param name="dropoutSeed">The seed its dropout masks start from (as <see cref="INetwork{T}.Initialize"/> would start them).</param>
    INetwork<T> CreateShard(int dropoutSeed);

    /// <summary>
    /// The factor every gradient is scaled by before the update: the network's clipping by global norm over all of
    /// <see cref="INetwork{T}.Gradients"/>, or 1 when it does not clip by norm (the gradients are then not read).
    /// NaN when the gradients' norm is not finite.
    /// </summary>
    T GradientScale();

    /// <summary>
    /// The optimizer's update of the parameters <c>[start, end)</c> of <see cref="INetwork{T}.Parameters"/> from the
    /// same range of the gradients, as the update of step <c>Step + 1</c> with the gradients first scaled by
    /// <paramref name="gradientScale"/>: exactly what <see cref="INetwork{T}.ApplyGradients"/> does to those
    /// parameters, element for element. It neither checks the gradients nor counts the step; the ranges of one step
    /// must cover every parameter once, and may be updated on different threads at the same time.
    /// </summary>
    /// <param name="start">The first parameter updated.</param>
    /// <param name="end">One past the last.</param>
    /// <param name="gradientScale">The step's <see cref="GradientScale"/>.</param>
    void UpdateParameters(int start, int end, T gradientScale);
}
