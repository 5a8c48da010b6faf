using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using StaticNet;
using StaticNet.Data;
using StaticNet.Samples.InitStudy;
using StaticNet.Training;

// The initialization study, the course notes' central lesson made visible: ten dense layers with sigmoid, tanh
// or ReLU, their weights drawn five ways (a constant, small N(0, 0.01²), large N(0, 1), Xavier, He). For each
// network, on one batch before training: every layer's activation variance and the gradient norm reaching it,
// and the fraction of dead ReLU units; then one epoch of training: its loss, the test accuracy, and how far the
// units of the second layer have moved apart (0: still identical, the symmetry problem). An SVG chart draws the
// variance by layer for each scheme.
//
//     dotnet run -c Release --project Samples/InitStudy [-- --data DIR] [--train N] [--svg FILE]

string data = FashionMnist.DefaultDirectory;
int trainCount = 12_000;
string svgPath = "init-study.svg";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data" when i + 1 < args.Length:
            data = args[++i];
            break;
        case "--train" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 32:
            trainCount = n;
            i++;
            break;
        case "--svg" when i + 1 < args.Length:
            svgPath = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: [--data DIR] [--train N (at least 32; default 12000)] [--svg FILE (default init-study.svg)]");
            return 2;
    }
}

Dataset<float> train, test;
if (FashionMnist.MissingFiles(data).Count == 0)
{
    (train, test) = FashionMnist.Load<float>(data, normalize: true);
    Console.WriteLine($"data: Fashion-MNIST ({data}), the first {Math.Min(trainCount, train.Count):N0} training images, standardized");
}
else
{
    train = SyntheticImages.Generate<float>(trainCount, seed: 1);
    test = SyntheticImages.Generate<float>(2_000, seed: 2);
    (double mean, double deviation) = train.Statistics();
    train.Normalize((float)mean, (float)deviation);
    test.Normalize((float)mean, (float)deviation);
    Console.WriteLine($"data: Fashion-MNIST not found in '{data}'; the built-in synthetic images instead");
}

var subset = new Dataset<float>(
    train.Images.AsSpan(0, Math.Min(trainCount, train.Count) * train.SampleLength).ToArray(),
    train.Labels.AsSpan(0, Math.Min(trainCount, train.Count)).ToArray(),
    train.ClassCount,
    [.. train.SampleShape]);
float[] probe = subset.Samples(0, 32).ToArray();
int[] probeLabels = subset.Labels.AsSpan(0, 32).ToArray();

var studies = new (string Activation, string Scheme, Func<IClassifier<float>> Create)[]
{
    ("sigmoid", "constant 0.01", () => new SigmoidConstant()), ("sigmoid", "N(0, 0.01²)", () => new SigmoidSmall()),
    ("sigmoid", "N(0, 1)", () => new SigmoidLarge()), ("sigmoid", "Xavier", () => new SigmoidXavier()), ("sigmoid", "He", () => new SigmoidHe()),
    ("tanh", "constant 0.01", () => new TanhConstant()), ("tanh", "N(0, 0.01²)", () => new TanhSmall()),
    ("tanh", "N(0, 1)", () => new TanhLarge()), ("tanh", "Xavier", () => new TanhXavier()), ("tanh", "He", () => new TanhHe()),
    ("relu", "constant 0.01", () => new ReLUConstant()), ("relu", "N(0, 0.01²)", () => new ReLUSmall()),
    ("relu", "N(0, 1)", () => new ReLULarge()), ("relu", "Xavier", () => new ReLUXavier()), ("relu", "He", () => new ReLUHe()),
};

