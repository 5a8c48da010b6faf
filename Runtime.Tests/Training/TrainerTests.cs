using System;
using System.Collections.Generic;
using System.Linq;
using StaticNet.Data;
using StaticNet.Training;
using Xunit;

namespace StaticNet.Runtime.Tests.Training;

public class TrainerTests
{
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value) => Reports.Add(value);
    }

    // An easier variant of the synthetic set, so that a linear model learns it clearly in a few epochs.
    private static readonly Dataset<float> Train = SyntheticImages.Generate<float>(2000, seed: 1, noise: 0.2, maxShift: 2);
    private static readonly Dataset<float> Test = SyntheticImages.Generate<float>(500, seed: 2, noise: 0.2, maxShift: 2);

    [Theory]
    [InlineData(1, new[] { 1.0 })]
    [InlineData(2, new[] { 1.0, 1.0 })]
    [InlineData(3, new[] { 1.0, 1.0, 0.1 })]
    [InlineData(6, new[] { 1.0, 1.0, 1.0, 1.0, 0.1, 0.1 })]
    public void Step_decay_lowers_the_rate_for_the_last_third_of_the_epochs(int epochs, double[] expected)
    {
        LearningRateSchedule schedule = LearningRateSchedules.StepDecay(0.1);

        Assert.Equal(expected, Enumerable.Range(1, epochs).Select(epoch => schedule(new SchedulePoint(0, 1, epoch, epochs))));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.StepDecay(0));
    }

    [Fact]
    public void The_trainer_sets_the_rate_before_every_step_and_restores_it()
    {
        var network = new SoftmaxRegression(784, 10, learningRate: 0.1f);
        var trainer = new Trainer<float>(network, Train, Test, batchSize: 32, seed: 5)
        {
            LearningRateSchedule = LearningRateSchedules.StepDecay(0.1),
        };
        var rates = new List<double>();
        double declared = network.LearningRate;

        trainer.Train(3, progress: null, epochCompleted: _ => rates.Add(network.LearningRate));

        Assert.Equal([declared, declared, declared * 0.1], rates);
        Assert.Equal(declared, network.LearningRate);
    }

    [Fact]
    public void Schedules_follow_their_formulas_and_compose()
    {
        static SchedulePoint At(long step) => new(step, 100, 1, 1);
        Assert.Equal(1.0, LearningRateSchedules.CosineAnnealing()(At(0)), 12);
        Assert.Equal(0.5, LearningRateSchedules.CosineAnnealing()(At(50)), 12);
        Assert.Equal(0.1 + (0.9 * (1 + Math.Cos(Math.PI * 0.75)) / 2), LearningRateSchedules.CosineAnnealing(0.1)(At(75)), 12);
        Assert.Equal(0.25, LearningRateSchedules.LinearWarmup(8)(At(2)), 12);
        Assert.Equal(1.0, LearningRateSchedules.LinearWarmup(8)(At(9)), 12);
        Assert.Equal(Math.Pow(0.5, 3), LearningRateSchedules.Exponential(0.5, every: 10)(At(35)), 12);
        Assert.Equal(0.01, LearningRateSchedules.Step(0.1, 30, 60)(At(60)), 12);
        Assert.Equal(0.1, LearningRateSchedules.Step(0.1, 30, 60)(At(59)), 12);
        LearningRateSchedule warmCosine = LearningRateSchedules.LinearWarmup(10).Times(LearningRateSchedules.CosineAnnealing());
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 0.05)) / 2, warmCosine(At(5)), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Exponential(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.LinearWarmup(0));
    }

    [Fact]
    public void Training_lowers_the_loss_and_reports_every_epoch()
    {
        var network = new SoftmaxRegression(784, 10, learningRate: 0.1f);
        (double initialLoss, double initialAccuracy) = Metrics.Evaluate(network, Test);
        var trainer = new Trainer<float>(network, Train, Test, batchSize: 32, seed: 5);
        var progress = new Recorder();
        var reports = new List<EpochReport>();

        TrainingHistory history = trainer.Train(4, progress, reports.Add);

        Assert.Equal(history.Epochs, reports);
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Epoch));
        Assert.False(history.StoppedEarly);
        Assert.Equal(4 * 63, network.Steps);
        foreach (EpochReport report in reports)
        {
            Assert.Equal(2000, report.Samples);
            Assert.True(double.IsFinite(report.TrainLoss) && report.TrainLoss > 0, $"train loss {report.TrainLoss}");
            Assert.True(double.IsFinite(report.ValidationLoss) && report.ValidationLoss > 0, $"test loss {report.ValidationLoss}");
            Assert.InRange(report.ValidationAccuracy, 0, 1);
            Assert.True(report.SamplesPerSecond > 0);
            Assert.True(report.Elapsed > TimeSpan.Zero);
            Assert.InRange(report.TrainingTime, TimeSpan.FromTicks(1), report.Elapsed); // validation is not counted
        }

        Assert.Equal(reports.Sum(r => r.TrainingTime.Ticks), history.TrainingTime.Ticks);
        Assert.Equal(reports.Sum(r => r.Elapsed.Ticks), history.Elapsed.Ticks);

        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss, $"train loss {reports[0].TrainLoss} → {reports[^1].TrainLoss}");
        Assert.True(reports[^1].ValidationLoss < initialLoss * 0.6, $"test loss {initialLoss} → {reports[^1].ValidationLoss}");
        Assert.True(reports[^1].ValidationAccuracy > 0.75, $"test accuracy {initialAccuracy} → {reports[^1].ValidationAccuracy}");
        Assert.Same(history.Epochs.MaxBy(r => r.ValidationAccuracy), history.Best);

        // The end of each epoch is always reported, with the whole epoch done.
        TrainingProgress[] ends = progress.Reports.Where(p => p.BatchesDone == p.BatchCount).ToArray();
        Assert.Equal([1, 2, 3, 4], ends.Select(p => p.Epoch));
        Assert.All(ends, p =>
        {
            Assert.Equal(2000, p.SamplesDone);
            Assert.Equal(1.0, p.Fraction);
            Assert.Equal(63, p.BatchCount);
            Assert.Equal(4, p.Epochs);
        });
        Assert.Equal(reports[0].TrainLoss, ends[0].RunningLoss, 12);
    }

    [Fact]
    public void Progress_inside_an_epoch_is_throttled_by_the_interval()
    {
        var network = new SoftmaxRegression(784, 10, learningRate: 0.01f);
        var trainer = new Trainer<float>(network, Train, null, batchSize: 8, seed: 1) { ProgressInterval = TimeSpan.Zero };
        var every = new Recorder();
        trainer.Train(1, every);

        trainer.ProgressInterval = TimeSpan.FromHours(1);
        var throttled = new Recorder();
        TrainingHistory history = trainer.Train(1, throttled);

        Assert.Equal(250, every.Reports.Count);
        Assert.Equal(Enumerable.Range(1, 250), every.Reports.Select(p => p.BatchesDone));
        Assert.True(every.Reports.Zip(every.Reports.Skip(1)).All(pair => pair.First.SamplesDone < pair.Second.SamplesDone));
        Assert.Single(throttled.Reports);
        Assert.True(double.IsNaN(history.Last!.ValidationAccuracy));
    }

    [Fact]
    public void Early_stopping_ends_training_when_accuracy_stops_improving()
    {
        // A learning rate of 0 never improves, so patience 2 stops after epoch 3.
        var network = new SoftmaxRegression(784, 10, learningRate: 0);
        var trainer = new Trainer<float>(network, Train, Test, batchSize: 32, seed: 1) { Patience = 2 };

        TrainingHistory history = trainer.Train(10);

        Assert.True(history.StoppedEarly);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(1, history.Best!.Epoch);
    }

    [Theory]
    [InlineData(EarlyStoppingMetric.ValidationAccuracy)]
    [InlineData(EarlyStoppingMetric.ValidationLoss)]
    public void Early_stopping_restores_exactly_the_best_epochs_weights(EarlyStoppingMetric metric)
    {
        // A rate far too large makes the test measures jump around, so the best epoch is not the last.
        var network = new SoftmaxRegression(784, 10, learningRate: 200f);
        var trainer = new Trainer<float>(network, Train, Test, batchSize: 32, seed: 3) { Patience = 3, StopOn = metric };
        var snapshots = new List<float[]>();

        TrainingHistory history = trainer.Train(12, progress: null, epochCompleted: _ => snapshots.Add(network.Parameters.ToArray()));

        int best = history.BestEpoch!.Value;
        EpochReport expected = metric == EarlyStoppingMetric.ValidationLoss
            ? history.Epochs.OrderBy(e => e.ValidationLoss).First()
            : history.Epochs.OrderByDescending(e => e.ValidationAccuracy).First();
        Assert.Equal(expected.Epoch, best);
        Assert.NotEqual(history.Last!.Epoch, best);
        Assert.True(history.RestoredBestEpoch);
        Assert.Equal(snapshots[best - 1], network.Parameters.ToArray());
    }

    [Fact]
    public void A_batch_larger_than_the_network_takes_is_refused()
    {
        var network = new SoftmaxRegression(784, 10, learningRate: 0.01f, batchCapacity: 16);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer<float>(network, Train, Test, batchSize: 17, seed: 0));
    }

    [Fact]
    public void The_same_seed_trains_the_same_weights()
    {
        var first = new SoftmaxRegression(784, 10, learningRate: 0.1f);
        var second = new SoftmaxRegression(784, 10, learningRate: 0.1f);

        new Trainer<float>(first, Train, null, 32, seed: 9).Train(1);
        new Trainer<float>(second, Train, null, 32, seed: 9).Train(1);

        Assert.Equal(first.Parameters.ToArray(), second.Parameters.ToArray());
    }

    [Fact]
    public void The_training_loop_allocates_nothing_per_batch()
    {
        // 63 batches of 32 versus 500 batches of 4. An epoch allocates a little once (its history and report, a few
        // hundred bytes, which can differ by a few dozen between the two); one object per batch would add at least
        // 24 bytes × 437 batches to the small batches' epoch.
        var network = new SoftmaxRegression(784, 10, learningRate: 0.01f);
        var large = new Trainer<float>(network, Train, null, batchSize: 32, seed: 1);
        var small = new Trainer<float>(network, Train, null, batchSize: 4, seed: 1);
        large.Train(1);
        small.Train(1);

        long fewBatches = Allocations.Steady(() => large.Train(1)), manyBatches = Allocations.Steady(() => small.Train(1));
        Assert.True(Math.Abs(manyBatches - fewBatches) < 24 * (500 - 63) / 4, $"{fewBatches} bytes for 63 batches, {manyBatches} for 500");
        Assert.True(fewBatches < 4096, $"{fewBatches} bytes for an epoch");
    }
}
