using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Linq;
using StaticNet;
using StaticNet.Data;
using StaticNet.Samples;
using StaticNet.Training;

// The notes' autoencoder and what it is for: train 784 → 128 → 32 → 128 → 784 with squared error to reproduce
// Fashion-MNIST images, draw originals beside their reconstructions, then train a classifier on only 1,000 labelled
// images twice, once starting from the trained encoder and once from scratch, and compare their test accuracies.
//
//     dotnet run -c Release --project Samples/Autoencoder [-- options]
//
// Exit codes: 0 success, 1 unreadable data or an unwritable file, 2 bad options.

const string Usage = """
    usage: dotnet run -c Release --project Samples/Autoencoder [-- options]

      --epochs N             autoencoder epochs on the 60,000 training images (default 10)
      --labels N             labelled training images for the two classifiers, 10 to 60,000, stratified (default 1000)
      --classifier-epochs N  epochs of each classifier on those images (default 30)
      --data DIR             folder with the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist);
                             without them the built-in synthetic images are used
      --seed N               seed for weights, shuffling and the labelled subset (default 0)
      --picture FILE         originals above their reconstructions, one test image per class, as PNG
                             (default autoencoder-reconstructions.png)
      --chart FILE           the autoencoder's training curves as SVG (default autoencoder-curves.svg)
    """;

