using System;
using System.Collections.Generic;
using System.Numerics;
using StaticNet.Init;

namespace StaticNet.Data;

/// <summary>
/// A small built-in stand-in for Fashion-MNIST, for when the real data is absent and for tests: 28×28
/// grey-level images in 10 classes, each class a stroke figure (bars, diagonals, a square, a ring, a disc,
/// a plus, a cross, an L) drawn with anti-aliased strokes of random size, thickness, contrast and position,
/// under Gaussian pixel noise. Random shifts and sizes keep it from being trivial: with the defaults, softmax
/// regression trained on 5,000 images reaches about 70 % test accuracy, while a hidden layer does much better.
/// The same arguments always give the same images.
/// </summary>
public static class SyntheticImages
{
    /// <summary>Image height and width in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>The number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>The figure each class draws, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["horizontal bar", "vertical bar", "falling diagonal", "rising diagonal", "square", "ring", "disc", "plus", "cross", "L"];

    /// <summary>Generates <paramref name="count"/> labelled images shaped <c>[1, 28, 28]</c>, values in [0, 1], classes in turn 0, 1, …, 9, 0, ….</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="count">How many images, at least 0.</param>
    /// <param name="seed">Seeds every random choice: equal seeds give equal data sets.</param>
    /// <param name="noise">Standard deviation of the Gaussian noise added to every pixel, at least 0. Default 0.25.</param>
    /// <param name="maxShift">Largest shift of a figure from the centre, in pixels, 0 to 6. Default 3.</param>
    public static Dataset<T> Generate<T>(int count, int seed, double noise = 0.25, int maxShift = 3)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxShift, 6);

        var random = new SeededRandom(seed);
        const int Pixels = ImageSize * ImageSize;
        var images = new T[count * Pixels];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % ClassCount;
            labels[i] = label;
            Draw(images.AsSpan(i * Pixels, Pixels), label, ref random, noise, maxShift);
        }

        return new Dataset<T>(images, labels, ClassCount, 1, ImageSize, ImageSize);
    }

    private static void Draw<T>(Span<T> image, int label, ref SeededRandom random, double noise, int maxShift)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double cx = 13.5 + (random.NextInt((2 * maxShift) + 1) - maxShift);
        double cy = 13.5 + (random.NextInt((2 * maxShift) + 1) - maxShift);
        double r = 5 + (4 * random.NextDouble());
        double halfWidth = 0.6 + (0.5 * random.NextDouble());
        double contrast = 0.5 + (0.5 * random.NextDouble());
        for (int y = 0; y < ImageSize; y++)
        {
            for (int x = 0; x < ImageSize; x++)
            {
                double distance = Distance(label, x - cx, y - cy, r);
                double ink = Math.Clamp(halfWidth + 0.5 - distance, 0, 1);
                double value = (contrast * ink) + (noise * random.NextNormal());
                image[(y * ImageSize) + x] = T.CreateChecked(Math.Clamp(value, 0, 1));
            }
        }
    }

    /// <summary>Distance from (x, y), relative to the figure's centre, to the stroke of class <paramref name="label"/>'s figure of size r.</summary>
    private static double Distance(int label, double x, double y, double r) => label switch
    {
        0 => Segment(x, y, -r, 0, r, 0),
        1 => Segment(x, y, 0, -r, 0, r),
        2 => Segment(x, y, -r * 0.8, -r * 0.8, r * 0.8, r * 0.8),
        3 => Segment(x, y, -r * 0.8, r * 0.8, r * 0.8, -r * 0.8),
        4 => Math.Abs(Math.Max(Math.Abs(x), Math.Abs(y)) - (r * 0.75)),
        5 => Math.Abs(Math.Sqrt((x * x) + (y * y)) - r),
        6 => Math.Max(0, Math.Sqrt((x * x) + (y * y)) - (r * 0.55)),
        7 => Math.Min(Segment(x, y, -r, 0, r, 0), Segment(x, y, 0, -r, 0, r)),
        8 => Math.Min(Segment(x, y, -r * 0.7, -r * 0.7, r * 0.7, r * 0.7), Segment(x, y, -r * 0.7, r * 0.7, r * 0.7, -r * 0.7)),
        _ => Math.Min(Segment(x, y, -r * 0.6, -r, -r * 0.6, r), Segment(x, y, -r * 0.6, r, r * 0.6, r)),
    };

    private static double Segment(double x, double y, double ax, double ay, double bx, double by)
    {
        double dx = bx - ax, dy = by - ay;
        double t = Math.Clamp((((x - ax) * dx) + ((y - ay) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        double ex = x - (ax + (t * dx)), ey = y - (ay + (t * dy));
        return Math.Sqrt((ex * ex) + (ey * ey));
    }
}
