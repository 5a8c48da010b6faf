using System;

namespace StaticNet.Training;

/// <summary>Where training is when a schedule is asked: the step (from 0) of all planned steps, and the epoch (from 1) of all planned epochs.</summary>
/// <param name="Step">Training steps taken so far in this run, from 0.</param>
/// <param name="TotalSteps">Training steps the run plans.</param>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">Epochs the run plans.</param>
public readonly record struct SchedulePoint(long Step, long TotalSteps, int Epoch, int Epochs)
{
    /// <summary>How far the run is, Step / TotalSteps, in [0, 1).</summary>
    public double Progress => TotalSteps <= 0 ? 0 : (double)Step / TotalSteps;
}

/// <summary>
/// A learning-rate schedule: the multiplier of the network's base learning rate at a point of training. The trainer
/// sets <c>network.LearningRate = base × schedule(point)</c> before every step. Compose schedules with
/// <see cref="LearningRateSchedules.Times"/>.
/// </summary>
public delegate double LearningRateSchedule(SchedulePoint point);

/// <summary>The schedules of the course notes and PyTorch's <c>lr_scheduler</c>, composable.</summary>
public static class LearningRateSchedules
{
    /// <summary>The base rate throughout.</summary>
    public static LearningRateSchedule Constant { get; } = static _ => 1;

    /// <summary>
    /// Step decay by epochs: the last ⌊epochs / 3⌋ epochs run at <paramref name="factor"/> times the base rate (for 3
    /// epochs, the third; for 1 or 2, none). Smaller steps at the end let momentum SGD settle into the minimum it has
    /// been circling instead of ending on an arbitrary point of its oscillation.
    /// </summary>
    /// <param name="factor">The multiplier of the final epochs, in (0, 1].</param>
    public static LearningRateSchedule StepDecay(double factor = 0.1)
    {
        CheckFactor(factor, nameof(factor));
        return point => point.Epoch > point.Epochs - (point.Epochs / 3) ? factor : 1;
    }

    /// <summary>
    /// Multiplies the rate by <paramref name="factor"/> at each of the given steps (PyTorch's MultiStepLR): before the
    /// first milestone 1, from it <paramref name="factor"/>, from the second <paramref name="factor"/>², …
    /// </summary>
    public static LearningRateSchedule Step(double factor, params long[] milestones)
    {
        CheckFactor(factor, nameof(factor));
        ArgumentNullException.ThrowIfNull(milestones);
        long[] sorted = [.. milestones];
        Array.Sort(sorted);
        return point =>
        {
            int passed = 0;
            foreach (long milestone in sorted)
            {
                passed += point.Step >= milestone ? 1 : 0;
            }

            return Math.Pow(factor, passed);
        };
    }

    /// <summary>Exponential decay: γ^⌊step / every⌋ (PyTorch's ExponentialLR with <paramref name="every"/> steps per decay).</summary>
    public static LearningRateSchedule Exponential(double gamma, long every = 1)
    {
        CheckFactor(gamma, nameof(gamma));
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        return point => Math.Pow(gamma, point.Step / every);
    }

    /// <summary>
    /// Cosine annealing over the whole run: m + (1 − m)·(1 + cos(π·step/total))/2, from 1 down to
    /// <paramref name="minimum"/> = m (PyTorch's CosineAnnealingLR with T_max the run's steps).
    /// </summary>
    public static LearningRateSchedule CosineAnnealing(double minimum = 0)
    {
        if (!(minimum >= 0 && minimum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The final multiplier must be in [0, 1].");
        }

        return point => minimum + ((1 - minimum) * (1 + Math.Cos(Math.PI * point.Progress)) / 2);
    }

    /// <summary>Linear warm-up: from <paramref name="start"/> at step 0 up to 1 at step <paramref name="steps"/>, then 1.</summary>
    public static LearningRateSchedule LinearWarmup(long steps, double start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (!(start >= 0 && start <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "The starting multiplier must be in [0, 1].");
        }

        return point => point.Step >= steps ? 1 : start + ((1 - start) * point.Step / steps);
    }

    /// <summary>The product of two schedules, such as a warm-up followed by cosine annealing: <c>LinearWarmup(500).Times(CosineAnnealing())</c>.</summary>
    public static LearningRateSchedule Times(this LearningRateSchedule first, LearningRateSchedule second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return point => first(point) * second(point);
    }

    private static void CheckFactor(double factor, string name)
    {
        if (!(factor > 0 && factor <= 1))
        {
            throw new ArgumentOutOfRangeException(name, factor, "The factor must be in (0, 1].");
        }
    }
}
