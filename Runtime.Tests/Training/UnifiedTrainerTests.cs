using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using StaticNet.Data;
using StaticNet.Training;
using Xunit;

namespace StaticNet.Runtime.Tests.Training;

/// <summary>One trainer for classifiers and regressors: validation splits, training accuracy, history CSV and SVG, the console progress.</summary>
public class UnifiedTrainerTests
{
    /// <summary>Samples on a 6-dimensional subspace of 16 values plus a little noise: an autoencoder with 6 hidden units can learn them.</summary>
    private static Dataset<float> LowRank(int count, int seed)
    {
        var random = new Random(seed);
        var basis = new float[6 * 16];
        var basisRandom = new Random(1);
        for (int i = 0; i < basis.Length; i++)
        {
            basis[i] = (float)((basisRandom.NextDouble() * 2) - 1);
        }

        var inputs = new float[count * 16];
        for (int s = 0; s < count; s++)
        {
            for (int k = 0; k < 6; k++)
            {
                float code = (float)((random.NextDouble() * 2) - 1) * 0.5f;
                for (int i = 0; i < 16; i++)
                {
                    inputs[(s * 16) + i] += code * basis[(k * 16) + i];
                }
            }

            for (int i = 0; i < 16; i++)
            {
                inputs[(s * 16) + i] += (float)((random.NextDouble() - 0.5) * 0.02);
            }
        }

        return Dataset<float>.Autoencoder(inputs, 16);
    }

    /// <summary>Three classes, each a cluster around its own centre in 16 dimensions.</summary>
    private static Dataset<float> Clusters(int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[count * 16];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = s % 3;
            for (int i = 0; i < 16; i++)
            {
                double centre = i % 3 == labels[s] ? 1.0 : -0.5;
                inputs[(s * 16) + i] = (float)(centre + ((random.NextDouble() - 0.5) * 2.5));
            }
        }

