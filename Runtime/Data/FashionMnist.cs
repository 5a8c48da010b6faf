using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;

namespace StaticNet.Data;

/// <summary>
/// Zalando's Fashion-MNIST: 28×28 grey-level images of clothing in 10 classes, 60,000 for training and
/// 10,000 for testing, as IDX files. On Debian the package <c>dataset-fashion-mnist</c> installs them,
/// gzipped, in <see cref="DefaultDirectory"/>. Raw (un-gzipped) copies named without <c>.gz</c> work too.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The training images file.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte.gz";

    /// <summary>The training labels file.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte.gz";

    /// <summary>The test images file.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte.gz";

    /// <summary>The test labels file.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

    /// <summary>
    /// The mean of all training pixels scaled to [0, 1]. Measured over the 47,040,000 pixels of the 60,000
    /// training images: 0.286041 (rounded to 0.2860).
    /// </summary>
    public const double PixelMean = 0.2860;

    /// <summary>
    /// The population standard deviation of all training pixels scaled to [0, 1]. Measured over the same
    /// 47,040,000 pixels: 0.353024 (rounded to 0.3530).
    /// </summary>
    public const double PixelStandardDeviation = 0.3530;

    /// <summary>Image height and width in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>The number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>The four files the data set consists of.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile];

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Whether all four files are in <paramref name="directory"/> (each gzipped or raw).</summary>
    /// <param name="directory">The directory to look in.</param>
    public static bool Exists(string directory = DefaultDirectory) => MissingFiles(directory).Count == 0;

    /// <summary>
    /// Loads the training and test sets with pixels scaled to [0, 1], shaped <c>[1, 28, 28]</c> per sample, and
    /// optionally standardized with <see cref="PixelMean"/> and <see cref="PixelStandardDeviation"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="directory">The directory holding the four IDX files.</param>
    /// <param name="normalize">Whether to standardize: x ← (x − 0.2860) / 0.3530.</param>
    /// <exception cref="FileNotFoundException">Files are missing; the message lists them and how to get them.</exception>
    /// <exception cref="InvalidDataException">A file is damaged, or images and labels do not agree.</exception>
    public static (Dataset<T> Train, Dataset<T> Test) Load<T>(string directory = DefaultDirectory, bool normalize = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(directory);
        IReadOnlyList<string> missing = MissingFiles(directory);
        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"Fashion-MNIST is incomplete in '{directory}': missing {string.Join(", ", missing)}. "
                + "Install it with 'apt-get install dataset-fashion-mnist' (it goes to " + DefaultDirectory + "), "
                + "or pass the directory holding the IDX files with --data DIR.",
                Path.Combine(directory, missing[0]));
        }

        Dataset<T> train = LoadPair<T>(Find(directory, TrainImagesFile)!, Find(directory, TrainLabelsFile)!);
        Dataset<T> test = LoadPair<T>(Find(directory, TestImagesFile)!, Find(directory, TestLabelsFile)!);
        if (normalize)
        {
            T mean = T.CreateChecked(PixelMean), deviation = T.CreateChecked(PixelStandardDeviation);
            train.Normalize(mean, deviation);
            test.Normalize(mean, deviation);
        }

        return (train, test);
    }

    /// <summary>
    /// Loads one pair of IDX files (images of rank 3, labels of rank 1) of any size into a data set with pixels
    /// scaled to [0, 1], shaped <c>[1, rows, columns]</c>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="imagesPath">The images file, gzipped or raw.</param>
    /// <param name="labelsPath">The labels file, gzipped or raw.</param>
    /// <param name="classCount">The number of classes labels range over.</param>
    /// <exception cref="InvalidDataException">A file is damaged, the counts differ, or a label is out of range.</exception>
    public static Dataset<T> LoadPair<T>(string imagesPath, string labelsPath, int classCount = ClassCount)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        IdxData images = IdxReader.Read(imagesPath, expectedRank: 3);
        IdxData labels = IdxReader.Read(labelsPath, expectedRank: 1);
        if (images.Count != labels.Count)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Count} labels; expected one label per image.");
        }

        int invalid = Array.FindIndex(labels.Data, label => label >= classCount);
        if (invalid >= 0)
        {
            throw new InvalidDataException($"'{labelsPath}': label {invalid} is {labels.Data[invalid]}, expected 0 to {classCount - 1}.");
        }

        // One division per distinct byte, not per pixel.
        Span<T> scaled = stackalloc T[256];
        for (int b = 0; b < 256; b++)
        {
            scaled[b] = T.CreateChecked(b) / T.CreateChecked(255);
        }

        var values = new T[images.Data.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = scaled[images.Data[i]];
        }

        int[] classes = labels.Data.Select(label => (int)label).ToArray();
        return new Dataset<T>(values, classes, classCount, 1, images.Dimensions[1], images.Dimensions[2]);
    }

    /// <summary>The files of <see cref="FileNames"/> found in <paramref name="directory"/> neither gzipped nor raw.</summary>
    /// <param name="directory">The directory to look in.</param>
    public static IReadOnlyList<string> MissingFiles(string directory = DefaultDirectory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return FileNames.Where(name => Find(directory, name) is null).ToList();
    }

    /// <summary>The file's path, gzipped name first, else the raw name without <c>.gz</c>; null when neither exists.</summary>
    private static string? Find(string directory, string gzipName)
    {
        string gzipped = Path.Combine(directory, gzipName);
        if (File.Exists(gzipped))
        {
            return gzipped;
        }

        string raw = Path.Combine(directory, Path.GetFileNameWithoutExtension(gzipName));
        return File.Exists(raw) ? raw : null;
    }
}
