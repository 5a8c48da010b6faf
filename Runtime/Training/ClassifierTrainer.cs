using System;
using System.Diagnostics;
using System.Numerics;
using System.Threading;
using StaticNet.Data;

namespace StaticNet.Training;

/// <summary>
/// Trains an <see cref="IClassifier{T}"/> on a <see cref="Dataset{T}"/> for some epochs: each epoch walks the
/// training set in shuffled mini-batches (<see cref="BatchSampler{T}"/>), one <see cref="IClassifier{T}.TrainStep"/>
/// per batch, then measures loss and accuracy on the test set. Progress is reported at most every
/// <see cref="ProgressInterval"/> and once at the end of each epoch; an <see cref="EpochReport"/> follows each epoch.
/// The loop allocates nothing per batch.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ClassifierTrainer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IClassifier<T> network;
    private readonly Dataset<T> train;
    private readonly Dataset<T>? test;
    private readonly BatchSampler<T> sampler;
    private double baseLearningRate;
    private long stepsTaken;
    private long totalSteps;

    /// <summary>Prepares to train <paramref name="network"/> on <paramref name="train"/>, validating on <paramref name="test"/>.</summary>
    /// <param name="network">The classifier; trained in place.</param>
    /// <param name="train">The training set.</param>
    /// <param name="test">The test set validated on after each epoch, or null to skip validation.</param>
    /// <param name="batchSize">Samples per training step, 1 to the network's <see cref="INetwork{T}.BatchCapacity"/>.</param>
    /// <param name="seed">Seeds the shuffling of the training set.</param>
    /// <exception cref="ArgumentException">The network and a data set do not fit each other.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is not in [1, BatchCapacity].</exception>
    public ClassifierTrainer(IClassifier<T> network, Dataset<T> train, Dataset<T>? test, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, Math.Max(1, network.MinimumTrainingBatch));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, network.BatchCapacity);
        CheckFits(network, train, nameof(train));
        if (test is not null)
        {
            CheckFits(network, test, nameof(test));
        }

        this.network = network;
        this.train = train;
        this.test = test;
        sampler = new BatchSampler<T>(train, batchSize, seed);
    }

    /// <summary>The shortest time between two progress reports inside an epoch. Default 2 seconds.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Early stopping, as in the course notes: stop after this many epochs in a row without the monitored measure
    /// (<see cref="StopOn"/>) improving on the best so far by more than <see cref="MinimumImprovement"/>, and (with
    /// <see cref="RestoreBestWeights"/>) end with the parameters and batch-norm statistics of the best epoch. Null (the
    /// default) trains every planned epoch. Needs a test (validation) set.
    /// </summary>
    public int? Patience { get; set; }

    /// <summary>What early stopping watches on the test set after each epoch. Default <see cref="EarlyStoppingMetric.TestAccuracy"/>.</summary>
    public EarlyStoppingMetric StopOn { get; set; } = EarlyStoppingMetric.TestAccuracy;

    /// <summary>How much the monitored measure must improve to count (accuracy as a fraction, loss in its units). Default 0.</summary>
    public double MinimumImprovement { get; set; }

    /// <summary>
    /// Whether early stopping ends with the parameters and state of the best epoch, kept in memory (the optimizer
    /// state and step count stay those of the last epoch). Default true; only with <see cref="Patience"/> set.
    /// </summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>
    /// Sets the network's <see cref="INetwork{T}.LearningRate"/> before every training step to the rate it had when
    /// <see cref="Train"/> started times the schedule's multiplier (see <see cref="LearningRateSchedules"/>), and
    /// restores that rate when training ends. Null (the default) leaves the rate alone.
    /// </summary>
    public LearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>
    /// Augmentation applied to every training batch (never to the test set), or null (the default) for none; see
    /// <see cref="BatchSampler{T}.Augmentation"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The augmentation is for samples of another length.</exception>
    public ImageAugmentation? Augmentation
    {
        get => sampler.Augmentation;
        set => sampler.Augmentation = value;
    }

    /// <summary>Samples per call into the network when validating. Default <see cref="Metrics.DefaultChunk"/>.</summary>
    public int ValidationChunk { get; set; } = Metrics.DefaultChunk;

    /// <summary>Samples per training step.</summary>
    public int BatchSize => sampler.BatchSize;

    /// <summary>Runs <paramref name="epochs"/> epochs (fewer if early stopping ends training).</summary>
    /// <param name="epochs">How many epochs, at least 1.</param>
    /// <param name="progress">Receives progress inside each epoch, on the training thread; may be null.</param>
    /// <param name="epochCompleted">Receives each epoch's report as soon as it is done; may be null.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Every epoch's report.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public TrainingHistory Train(
        int epochs,
        IProgress<TrainingProgress>? progress = null,
        Action<EpochReport>? epochCompleted = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        baseLearningRate = network.LearningRate;
        stepsTaken = 0;
        totalSteps = (long)epochs * (train.Count / BatchSize + (train.Count % BatchSize >= network.MinimumTrainingBatch ? 1 : 0));
        try
        {
            return TrainEpochs(epochs, progress, epochCompleted, cancellationToken);
        }
        finally
        {
            network.LearningRate = baseLearningRate;
        }
    }

    private TrainingHistory TrainEpochs(int epochs, IProgress<TrainingProgress>? progress, Action<EpochReport>? epochCompleted, CancellationToken cancellationToken)
    {
        var history = new TrainingHistory();
        double best = double.NaN;
        int epochsWithoutImprovement = 0;
        T[]? bestParameters = null, bestState = null;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            EpochReport report = RunEpoch(epoch, epochs, progress, cancellationToken);
            history.Add(report);
            epochCompleted?.Invoke(report);

            double value = StopOn == EarlyStoppingMetric.TestLoss ? -report.TestLoss : report.TestAccuracy;
            if (Patience is not int patience || double.IsNaN(value))
            {
                continue;
            }

            if (double.IsNaN(best) || value > best + MinimumImprovement)
            {
                best = value;
                epochsWithoutImprovement = 0;
                history.BestEpoch = epoch;
                if (RestoreBestWeights)
                {
                    // The notes' early stopping keeps the weights of the best epoch; copies, in memory, once per improvement.
                    bestParameters ??= new T[network.Parameters.Length];
                    bestState ??= new T[network.State.Length];
                    network.Parameters.CopyTo(bestParameters);
                    network.State.CopyTo(bestState);
                }
            }
            else if (++epochsWithoutImprovement >= patience && epoch < epochs)
            {
                history.StoppedEarly = true;
                break;
            }
        }

        if (bestParameters is not null && bestState is not null && history.BestEpoch != history.Last?.Epoch)
        {
            bestParameters.CopyTo(network.Parameters);
            bestState.CopyTo(network.State);
            history.RestoredBestEpoch = true;
        }

        return history;
    }

    /// <summary>Trains one epoch, then validates. <paramref name="epoch"/> counts from 1 and selects the shuffle.</summary>
    private EpochReport RunEpoch(int epoch, int epochs, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long interval = (long)(ProgressInterval.TotalSeconds * Stopwatch.Frequency);
        long nextReport = interval;
        double lossSum = 0;
        int samples = 0, batches = 0;

        sampler.StartEpoch(epoch - 1);
        while (sampler.NextBatch())
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = sampler.CurrentBatchSize;
            if (count < network.MinimumTrainingBatch)
            {
                continue; // a last batch too small for batch norm's statistics (one sample) is left out of this epoch
            }

            if (LearningRateSchedule is { } schedule)
            {
                network.LearningRate = baseLearningRate * schedule(new SchedulePoint(stepsTaken, totalSteps, epoch, epochs));
            }

            T loss = network.TrainStep(sampler.Inputs, sampler.Labels);
            stepsTaken++;
            lossSum += double.CreateChecked(loss) * count;
            samples += count;
            batches++;

            if (progress is not null && clock.ElapsedTicks >= nextReport && batches < sampler.BatchCount)
            {
                nextReport = clock.ElapsedTicks + interval;
                progress.Report(Progress(epoch, epochs, batches, samples, lossSum, clock.Elapsed));
            }
        }

        TimeSpan trainingTime = clock.Elapsed;
        progress?.Report(Progress(epoch, epochs, batches, samples, lossSum, trainingTime));

        (double testLoss, double testAccuracy) = test is null
            ? (double.NaN, double.NaN)
            : Metrics.Evaluate(network, test, ValidationChunk);
        return new EpochReport(
            epoch,
            samples == 0 ? double.NaN : lossSum / samples,
            testLoss,
            testAccuracy,
            samples,
            clock.Elapsed,
            samples / Math.Max(trainingTime.TotalSeconds, 1e-9));
    }

    private TrainingProgress Progress(int epoch, int epochs, int batches, int samples, double lossSum, TimeSpan elapsed) =>
        new(epoch, epochs, batches, sampler.BatchCount, samples, train.Count, samples == 0 ? double.NaN : lossSum / samples,
            samples / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed);

    private static void CheckFits(IClassifier<T> network, Dataset<T> dataset, string parameterName)
    {
        if (!dataset.HasLabels)
        {
            throw new ArgumentException($"The {parameterName} set has target vectors, not class labels; a classifier trains on labels.", parameterName);
        }

        if (network.InputLength != dataset.SampleLength)
        {
            throw new ArgumentException($"The network takes {network.InputLength} inputs per sample, but the {parameterName} set's samples have {dataset.SampleLength} values.", parameterName);
        }

        if (network.OutputLength != dataset.ClassCount)
        {
            throw new ArgumentException($"The network has {network.OutputLength} outputs, but the {parameterName} set has {dataset.ClassCount} classes.", parameterName);
        }
    }
}
