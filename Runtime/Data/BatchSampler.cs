using System;
using System.Numerics;
using StaticNet.Init;

namespace StaticNet.Data;

/// <summary>
/// Walks a <see cref="Dataset{T}"/> in mini-batches, in a fresh random order every epoch, copying each
/// batch (inputs, and labels or targets) into buffers allocated once at construction, so drawing a batch
/// allocates nothing. Every sample
/// appears exactly once per epoch; the last batch holds the remainder when the batch size does not divide
/// the data set.
/// </summary>
/// <remarks>
/// The order of epoch <c>e</c> is a Fisher–Yates shuffle of the identity driven by
/// <see cref="SeededRandom"/>(seed, stream e) alone, so it is the same on every machine and does not depend
/// on earlier epochs: a run resumed at epoch e sees the same batches.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class BatchSampler<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Dataset<T> dataset;
    private readonly int[] order;
    private readonly T[] inputBuffer;
    private readonly int[] labelBuffer;
    private readonly T[] targetBuffer;
    private int position;
    private ImageAugmentation? augmentation;

    /// <summary>Prepares to sample <paramref name="dataset"/> in batches of <paramref name="batchSize"/>.</summary>
    /// <param name="dataset">The samples; not copied, so it must not change while sampling.</param>
    /// <param name="batchSize">Samples per batch, at least 1.</param>
    /// <param name="seed">Seeds the shuffles: equal seeds give equal orders.</param>
    /// <param name="shuffle">Whether to shuffle; false walks the samples in stored order every epoch.</param>
    public BatchSampler(Dataset<T> dataset, int batchSize, int seed, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.dataset = dataset;
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        order = new int[dataset.Count];
        inputBuffer = new T[batchSize * dataset.SampleLength];
        labelBuffer = dataset.HasLabels ? new int[batchSize] : [];
        targetBuffer = new T[batchSize * dataset.TargetLength];
        StartEpoch(0);
    }

    /// <summary>The most samples in one batch.</summary>
    public int BatchSize { get; }

    /// <summary>The seed the shuffles derive from.</summary>
    public int Seed { get; }

    /// <summary>Whether each epoch's order is shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>
    /// Augmentation applied in place to the inputs of every batch drawn (after copying, so the data set is untouched),
    /// or null (the default) for none. <see cref="StartEpoch"/> restarts its stream for the epoch, so the same seeds
    /// give the same augmented batches, even when a run resumes at a later epoch.
    /// </summary>
    /// <exception cref="ArgumentException">The augmentation is for samples of another length.</exception>
    public ImageAugmentation? Augmentation
    {
        get => augmentation;
        set
        {
            if (value is not null && value.SampleLength != dataset.SampleLength)
            {
                throw new ArgumentException($"The augmentation is for samples of {value.SampleLength} values, but the data set's samples have {dataset.SampleLength}.", nameof(value));
            }

            augmentation = value;
            augmentation?.StartEpoch(Epoch);
        }
    }

    /// <summary>The epoch whose order is being walked.</summary>
    public int Epoch { get; private set; }

    /// <summary>Batches per epoch, the last one possibly partial.</summary>
    public int BatchCount => (dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Samples in the current batch: <see cref="BatchSize"/>, fewer in the last batch, 0 before the first.</summary>
    public int CurrentBatchSize { get; private set; }

    /// <summary>The current batch's values, <see cref="CurrentBatchSize"/> samples, sample-major.</summary>
    public ReadOnlySpan<T> Inputs => inputBuffer.AsSpan(0, CurrentBatchSize * dataset.SampleLength);

    /// <summary>The current batch's labels; empty when the data set has targets instead.</summary>
    public ReadOnlySpan<int> Labels => dataset.HasLabels ? labelBuffer.AsSpan(0, CurrentBatchSize) : [];

    /// <summary>The current batch's target vectors, sample-major; empty when the data set has labels instead.</summary>
    public ReadOnlySpan<T> Targets => targetBuffer.AsSpan(0, CurrentBatchSize * dataset.TargetLength);

    /// <summary>The data set indices of the current batch's samples.</summary>
    public ReadOnlySpan<int> Indices => order.AsSpan(position - CurrentBatchSize, CurrentBatchSize);

    /// <summary>This epoch's order: a permutation of the sample indices.</summary>
    public ReadOnlySpan<int> Order => order;

    /// <summary>Starts epoch <paramref name="epoch"/>: computes its order and rewinds to its first batch.</summary>
    /// <param name="epoch">The epoch number, at least 0; it selects the shuffle.</param>
    public void StartEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Epoch = epoch;
        position = 0;
        CurrentBatchSize = 0;
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (Shuffle)
        {
            var random = new SeededRandom(Seed, stream: epoch);
            random.Shuffle<int>(order);
        }

        augmentation?.StartEpoch(epoch);
    }

    /// <summary>
    /// Copies the next batch of this epoch into <see cref="Inputs"/> and <see cref="Labels"/> (or <see cref="Targets"/>).
    /// Allocates nothing.
    /// </summary>
    /// <returns>True with a batch ready; false when the epoch is done (call <see cref="StartEpoch"/> for the next).</returns>
    public bool NextBatch()
    {
        int remaining = order.Length - position;
        if (remaining <= 0)
        {
            CurrentBatchSize = 0;
            return false;
        }

        int count = Math.Min(BatchSize, remaining);
        int length = dataset.SampleLength;
        int targetLength = dataset.TargetLength;
        Span<T> inputs = inputBuffer;
        Span<T> targets = targetBuffer;
        T[] images = dataset.Images;
        for (int b = 0; b < count; b++)
        {
            int index = order[position + b];
            images.AsSpan(index * length, length).CopyTo(inputs.Slice(b * length, length));
            if (targetLength == 0)
            {
                labelBuffer[b] = dataset.Labels[index];
            }
            else
            {
                dataset.Targets.AsSpan(index * targetLength, targetLength).CopyTo(targets.Slice(b * targetLength, targetLength));
            }
        }

        augmentation?.Apply(inputs, count);
        position += count;
        CurrentBatchSize = count;
        return true;
    }
}
