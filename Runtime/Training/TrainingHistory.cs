using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace StaticNet.Training;

/// <summary>
/// The reports of every epoch a <see cref="Trainer{T}"/> ran, in order, with how early stopping ended; saves itself
/// as CSV (<see cref="SaveCsv"/>) and draws its curves as an SVG chart (<see cref="SaveSvg"/>).
/// </summary>
public sealed class TrainingHistory
{
    /// <summary>The CSV header <see cref="ToCsv"/> writes, one column per <see cref="EpochReport"/> measure.</summary>
    public const string CsvHeader = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,samples,seconds,samples_per_second";

    private readonly List<EpochReport> epochs = [];

    /// <summary>Every epoch's report, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs => epochs;

    /// <summary>The last epoch's report, or null before the first.</summary>
    public EpochReport? Last => epochs.Count == 0 ? null : epochs[^1];

    /// <summary>
    /// The best epoch: the one early stopping chose (<see cref="BestEpoch"/>) when it ran; otherwise the highest
    /// validation accuracy, or without accuracies the lowest validation loss (the earliest on ties); null when no
    /// epoch was validated.
    /// </summary>
    public EpochReport? Best
    {
        get
        {
            if (BestEpoch is int chosen)
            {
                return epochs[chosen - 1];
            }

            EpochReport? best = null;
            bool byAccuracy = epochs.Any(e => !double.IsNaN(e.ValidationAccuracy));
            foreach (EpochReport report in epochs)
            {
                double value = byAccuracy ? report.ValidationAccuracy : -report.ValidationLoss;
                double current = best is null ? double.NaN : byAccuracy ? best.ValidationAccuracy : -best.ValidationLoss;
                if (!double.IsNaN(value) && (best is null || value > current))
                {
                    best = report;
                }
            }

            return best;
        }
    }

    /// <summary>Whether training ended before the planned epochs because the monitored measure stopped improving.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>With early stopping: the epoch (from 1) whose monitored measure was best; null without early stopping.</summary>
    public int? BestEpoch { get; internal set; }

    /// <summary>Whether the network ended with the best epoch's weights instead of the last epoch's.</summary>
    public bool RestoredBestEpoch { get; internal set; }

    /// <summary>The training time of every epoch so far, validation not included.</summary>
    public TimeSpan TrainingTime => TimeSpan.FromTicks(epochs.Sum(e => e.TrainingTime.Ticks));

    /// <summary>The wall time of every epoch so far, training and validation.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(epochs.Sum(e => e.Elapsed.Ticks));

    /// <summary>Appends an epoch's report.</summary>
    /// <param name="report">The report.</param>
    public void Add(EpochReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        epochs.Add(report);
    }

    /// <summary>
    /// The history as CSV: <see cref="CsvHeader"/>, then one line per epoch, numbers in the invariant culture with
    /// full precision, and an empty field where a measure does not apply (no validation set, a regressor's accuracy).
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (EpochReport e in epochs)
        {
            csv.Append(e.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(e.TrainLoss)).Append(',')
                .Append(Number(e.TrainAccuracy)).Append(',')
                .Append(Number(e.ValidationLoss)).Append(',')
                .Append(Number(e.ValidationAccuracy)).Append(',')
                .Append(Number(e.LearningRate)).Append(',')
                .Append(e.Samples.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(e.Elapsed.TotalSeconds)).Append(',')
                .Append(Number(e.SamplesPerSecond)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/>, replacing the file.</summary>
    /// <param name="path">The file to write.</param>
    public void SaveCsv(string path) => File.WriteAllText(path, ToCsv());

    /// <summary>
    /// The training curves as an SVG chart: loss by epoch (training and validation), accuracy by epoch for a
    /// classifier, and the learning rate when it changed; the best epoch is marked.
    /// </summary>
    /// <param name="title">A heading, or null.</param>
    public string ToSvg(string? title = null)
    {
        const string Training = "#1f77b4", Validation = "#d62728";
        List<(double, double)> Points(Func<EpochReport, double> measure) => [.. epochs.Select(e => ((double)e.Epoch, measure(e)))];
        double? mark = Best?.Epoch;
        string? markLabel = mark is null ? null : BestEpoch is null ? "best" : RestoredBestEpoch ? "best (restored)" : "best";
        var panels = new List<ChartPanel>
        {
            new("loss", "epoch",
            [
                new ChartSeries("training", Training, Points(e => e.TrainLoss)),
                new ChartSeries("validation", Validation, Points(e => e.ValidationLoss), Dashed: true),
            ], mark, markLabel),
        };
        if (epochs.Any(e => !double.IsNaN(e.TrainAccuracy) || !double.IsNaN(e.ValidationAccuracy)))
        {
            panels.Add(new("accuracy (%)", "epoch",
            [
                new ChartSeries("training", Training, Points(e => e.TrainAccuracy * 100)),
                new ChartSeries("validation", Validation, Points(e => e.ValidationAccuracy * 100), Dashed: true),
            ], mark, markLabel));
        }

        if (epochs.Select(e => e.LearningRate).Distinct().Count() > 1)
        {
            panels.Add(new("learning rate", "epoch", [new ChartSeries("last step of the epoch", "#2ca02c", Points(e => e.LearningRate))]));
        }

        return LineChart.Svg(panels, title);
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/>, replacing the file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="title">A heading, or null.</param>
    public void SaveSvg(string path, string? title = null) => File.WriteAllText(path, ToSvg(title));

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