var results = new List<(string Activation, string Scheme, IReadOnlyList<LayerStatistics> Layers)>();
Console.WriteLine();
Console.WriteLine("Before training, on one batch of 32: activation variance of hidden layers 1, 3, 5, 7, 9; gradient norm reaching");
Console.WriteLine("layers 1 and 9; dead ReLU units (all layers). After one epoch: training loss, test accuracy, and the spread of layer 2's");
Console.WriteLine("units (the largest difference between two units' weights: 0 means they are still identical).");
Console.WriteLine();
Console.WriteLine($"{"activation",-8} {"weights",-14} {"var 1",9} {"var 3",9} {"var 5",9} {"var 7",9} {"var 9",9} {"∇ 9",9} {"∇ 1",9} {"dead",6} {"loss",7} {"accuracy",8} {"spread",9}");
foreach ((string activation, string scheme, Func<IClassifier<float>> create) in studies)
{
    IClassifier<float> network = create();
    network.CollectStatistics = true;
    network.ComputeGradients(probe, probeLabels);
    IReadOnlyList<LayerStatistics> layers = network.Statistics;
    network.CollectStatistics = false;
    results.Add((activation, scheme, layers));

    var trainer = new Trainer<float>(network, subset, test, batchSize: 32, seed: 0);
    string outcome;
    try
    {
        EpochReport epoch = trainer.Train(1).Last!;
        outcome = string.Create(CultureInfo.InvariantCulture, $"{epoch.TrainLoss,7:F3} {epoch.ValidationAccuracy * 100,7:F1}%");
    }
    catch (NonFiniteTrainingException e)
    {
        // Exploding activations overflow: the guard stops the step and says where, as the notes predict for large weights.
        outcome = $"diverged at step {e.Step}: ∞/NaN in {e.Layer ?? e.Where}";
    }

    TensorInfo second = network.Tensors.First(t => t.Name == "dense2.weight");
    ReadOnlySpan<float> weights = network.Parameters.Slice(second.Offset, second.Length);
    int inputs = second.Shape[1];
    double spread = 0;
    for (int unit = 1; unit < second.Shape[0]; unit++)
    {
        for (int i = 0; i < inputs; i++)
        {
            spread = Math.Max(spread, Math.Abs(weights[(unit * inputs) + i] - weights[i]));
        }
    }

    double dead = activation == "relu" ? layers.Take(9).Average(l => l.DeadFraction) : double.NaN;
    Console.WriteLine(
        $"{activation,-8} {scheme,-14} {Number(layers[0].ActivationVariance),9} {Number(layers[2].ActivationVariance),9} {Number(layers[4].ActivationVariance),9} "
        + $"{Number(layers[6].ActivationVariance),9} {Number(layers[8].ActivationVariance),9} {Number(layers[8].GradientNorm),9} {Number(layers[0].GradientNorm),9} "
        + $"{(double.IsNaN(dead) ? "" : (dead * 100).ToString("F0", CultureInfo.InvariantCulture) + " %"),6} {outcome} {Number(spread),9}");
}

File.WriteAllText(svgPath, Chart(results));
Console.WriteLine();
Console.WriteLine($"chart of activation variance by layer: {Path.GetFullPath(svgPath)}");
return 0;

static string Number(double value) => value.ToString("0.0e+0", CultureInfo.InvariantCulture);

// One panel per activation: log10 of each hidden layer's activation variance against its depth, one line per scheme.
static string Chart(List<(string Activation, string Scheme, IReadOnlyList<LayerStatistics> Layers)> results)
{
    string[] activations = ["sigmoid", "tanh", "relu"];
    string[] colors = ["#7f7f7f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd"];
    const int Width = 330, Height = 280, Left = 50, Top = 40, PlotWidth = 250, PlotHeight = 190;
    double Log(double v) => Math.Log10(Math.Max(v, 1e-30));
    double[] all = [.. results.SelectMany(r => r.Layers.Take(9).Select(l => Log(l.ActivationVariance)))];
    double low = Math.Floor(all.Min()), high = Math.Ceiling(all.Max());
    high = Math.Max(high, low + 1);
    var svg = new StringBuilder();
    svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width * 3}\" height=\"{Height + 10}\" font-family=\"sans-serif\" font-size=\"11\">\n");
    svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (int p = 0; p < activations.Length; p++)
    {
        int x0 = (p * Width) + Left;
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + (PlotWidth / 2)}\" y=\"20\" text-anchor=\"middle\" font-size=\"13\">{activations[p]}: log₁₀ activation variance by layer</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"black\"/>\n");
        for (double tick = low; tick <= high; tick += Math.Max(1, Math.Ceiling((high - low) / 8)))
        {
            double y = Top + PlotHeight - ((tick - low) / (high - low) * PlotHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 - 4}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{tick}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x0}\" x2=\"{x0 + PlotWidth}\" y1=\"{y:F1}\" y2=\"{y:F1}\" stroke=\"#eeeeee\"/>\n");
        }

        for (int layer = 1; layer <= 9; layer++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + ((layer - 1) * PlotWidth / 8.0):F1}\" y=\"{Top + PlotHeight + 14}\" text-anchor=\"middle\">{layer}</text>\n");
        }

        int line = 0;
        foreach (var result in results.Where(r => r.Activation == activations[p]))
        {
            string points = string.Join(" ", result.Layers.Take(9).Select((l, i) =>
                string.Create(CultureInfo.InvariantCulture, $"{x0 + (i * PlotWidth / 8.0):F1},{Top + PlotHeight - ((Log(l.ActivationVariance) - low) / (high - low) * PlotHeight):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colors[line]}\" stroke-width=\"2\" points=\"{points}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + ((line % 3) * 85)}\" y=\"{Top + PlotHeight + 34 + ((line / 3) * 14)}\" fill=\"{colors[line]}\">{System.Security.SecurityElement.Escape(result.Scheme)}</text>\n");
            line++;
        }
    }

    svg.Append("</svg>\n");
    return svg.ToString();
}