int epochs = 10, labelCount = 1000, classifierEpochs = 30, seed = 0;
string dataDirectory = FashionMnist.DefaultDirectory, picturePath = "autoencoder-reconstructions.png", chartPath = "autoencoder-curves.svg";
for (int i = 0; i < args.Length; i++)
{
    string option = args[i];
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    bool ok = true;
    switch (option)
    {
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case "--epochs":
            ok = Integer(value, 1, 1000, out epochs);
            break;
        case "--labels":
            ok = Integer(value, 10, 60_000, out labelCount);
            break;
        case "--classifier-epochs":
            ok = Integer(value, 1, 10_000, out classifierEpochs);
            break;
        case "--seed":
            ok = Integer(value, int.MinValue, int.MaxValue, out seed);
            break;
        case "--data" or "--picture" or "--chart" when value is null:
            Console.Error.WriteLine($"error: {option} needs a value.");
            return 2;
        case "--data":
            dataDirectory = value!;
            break;
        case "--picture":
            picturePath = value!;
            break;
        case "--chart":
            chartPath = value!;
            break;
        default:
            Console.Error.WriteLine($"error: unknown option '{option}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }

    if (!ok)
    {
        Console.Error.WriteLine($"error: {option} takes a whole number in range, not '{value}'.");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    i++;
}

// Pixels in [0, 1], not standardized: the autoencoder's output reproduces them directly.
Dataset<float> train, test;
IReadOnlyList<string> classNames;
try
{
    if (FashionMnist.Exists(dataDirectory))
    {
        (train, test) = FashionMnist.Load<float>(dataDirectory);
        classNames = FashionMnist.ClassNames;
        Console.WriteLine($"data Fashion-MNIST ({dataDirectory}): {train.Count:N0} training and {test.Count:N0} test images");
    }
    else
    {
        train = SyntheticImages.Generate<float>(12_000, seed: 1);
        test = SyntheticImages.Generate<float>(2_000, seed: 2);
        classNames = SyntheticImages.ClassNames;
        Console.WriteLine($"Fashion-MNIST not found in '{dataDirectory}' (apt-get install dataset-fashion-mnist): using {train.Count:N0} synthetic training and {test.Count:N0} test images");
    }
}
catch (InvalidDataException e)
{
    Console.Error.WriteLine($"error: the data set is unreadable: {e.Message}");
    return 1;
}

// 1. The autoencoder learns to reproduce every training image through a 32-value code (no labels used).
var autoencoder = new FashionAutoencoder();
autoencoder.Initialize(seed);
Console.WriteLine($"autoencoder: {FashionAutoencoder.Architecture}, {autoencoder.Parameters.Length:N0} parameters, {autoencoder.Optimizer}");
var autoencoderTrainer = new Trainer<float>(autoencoder, Dataset<float>.Autoencoder(train.Images, 784), Dataset<float>.Autoencoder(test.Images, 784), batchSize: 32, seed);
var progress = new ConsoleProgress();
TrainingHistory autoencoderHistory = autoencoderTrainer.Train(epochs, progress, progress.EpochCompleted);
Console.WriteLine($"test reconstruction error (squared-error loss) {autoencoderHistory.Last!.ValidationLoss:F5}");

try
{
    WriteReconstructions(autoencoder, test, picturePath);
    Console.WriteLine($"originals (top) and reconstructions (bottom): {Path.GetFullPath(picturePath)}");
    autoencoderHistory.SaveSvg(chartPath, "autoencoder 784→128→32→128→784, squared error");
    Console.WriteLine($"training curves: {Path.GetFullPath(chartPath)}");
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

// 2. Few labels: the same classifier trained on a stratified subset, from the encoder and from scratch.
Dataset<float> labelled = train.StratifiedSplit((double)labelCount / train.Count, seed).First;
Console.WriteLine();
Console.WriteLine($"classifier: {EncoderClassifier.Architecture}, on {labelled.Count:N0} labelled images for {classifierEpochs} epochs");
double pretrained = TrainClassifier(fromEncoder: true);
double scratch = TrainClassifier(fromEncoder: false);
Console.WriteLine($"test accuracy from the trained encoder {pretrained * 100:F2} %, from scratch {scratch * 100:F2} % ({(pretrained - scratch) * 100:+0.00;-0.00} points)");
return 0;

double TrainClassifier(bool fromEncoder)
{
    var classifier = new EncoderClassifier();
    classifier.Initialize(seed);
    if (fromEncoder)
    {
        // Parameter tensors are named per layer; the classifier's encoder layers have the autoencoder's names and shapes.
        List<string> copied = CopyMatchingTensors(autoencoder, classifier);
        Console.WriteLine($"  from the encoder: copied {string.Join(", ", copied)}");
    }

    var trainer = new Trainer<float>(classifier, labelled, null, batchSize: 32, seed);
    TrainingHistory history = trainer.Train(classifierEpochs);
    (double loss, double accuracy) = Metrics.Evaluate(classifier, test);
    Console.WriteLine($"  {(fromEncoder ? "from the encoder" : "from scratch    ")}: final train loss {history.Last!.TrainLoss:F4}, test loss {loss:F4}, test accuracy {accuracy * 100:F2} %");
    return accuracy;
}

static List<string> CopyMatchingTensors(INetwork<float> from, INetwork<float> to)
{
    var copied = new List<string>();
    foreach (TensorInfo target in to.Tensors)
    {
        TensorInfo? source = from.Tensors.FirstOrDefault(t => t.Name == target.Name && t.Kind == target.Kind);
        if (source is not null && source.Shape.SequenceEqual(target.Shape) && target.Kind == TensorKind.Parameter)
        {
            from.Parameters.Slice(source.Offset, source.Length).CopyTo(to.Parameters.Slice(target.Offset, target.Length));
            copied.Add(target.Name);
        }
    }

    return copied;
}

// One test image per class: originals in the top row, reconstructions below, each pixel drawn 3×3, as a grey PNG.
static void WriteReconstructions(FashionAutoencoder autoencoder, Dataset<float> test, string path)
{
    const int Scale = 3, Side = 28, Gap = 4;
    int classes = test.ClassCount;
    var chosen = new int[classes];
    for (int c = 0; c < classes; c++)
    {
        chosen[c] = Array.IndexOf(test.Labels, c);
    }

    var originals = new float[classes * 784];
    for (int c = 0; c < classes; c++)
    {
        if (chosen[c] >= 0)
        {
            test.Sample(chosen[c]).CopyTo(originals.AsSpan(c * 784, 784));
        }
    }

    var reconstructions = new float[classes * 784];
    autoencoder.Forward(originals, reconstructions);

    int width = (classes * ((Side * Scale) + Gap)) + Gap, height = (2 * ((Side * Scale) + Gap)) + Gap;
    var pixels = new byte[width * height];
    Array.Fill(pixels, (byte)255);
    for (int row = 0; row < 2; row++)
    {
        float[] images = row == 0 ? originals : reconstructions;
        for (int c = 0; c < classes; c++)
        {
            for (int y = 0; y < Side * Scale; y++)
            {
                for (int x = 0; x < Side * Scale; x++)
                {
                    float v = Math.Clamp(images[(c * 784) + (y / Scale * Side) + (x / Scale)], 0f, 1f);
                    int px = Gap + (c * ((Side * Scale) + Gap)) + x, py = Gap + (row * ((Side * Scale) + Gap)) + y;
                    pixels[(py * width) + px] = (byte)Math.Round(v * 255);
                }
            }
        }
    }

    File.WriteAllBytes(path, Png.Grayscale(pixels, width, height));
}

static bool Integer(string? text, int min, int max, out int value) =>
    int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

/// <summary>A minimal PNG encoder: 8-bit greyscale, no filtering, one zlib-compressed IDAT chunk.</summary>
internal static class Png
{
    public static byte[] Grayscale(byte[] pixels, int width, int height)
    {
        var raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++)
        {
            raw[y * (width + 1)] = 0; // filter type: none
            pixels.AsSpan(y * width, width).CopyTo(raw.AsSpan((y * (width + 1)) + 1, width));
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 0; // colour type: greyscale

        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        byte[] typeAndData = [.. type.Select(c => (byte)c), .. data];
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(typeAndData));
        png.Write(word);
    }
}
