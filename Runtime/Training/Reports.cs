using System;

namespace StaticNet.Training;

/// <summary>Where training stands inside an epoch, reported while it runs.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Epochs">The number of epochs planned.</param>
/// <param name="BatchesDone">Training steps done in this epoch.</param>
/// <param name="BatchCount">Training steps in a whole epoch.</param>
/// <param name="SamplesDone">Samples trained on in this epoch.</param>
/// <param name="SampleCount">Samples in a whole epoch.</param>
/// <param name="RunningLoss">The mean training loss over this epoch's samples so far (each batch's loss before its update).</param>
/// <param name="SamplesPerSecond">Training speed in this epoch so far.</param>
/// <param name="Elapsed">Training time in this epoch so far.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int BatchesDone,
    int BatchCount,
    int SamplesDone,
    int SampleCount,
    double RunningLoss,
    double SamplesPerSecond,
    TimeSpan Elapsed)
{
    /// <summary>The fraction of the epoch done, in [0, 1].</summary>
    public double Fraction => SampleCount == 0 ? 1 : (double)SamplesDone / SampleCount;
}

/// <summary>The summary of one epoch: training, then validation on the test set.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's samples, each batch's loss taken before its update.</param>
/// <param name="TestLoss">The mean loss on the test set after the epoch; NaN without a test set.</param>
/// <param name="TestAccuracy">The fraction of test samples classified correctly after the epoch, in [0, 1]; NaN without a test set.</param>
/// <param name="Samples">Samples trained on in the epoch.</param>
/// <param name="Elapsed">Wall time of the whole epoch, training and validation.</param>
/// <param name="SamplesPerSecond">Training speed: <paramref name="Samples"/> over the training time alone.</param>
public sealed record EpochReport(
    int Epoch,
    double TrainLoss,
    double TestLoss,
    double TestAccuracy,
    int Samples,
    TimeSpan Elapsed,
    double SamplesPerSecond);
