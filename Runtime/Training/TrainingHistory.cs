using System.Collections.Generic;

namespace StaticNet.Training;

/// <summary>The reports of every epoch a <see cref="ClassifierTrainer{T}"/> ran, in order.</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochReport> epochs = [];

    /// <summary>Every epoch's report, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs => epochs;

    /// <summary>The last epoch's report, or null before the first.</summary>
    public EpochReport? Last => epochs.Count == 0 ? null : epochs[^1];

    /// <summary>The epoch with the highest test accuracy (the earliest on ties), or null when none has one.</summary>
    public EpochReport? Best
    {
        get
        {
            EpochReport? best = null;
            foreach (EpochReport report in epochs)
            {
                if (!double.IsNaN(report.TestAccuracy) && (best is null || report.TestAccuracy > best.TestAccuracy))
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

    /// <summary>Appends an epoch's report.</summary>
    /// <param name="report">The report.</param>
    public void Add(EpochReport report)
    {
        System.ArgumentNullException.ThrowIfNull(report);
        epochs.Add(report);
    }
}