        return new Dataset<float>(inputs, labels, 3, 16);
    }

    [Fact]
    public void An_autoencoder_trains_on_its_inputs_and_reports_validation_loss_without_accuracy()
    {
        var network = new TinyAutoencoder();
        Dataset<float> data = LowRank(600, seed: 3);
        var trainer = Trainer<float>.WithValidationSplit(network, data, 0.2, batchSize: 16, seed: 2);
        double before = Metrics.Loss(network, trainer.ValidationSet!);

        TrainingHistory history = trainer.Train(8);

        Assert.False(trainer.IsClassifier);
        Assert.Equal(480, trainer.TrainingSet.Count);
        Assert.Equal(120, trainer.ValidationSet!.Count);
        Assert.All(history.Epochs, e =>
        {
            Assert.True(double.IsNaN(e.TrainAccuracy) && double.IsNaN(e.ValidationAccuracy));
            Assert.True(double.IsFinite(e.ValidationLoss));
            Assert.Equal(0.01, e.LearningRate, 12);
        });
        Assert.True(history.Last!.ValidationLoss < before * 0.3, $"validation loss {before} → {history.Last.ValidationLoss}");
        Assert.Equal(Metrics.Loss(network, trainer.ValidationSet), history.Last.ValidationLoss, 12);
        Assert.Same(history.Epochs.MinBy(e => e.ValidationLoss), history.Best);
    }

    [Fact]
    public void Early_stopping_on_a_regressor_watches_the_loss_and_restores_the_best_weights()
    {
        var network = new TinyAutoencoder();
        network.LearningRate = 0.5; // far too large: the validation loss jumps around
        Dataset<float> data = LowRank(400, seed: 4);
        var trainer = Trainer<float>.WithValidationSplit(network, data, 0.25, batchSize: 16, seed: 1);
        trainer.Patience = 2;
        var snapshots = new System.Collections.Generic.List<float[]>();

        TrainingHistory history = trainer.Train(20, progress: null, epochCompleted: _ => snapshots.Add(network.Parameters.ToArray()));

        int best = history.BestEpoch!.Value;
        Assert.Equal(history.Epochs.MinBy(e => e.ValidationLoss)!.Epoch, best);
        if (best != history.Last!.Epoch)
        {
            Assert.True(history.RestoredBestEpoch);
        }

        Assert.Equal(snapshots[best - 1], network.Parameters.ToArray());
    }

    [Fact]
    public void Training_accuracy_is_counted_from_the_steps_own_outputs()
    {
        // With a learning rate of 0 nothing changes, so the running training accuracy is the set's accuracy.
        var network = new SoftmaxRegression(16, 3, learningRate: 0);
        Dataset<float> data = Clusters(300, seed: 1);
        var trainer = new Trainer<float>(network, data, null, batchSize: 32, seed: 0);

        EpochReport epoch = trainer.Train(1).Last!;

        Assert.Equal(Metrics.Accuracy(network, data), epoch.TrainAccuracy, 12);
        Assert.Equal(Metrics.Evaluate(network, data).Loss, epoch.TrainLoss, 5);
    }

    [Fact]
    public void A_generated_classifier_writes_its_training_mode_outputs_from_before_the_update()
    {
        var network = new TinyClassifier();
        var twin = new TinyClassifier();
        Dataset<float> data = Clusters(16, seed: 2);
        var outputs = new float[16 * 3];

        float loss = network.TrainStep(data.Images, data.Labels, outputs);
        float twinLoss = twin.TrainStep(data.Images, data.Labels);

        // Asking for the outputs changes nothing about the step.
        Assert.Equal(twinLoss, loss);
        Assert.Equal(twin.Parameters.ToArray(), network.Parameters.ToArray());
        Assert.Equal(twin.State.ToArray(), network.State.ToArray());

        // The outputs are the logits the returned (pre-update, training-mode) loss was computed from.
        double expected = 0;
        for (int s = 0; s < 16; s++)
        {
            float[] z = outputs.AsSpan(s * 3, 3).ToArray();
            double max = z.Max();
            expected += max + Math.Log(z.Sum(v => Math.Exp(v - max))) - z[data.Labels[s]];
        }

        Assert.True(Math.Abs((expected / 16) - loss) < 1e-5, $"loss {loss}, from the outputs {expected / 16}");
        Assert.Throws<ArgumentException>(() => network.TrainStep(data.Images, data.Labels, new float[5]));
        Assert.Equal(1, network.Step); // the refused call changed nothing
    }

    [Fact]
    public void A_stratified_validation_split_keeps_every_class_share()
    {
        var network = new TinyClassifier();
        Dataset<float> data = Clusters(300, seed: 3);

        var trainer = Trainer<float>.WithValidationSplit(network, data, 0.2, batchSize: 16, seed: 7);
        TrainingHistory history = trainer.Train(3);

        Assert.True(trainer.IsClassifier);
        Assert.Equal([20, 20, 20], trainer.ValidationSet!.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(240, trainer.TrainingSet.Count);
        Assert.All(history.Epochs, e => Assert.InRange(e.TrainAccuracy, 0, 1));
        Assert.True(history.Last!.ValidationAccuracy > 0.8, $"validation accuracy {history.Last.ValidationAccuracy}");
        Assert.Equal(Metrics.Accuracy(network, trainer.ValidationSet), history.Last.ValidationAccuracy, 12);
    }

    [Fact]
    public void Networks_and_data_that_do_not_fit_are_refused_with_the_reason()
    {
        Dataset<float> labelled = Clusters(40, seed: 1);
        Dataset<float> targets = LowRank(40, seed: 1);

        var classifierError = Assert.Throws<ArgumentException>(() => new Trainer<float>(new TinyClassifier(), targets, null, 16, 0));
        Assert.Contains("target vectors", classifierError.Message, StringComparison.Ordinal);
        var regressorError = Assert.Throws<ArgumentException>(() => new Trainer<float>(new TinyAutoencoder(), labelled, null, 16, 0));
        Assert.Contains("class labels", regressorError.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer<float>.WithValidationSplit(new TinyAutoencoder(), targets, 1.0, 16, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer<float>(new TinyClassifier(), labelled, null, 1, 0)); // batch norm needs 2
        var noValidation = new Trainer<float>(new TinyAutoencoder(), targets, null, 16, 0) { Patience = 2 };
        Assert.Throws<InvalidOperationException>(() => noValidation.Train(2));
        var accuracyOnRegressor = new Trainer<float>(new TinyAutoencoder(), targets, targets, 16, 0) { Patience = 2, StopOn = EarlyStoppingMetric.ValidationAccuracy };
        Assert.Throws<InvalidOperationException>(() => accuracyOnRegressor.Train(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => noValidation.Patience = 0);
    }

    [Fact]
    public void The_history_saves_as_csv_with_every_measure_at_full_precision()
    {
        var network = new TinyClassifier();
        Dataset<float> data = Clusters(200, seed: 4);
        TrainingHistory history = Trainer<float>.WithValidationSplit(network, data, 0.25, 16, seed: 0).Train(3);
        string path = Path.Combine(Path.GetTempPath(), $"staticnet-history-{Guid.NewGuid():N}.csv");
        try
        {
            history.SaveCsv(path);
            string[] lines = File.ReadAllLines(path);

            Assert.Equal(TrainingHistory.CsvHeader, lines[0]);
            Assert.Equal(4, lines.Length);
            for (int e = 0; e < 3; e++)
            {
                string[] fields = lines[e + 1].Split(',');
                EpochReport report = history.Epochs[e];
                Assert.Equal(9, fields.Length);
                Assert.Equal(report.Epoch, int.Parse(fields[0], CultureInfo.InvariantCulture));
                Assert.Equal(report.TrainLoss, double.Parse(fields[1], CultureInfo.InvariantCulture));
                Assert.Equal(report.TrainAccuracy, double.Parse(fields[2], CultureInfo.InvariantCulture));
                Assert.Equal(report.ValidationLoss, double.Parse(fields[3], CultureInfo.InvariantCulture));
                Assert.Equal(report.ValidationAccuracy, double.Parse(fields[4], CultureInfo.InvariantCulture));
                Assert.Equal(report.LearningRate, double.Parse(fields[5], CultureInfo.InvariantCulture));
                Assert.Equal(report.Samples, int.Parse(fields[6], CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            File.Delete(path);
        }

        // Without validation, the validation columns are empty rather than "NaN".
        TrainingHistory unvalidated = new Trainer<float>(new TinyAutoencoder(), LowRank(64, 1), null, 16, 0).Train(1);
        Assert.Equal(",,,", unvalidated.ToCsv().Split('\n')[1].Split(',').Skip(2).Take(3).Aggregate("", (a, f) => a + f + ","));
    }

    [Fact]
    public void The_history_draws_loss_accuracy_and_learning_rate_panels_as_valid_svg()
    {
        var network = new TinyClassifier();
        var trainer = Trainer<float>.WithValidationSplit(network, Clusters(200, seed: 5), 0.25, 16, seed: 0);
        trainer.LearningRateSchedule = LearningRateSchedules.StepDecay(0.1);
        TrainingHistory history = trainer.Train(3);

        XDocument chart = XDocument.Parse(history.ToSvg("tiny <classifier>"));

        XNamespace svg = "http://www.w3.org/2000/svg";
        string[] texts = chart.Descendants(svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains("loss", texts);
        Assert.Contains("accuracy (%)", texts);
        Assert.Contains("learning rate", texts);
        Assert.Contains("tiny <classifier>", texts);
        Assert.Equal(5, chart.Descendants(svg + "polyline").Count()); // two losses, two accuracies, one rate

        // A regressor's chart has no accuracy panel; a constant rate draws no rate panel.
        TrainingHistory regression = Trainer<float>.WithValidationSplit(new TinyAutoencoder(), LowRank(100, 2), 0.2, 16, 0).Train(2);
        string[] regressionTexts = XDocument.Parse(regression.ToSvg()).Descendants(svg + "text").Select(t => t.Value).ToArray();
        Assert.DoesNotContain("accuracy (%)", regressionTexts);
        Assert.DoesNotContain("learning rate", regressionTexts);
    }

    [Fact]
    public void Console_progress_draws_a_bar_on_a_terminal_and_plain_lines_when_redirected()
    {
        var report = new TrainingProgress(2, 5, 10, 40, 320, 1280, 0.5, 0.75, 1000, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(125), 0.3);
        var epoch = new EpochReport(2, 0.5, 0.75, 0.45, 0.8, 0.01, 1280, TimeSpan.FromSeconds(4), 1000);
        Assert.Equal(1.28, epoch.TrainingTime.TotalSeconds, 9);

        var terminal = new StringWriter();
        var bar = new ConsoleProgress(terminal, interactive: true);
        bar.Report(report);
        bar.Report(report with { BatchesDone = 20, SamplesDone = 640 });
        bar.EpochCompleted(epoch);
        string drawn = terminal.ToString();
        Assert.StartsWith("\repoch 2/5 [██████", drawn, StringComparison.Ordinal);
        Assert.Contains("ETA 2:05", drawn, StringComparison.Ordinal);
        Assert.Contains("accuracy 75.00 %", drawn, StringComparison.Ordinal);
        Assert.Equal(1, drawn.Count(c => c == '\n')); // only the epoch's summary ends a line
        Assert.EndsWith("epoch 2/5: train loss 0.5000  accuracy 75.00 %  validation loss 0.4500  accuracy 80.00 %  lr 0.01  1,000 samples/s  4.0 s" + Environment.NewLine, drawn, StringComparison.Ordinal);

        var log = new StringWriter();
        var plain = new ConsoleProgress(log, interactive: false) { LineInterval = TimeSpan.FromSeconds(10) };
        plain.Report(report); // 3 s into the epoch: too early for a line
        plain.Report(report with { Elapsed = TimeSpan.FromSeconds(10) });
        plain.Report(report with { Elapsed = TimeSpan.FromSeconds(15) }); // within the interval of the last line
        plain.Report(report with { Elapsed = TimeSpan.FromSeconds(21), TotalElapsed = TimeSpan.FromSeconds(1) });
        plain.EpochCompleted(epoch);
        string[] lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', log.ToString());
        Assert.Equal(3, lines.Length);
        Assert.Equal("  epoch 2/5  25.0 %  loss 0.5000  accuracy 75.00 %  1,000 samples/s  ETA 2:05", lines[0]);
        Assert.EndsWith("ETA -:--", lines[1], StringComparison.Ordinal); // too early in training to estimate

        Assert.Equal("0:00", ConsoleProgress.Duration(TimeSpan.FromSeconds(-3)));
        Assert.Equal("1:01:01", ConsoleProgress.Duration(TimeSpan.FromSeconds(3661)));
    }

    [Fact]
    public void Training_reports_an_eta_that_shrinks_to_zero()
    {
        var trainer = new Trainer<float>(new TinyAutoencoder(), LowRank(320, 1), null, 16, 0) { ProgressInterval = TimeSpan.Zero };
        var reports = new System.Collections.Generic.List<TrainingProgress>();
        trainer.Train(2, new Progress(reports.Add));

        Assert.Equal(1.0, reports[^1].TotalFraction, 12);
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.TotalFraction < p.Second.TotalFraction));
        Assert.True(reports[0].Remaining > TimeSpan.Zero);
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void Ticks_fall_on_round_numbers_covering_the_range()
    {
        Assert.Equal([0.2, 0.4, 0.6, 0.8, 1.0], LineChart.Ticks(0.23, 0.97, 5).Select(t => Math.Round(t, 12)));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], LineChart.Ticks(1, 6, 6));
    }
}
