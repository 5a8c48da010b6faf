using System;

namespace StaticNet.Training;

/// <summary>Learning-rate schedules for <see cref="ClassifierTrainer{T}.LearningRateSchedule"/>: (epoch from 1, epochs) → scale.</summary>
public static class LearningRateSchedules
{
    /// <summary>The declared learning rate throughout.</summary>
    public static Func<int, int, double> Constant { get; } = static (_, _) => 1;

    /// <summary>
    /// Step decay: the last ⌊epochs / 3⌋ epochs run at <paramref name="factor"/> times the declared rate (for 3
    /// epochs, the third; for 1 or 2, none). Smaller steps at the end let momentum SGD settle into the minimum
    /// it has been circling instead of ending on an arbitrary point of its oscillation.
    /// </summary>
    /// <param name="factor">The scale of the final epochs, in (0, 1].</param>
    public static Func<int, int, double> StepDecay(double factor = 0.1)
    {
        if (!(factor > 0 && factor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The decay factor must be in (0, 1].");
        }

        return (epoch, epochs) => epoch > epochs - (epochs / 3) ? factor : 1;
    }
}
