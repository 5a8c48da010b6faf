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
/// <param name="RunningAccuracy">
/// The fraction of this epoch's samples so far that the classifier got right in training mode, before each batch's
/// update; NaN for a regressor.
/// </param>
/// <param name="SamplesPerSecond">Training speed in this epoch so far.</param>
/// <param name="Elapsed">Training time in this epoch so far.</param>
/// <param name="TotalElapsed">Time since training started, validation included.</param>
/// <param name="Remaining">
/// The estimated time to the end of the planned epochs: the time so far per share of the planned steps, for the rest
/// of them (early stopping may end sooner).
/// </param>
/// <param name="TotalFraction">The share of all planned training steps done, in [0, 1].</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int BatchesDone,
    int BatchCount,
    int SamplesDone,
    int SampleCount,
    double RunningLoss,
    double RunningAccuracy,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan TotalElapsed,
    TimeSpan Remaining,
    double TotalFraction)
{
    /// <summary>The fraction of the epoch done, in [0, 1].</summary>
    public double Fraction => SampleCount == 0 ? 1 : (double)SamplesDone / SampleCount;
}

/// <summary>The summary of one epoch: training, then validation.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's samples, each batch's loss taken before its update.</param>
/// <param name="TrainAccuracy">
/// The fraction of the epoch's samples the classifier got right in training mode, each batch before its update (as
/// Keras reports it); NaN for a regressor.
/// </param>
/// <param name="ValidationLoss">The mean loss on the validation set after the epoch; NaN without one.</param>
/// <param name="ValidationAccuracy">The fraction of validation samples classified correctly after the epoch, in [0, 1]; NaN without a validation set or for a regressor.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="Samples">Samples trained on in the epoch.</param>
/// <param name="Elapsed">Wall time of the whole epoch, training and validation.</param>
/// <param name="SamplesPerSecond">Training speed: <paramref name="Samples"/> over the training time alone.</param>
public sealed record EpochReport(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    int Samples,
    TimeSpan Elapsed,
    double SamplesPerSecond)
{
    /// <summary>The epoch's training time, validation not included: <see cref="Samples"/> over <see cref="SamplesPerSecond"/>.</summary>
    public TimeSpan TrainingTime => SamplesPerSecond > 0 ? TimeSpan.FromSeconds(Samples / SamplesPerSecond) : TimeSpan.Zero;
}
