using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace StaticNet.Training;

/// <summary>
/// Shows a <see cref="Trainer{T}"/>'s progress on the console. On a terminal: one progress bar, redrawn in place,
/// with the epoch, running loss and accuracy, speed and the estimated time left (ETA). When the output is redirected
/// to a file or pipe: plain lines at most every <see cref="LineInterval"/>, so logs stay readable. Pass it as the
/// trainer's progress and <see cref="EpochCompleted"/> as its epoch callback, which prints one summary line per epoch.
/// </summary>
public sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    private const int BarWidth = 24;
    private readonly TextWriter writer;
    private TimeSpan lastLine;
    private int barLength;
    private int epochs;

    /// <summary>Writes to the console, drawing a bar when the console's output is a terminal.</summary>
    public ConsoleProgress()
        : this(Console.Out, !Console.IsOutputRedirected)
    {
    }

    /// <summary>Writes to <paramref name="writer"/>: a bar redrawn in place when <paramref name="interactive"/>, else plain lines.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="interactive">Whether <paramref name="writer"/> is a terminal that understands carriage returns.</param>
    public ConsoleProgress(TextWriter writer, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        Interactive = interactive;
    }

    /// <summary>Whether progress is drawn as a bar redrawn in place (a terminal) rather than as plain lines.</summary>
    public bool Interactive { get; }

    /// <summary>
    /// With redirected output: the time into an epoch before its first progress line, and between two of them.
    /// Default 10 seconds.
    /// </summary>
    public TimeSpan LineInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        epochs = value.Epochs;
        if (value.BatchesDone >= value.BatchCount)
        {
            return; // the end of an epoch is left to its summary line
        }

        if (Interactive)
        {
            string line = BarLine(value);
            writer.Write('\r' + line + (line.Length < barLength ? new string(' ', barLength - line.Length) : ""));
            writer.Flush();
            barLength = line.Length;
        }
        else if (value.Elapsed - lastLine >= LineInterval)
        {
            lastLine = value.Elapsed;
            writer.WriteLine(Invariant($"  epoch {value.Epoch}/{value.Epochs} {value.Fraction * 100,5:F1} %  loss {value.RunningLoss:F4}{Accuracy(value.RunningAccuracy)}  {value.SamplesPerSecond:N0} samples/s  {Eta(value)}"));
        }
    }

    /// <summary>Prints one epoch's summary line (clearing the bar first on a terminal).</summary>
    /// <param name="report">The epoch's report.</param>
    public void EpochCompleted(EpochReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        ClearBar();
        var line = new StringBuilder(Invariant($"epoch {report.Epoch}{(epochs > 0 ? Invariant($"/{epochs}") : "")}: train loss {report.TrainLoss:F4}{Accuracy(report.TrainAccuracy)}"));
        if (!double.IsNaN(report.ValidationLoss))
        {
            line.Append(Invariant($"  validation loss {report.ValidationLoss:F4}{Accuracy(report.ValidationAccuracy)}"));
        }

        line.Append(Invariant($"  lr {report.LearningRate:G4}  {report.SamplesPerSecond:N0} samples/s  {report.Elapsed.TotalSeconds:F1} s"));
        writer.WriteLine(line.ToString());
        lastLine = TimeSpan.Zero;
    }

    /// <summary>The bar's text for <paramref name="value"/>, such as <c>epoch 2/10 [██████······] 52.3 % loss 0.4215 acc 84.9 % 21,300 samples/s ETA 0:41</c>.</summary>
    /// <param name="value">Where training stands.</param>
    public static string BarLine(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int filled = (int)Math.Clamp(Math.Round(value.Fraction * BarWidth), 0, BarWidth);
        string bar = new string('█', filled) + new string('·', BarWidth - filled);
        return Invariant($"epoch {value.Epoch}/{value.Epochs} [{bar}] {value.Fraction * 100,5:F1} %  loss {value.RunningLoss:F4}{Accuracy(value.RunningAccuracy)}  {value.SamplesPerSecond:N0} samples/s  {Eta(value)}");
    }

    /// <summary>A duration as <c>m:ss</c>, or <c>h:mm:ss</c> from an hour.</summary>
    /// <param name="duration">The duration; negative counts as zero.</param>
    public static string Duration(TimeSpan duration)
    {
        long seconds = Math.Max(0, (long)Math.Round(duration.TotalSeconds));
        return seconds >= 3600
            ? Invariant($"{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}")
            : Invariant($"{seconds / 60}:{seconds % 60:D2}");
    }

    private void ClearBar()
    {
        if (Interactive && barLength > 0)
        {
            writer.Write('\r' + new string(' ', barLength) + '\r');
            barLength = 0;
        }
    }

    /// <summary>The estimated time left, once two seconds of training give it something to go on.</summary>
    private static string Eta(TrainingProgress value) =>
        value.TotalElapsed < TimeSpan.FromSeconds(2) ? "ETA -:--" : "ETA " + Duration(value.Remaining);

    private static string Accuracy(double accuracy) => double.IsNaN(accuracy) ? "" : Invariant($"  accuracy {accuracy * 100:F2} %");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
