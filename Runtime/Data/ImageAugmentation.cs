using System;
using System.Collections.Generic;
using System.Numerics;
using StaticNet.Init;

namespace StaticNet.Data;

/// <summary>
/// Seeded random image augmentation applied in place to a batch of <c>[C, H, W]</c> samples: a random shift (pad by
/// <see cref="Padding"/> on every side, then crop the original size at a random offset: torchvision's
/// <c>RandomCrop(size, padding)</c>), a random horizontal flip, and Gaussian noise, in that order, each drawn anew for
/// every sample. It allocates nothing per batch: shifts move rows in place.
/// </summary>
/// <remarks>
/// The random numbers come from its own <see cref="SeededRandom"/> stream per epoch, <see cref="StreamBase"/> +
/// epoch, apart from the streams <see cref="BatchSampler{T}"/> shuffles with, so the same seed and epoch always give
/// the same augmented batches. <see cref="BatchSampler{T}.Augmentation"/> applies it to every batch it draws and
/// restarts it with every epoch, so a resumed run sees the same augmentations.
/// </remarks>
public sealed class ImageAugmentation
{
    /// <summary>The first <see cref="SeededRandom"/> stream of the augmentations; epoch e uses this + e.</summary>
    public const int StreamBase = 0x41550000;

    private readonly double flipProbability = 0.5;
    private readonly int padding;
    private readonly double noise;
    private SeededRandom random;

    /// <summary>Prepares to augment samples of <paramref name="sampleShape"/>, with every augmentation off until set.</summary>
    /// <param name="sampleShape">One sample's shape: <c>[C, H, W]</c>, or <c>[H, W]</c> for one channel (a data set's <see cref="Dataset{T}.SampleShape"/>).</param>
    /// <param name="seed">Seeds every random choice: the same seed gives the same augmentations.</param>
    /// <exception cref="ArgumentException">The shape is not <c>[C, H, W]</c> or <c>[H, W]</c> with sizes of at least 1.</exception>
    public ImageAugmentation(IReadOnlyList<int> sampleShape, int seed)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (sampleShape.Count is not (2 or 3) || !AllPositive(sampleShape))
        {
            throw new ArgumentException($"Image augmentation needs samples shaped [C, H, W] or [H, W], but got [{string.Join(", ", sampleShape)}].", nameof(sampleShape));
        }

        Channels = sampleShape.Count == 3 ? sampleShape[0] : 1;
        Height = sampleShape[^2];
        Width = sampleShape[^1];
        SampleLength = Channels * Height * Width;
        Seed = seed;
        StartEpoch(0);
    }

    /// <summary>The seed the augmentations derive from.</summary>
    public int Seed { get; }

    /// <summary>Channels per sample.</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Values per sample: <see cref="Channels"/> × <see cref="Height"/> × <see cref="Width"/>.</summary>
    public int SampleLength { get; }

    /// <summary>The epoch whose stream is being drawn from.</summary>
    public int Epoch { get; private set; }

    /// <summary>
    /// The random shift: pad by this many pixels of <see cref="PadValue"/> on every side and crop the original size at
    /// a random offset, i.e. move the image by −p to p pixels in each direction, uniformly. 0 (the default) is off.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, or not smaller than the height and width.</exception>
    public int Padding
    {
        get => padding;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, Math.Min(Height, Width));
            padding = value;
        }
    }

    /// <summary>The value padded pixels take. Default 0 (black before standardization; the mean after it).</summary>
    public double PadValue { get; init; }

    /// <summary>Whether to mirror samples left to right, each with probability <see cref="FlipProbability"/>. Default false.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>The probability of a horizontal flip, in [0, 1]. Default 0.5.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [0, 1].</exception>
    public double FlipProbability
    {
        get => flipProbability;
        init
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The flip probability must be between 0 and 1.");
            }

            flipProbability = value;
        }
    }

    /// <summary>The standard deviation σ of the Gaussian noise added to every value. 0 (the default) is off.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not finite.</exception>
    public double GaussianNoise
    {
        get => noise;
        init
        {
            if (!(value >= 0) || !double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The noise deviation must be finite and at least 0.");
            }

            noise = value;
        }
    }

    /// <summary>Restarts the random stream for <paramref name="epoch"/>, so its augmentations do not depend on earlier epochs.</summary>
    /// <param name="epoch">The epoch number, at least 0.</param>
    public void StartEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Epoch = epoch;
        random = new SeededRandom(Seed, unchecked(StreamBase + epoch));
    }

    /// <summary>
    /// Augments the first <paramref name="count"/> samples of <paramref name="batch"/> in place, each with its own
    /// random shift, flip and noise. Allocates nothing.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="batch">Samples of <see cref="SampleLength"/> values, sample-major.</param>
    /// <param name="count">How many samples to augment, at most <c>batch.Length / SampleLength</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or more than the batch holds.</exception>
    public void Apply<T>(Span<T> batch, int count) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, batch.Length / SampleLength);
        T fill = T.CreateChecked(PadValue);
        for (int s = 0; s < count; s++)
        {
            Span<T> sample = batch.Slice(s * SampleLength, SampleLength);
            if (padding > 0)
            {
                int dy = random.NextInt((2 * padding) + 1) - padding;
                int dx = random.NextInt((2 * padding) + 1) - padding;
                Shift(sample, Channels, Height, Width, dy, dx, fill);
            }

            if (HorizontalFlip && random.NextDouble() < flipProbability)
            {
                FlipHorizontally(sample, Width);
            }

            if (noise > 0)
            {
                for (int i = 0; i < sample.Length; i++)
                {
                    sample[i] += T.CreateChecked(noise * random.NextNormal());
                }
            }
        }
    }

    /// <summary>
    /// Moves every channel of <paramref name="sample"/> in place so that pixel (y, x) takes the value of pixel
    /// (y + <paramref name="dy"/>, x + <paramref name="dx"/>), or <paramref name="fill"/> where that is outside the image:
    /// the crop at offset (p + dy, p + dx) of the image padded by p.
    /// </summary>
    internal static void Shift<T>(Span<T> sample, int channels, int height, int width, int dy, int dx, T fill)
    {
        if (dy == 0 && dx == 0)
        {
            return;
        }

        int x0 = Math.Max(0, -dx), x1 = Math.Min(width, width - dx);
        for (int c = 0; c < channels; c++)
        {
            Span<T> image = sample.Slice(c * height * width, height * width);
            // Rows move towards the top when dy > 0: write from the top so every source row is read before it is overwritten.
            for (int step = 0; step < height; step++)
            {
                int y = dy >= 0 ? step : height - 1 - step;
                Span<T> row = image.Slice(y * width, width);
                int sourceY = y + dy;
                if (sourceY < 0 || sourceY >= height || x0 >= x1)
                {
                    row.Fill(fill);
                    continue;
                }

                // CopyTo is safe when the ranges overlap (dy = 0).
                image.Slice((sourceY * width) + x0 + dx, x1 - x0).CopyTo(row.Slice(x0, x1 - x0));
                row[..x0].Fill(fill);
                row[x1..].Fill(fill);
            }
        }
    }

    /// <summary>Mirrors every row of <paramref name="sample"/> left to right.</summary>
    internal static void FlipHorizontally<T>(Span<T> sample, int width)
    {
        for (int start = 0; start < sample.Length; start += width)
        {
            sample.Slice(start, width).Reverse();
        }
    }

    private static bool AllPositive(IReadOnlyList<int> shape)
    {
        foreach (int size in shape)
        {
            if (size < 1)
            {
                return false;
            }
        }

        return true;
    }
}
