using System;
using System.Diagnostics;
using System.Numerics;
using System.Threading;
using StaticNet.Data;

using StaticNet.Kernels;

namespace StaticNet.Training;

/// <summary>
/// Trains any generated network on a <see cref="Dataset{T}"/> for some epochs: an <see cref="IClassifier{T}"/> on
/// class labels, an <see cref="IRegressor{T}"/> (regression, autoencoders) on target vectors. Each epoch walks the
/// training set in shuffled mini-batches (<see cref="BatchSampler{T}"/>), one training step per batch, then measures
/// loss (and, for classifiers, accuracy) on the validation set. Progress is reported at most every
/// <see cref="ProgressInterval"/> and once at the end of each epoch; an <see cref="EpochReport"/> follows each
/// epoch, and <see cref="Train"/> returns them all as a <see cref="TrainingHistory"/> (which saves itself as CSV and
/// draws itself as an SVG chart). With <see cref="Patience"/> set it stops early as in the course notes. The loop
/// allocates nothing per batch.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Trainer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly INetwork<T> network;
    private readonly IClassifier<T>? classifier;
    private readonly IRegressor<T>? regressor;
    private readonly BatchSampler<T> sampler;
    private readonly T[]? batchOutputs;
    private double baseLearningRate;
    private long stepsTaken;
    private long totalSteps;
    private Stopwatch runClock = new();
    private int? patience;
    private int threads = 1;
    private int? shards;
    private DataParallel<T>? parallel;

    /// <summary>Prepares to train <paramref name="network"/> on <paramref name="train"/>, validating on <paramref name="validation"/>.</summary>
    /// <param name="network">
    /// The network, trained in place: an <see cref="IClassifier{T}"/> with a labelled data set, or an
    /// <see cref="IRegressor{T}"/> with a data set of target vectors.
    /// </param>
    /// <param name="train">The training set.</param>
    /// <param name="validation">The set measured after each epoch (early stopping watches it), or null to skip validation.</param>
    /// <param name="batchSize">Samples per training step, <see cref="INetwork{T}.MinimumTrainingBatch"/> to <see cref="INetwork{T}.BatchCapacity"/>.</param>
    /// <param name="seed">Seeds the shuffling of the training set.</param>
    /// <exception cref="ArgumentException">The network and a data set do not fit each other.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is out of range.</exception>
    public Trainer(INetwork<T> network, Dataset<T> train, Dataset<T>? validation, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, Math.Max(1, network.MinimumTrainingBatch));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, network.BatchCapacity);
        this.network = network;
        classifier = network as IClassifier<T>;
        regressor = classifier is null ? network as IRegressor<T> : null;
        if (classifier is null && regressor is null)
        {
            throw new ArgumentException("The trainer trains generated networks, which are an IClassifier<T> or an IRegressor<T>; this one is neither.", nameof(network));
        }

        CheckFits(train, nameof(train));
        if (validation is not null)
        {
            CheckFits(validation, nameof(validation));
        }

        TrainingSet = train;
        ValidationSet = validation;
        sampler = new BatchSampler<T>(train, batchSize, seed);
        batchOutputs = classifier is null ? null : new T[batchSize * network.OutputLength];
    }

    /// <summary>
    /// A trainer that holds out <paramref name="validationFraction"/> of <paramref name="data"/>, chosen at random
    /// from <paramref name="seed"/> (stratified by class for a labelled set, so every class keeps its share), as the
    /// validation set, and trains on the rest.
    /// </summary>
    /// <param name="network">The network, as in the constructor.</param>
    /// <param name="data">The samples to split.</param>
    /// <param name="validationFraction">The validation set's share, greater than 0 and less than 1.</param>
    /// <param name="batchSize">Samples per training step.</param>
    /// <param name="seed">Seeds the split and the shuffling.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction or the batch size is out of range.</exception>
    /// <exception cref="ArgumentException">The network and the data set do not fit each other, or a part would be empty.</exception>
    public static Trainer<T> WithValidationSplit(INetwork<T> network, Dataset<T> data, double validationFraction, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation share must be greater than 0 and less than 1.");
        }

        (Dataset<T> validation, Dataset<T> train) = data.HasLabels
            ? data.StratifiedSplit(validationFraction, seed)
            : data.Split(validationFraction, seed);
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException($"Holding out {validationFraction:P0} of {data.Count} samples leaves {train.Count} to train on and {validation.Count} to validate on; both need at least one.", nameof(validationFraction));
        }

        return new Trainer<T>(network, train, validation, batchSize, seed);
    }

    /// <summary>The samples trained on.</summary>
    public Dataset<T> TrainingSet { get; }

    /// <summary>The samples measured after each epoch, or null.</summary>
    public Dataset<T>? ValidationSet { get; }

    /// <summary>Whether the network is a classifier (reports accuracy) rather than a regressor (loss only).</summary>
    public bool IsClassifier => classifier is not null;

    /// <summary>The shortest time between two progress reports inside an epoch. Default 0.5 seconds.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Early stopping, as in the course notes: stop after this many epochs in a row without the monitored measure
    /// (<see cref="StopOn"/>) improving on the best so far by more than <see cref="MinimumImprovement"/>, and (with
    /// <see cref="RestoreBestWeights"/>) end with the parameters and batch-norm statistics of the best epoch. Null (the
    /// default) trains every planned epoch. Needs a validation set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The patience is below 1.</exception>
    public int? Patience
    {
        get => patience;
        set
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Patience counts epochs without improvement; it must be at least 1.");
            }

            patience = value;
        }
    }

    /// <summary>
    /// What early stopping watches on the validation set after each epoch. Null (the default) watches the accuracy of
    /// a classifier and the loss of a regressor.
    /// </summary>
    public EarlyStoppingMetric? StopOn { get; set; }

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
    /// Augmentation applied to every training batch (never to the validation set), or null (the default) for none;
    /// see <see cref="BatchSampler{T}.Augmentation"/>.
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

    /// <summary>
    /// Threads that train, data parallel over each batch (<see cref="DataParallel{T}"/>). Default 1. With more, each
    /// batch is cut into <see cref="Shards"/> parts computed side by side, and their gradients summed in a fixed order;
    /// or, with <see cref="SplitProducts"/>, each large matrix product is cut across them instead.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1.</exception>
    public int Threads
    {
        get => threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            threads = value;
        }
    }

    /// <summary>
    /// Parts each batch is cut into, which fixes the result: the same shards give bit-identical weights on any
    /// number of <see cref="Threads"/> (so a 2-thread run can be repeated on one core with <c>Shards = 2</c>).
    /// Defaults to <see cref="Threads"/> (to 1 with <see cref="SplitProducts"/>); 1 is a plain <c>TrainStep</c> per
    /// batch. More than 1 needs a network without batch normalization, whose statistics are over the whole batch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1.</exception>
    public int Shards
    {
        get => shards ?? (SplitProducts ? 1 : threads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            shards = value;
        }
    }

    /// <summary>
    /// Use the <see cref="Threads"/> inside each large matrix product (<see cref="ProductThreads"/>) rather than
    /// on shards of the batch. Default false. The result is bit-identical to one thread's, batch norm trains too,
    /// and nothing is copied or summed per step, which suits dense layers whose weights outgrow the cache. The
    /// update is split the same way (<see cref="ProductThreads.UpdateParameters{T}"/>); the elementwise work stays on
    /// one thread, and convolutions' per-sample products are mostly too small to cut, so convolutional networks gain
    /// more from shards. Needs <see cref="Shards"/> = 1.
    /// </summary>
    public bool SplitProducts { get; set; }

    /// <summary>Runs <paramref name="epochs"/> epochs (fewer if early stopping ends training).</summary>
    /// <param name="epochs">How many epochs, at least 1.</param>
    /// <param name="progress">Receives progress inside each epoch, on the training thread; may be null (see <see cref="ConsoleProgress"/>).</param>
    /// <param name="epochCompleted">Receives each epoch's report as soon as it is done; may be null.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>Every epoch's report.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Patience"/> is set without a validation set.</exception>
    /// <exception cref="NonFiniteTrainingException">A step's loss or gradients went non-finite; that step changed nothing.</exception>
    public TrainingHistory Train(
        int epochs,
        IProgress<TrainingProgress>? progress = null,
        Action<EpochReport>? epochCompleted = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (Patience is not null && ValidationSet is null)
        {
            throw new InvalidOperationException("Early stopping watches the validation set, but the trainer has none; pass one or use WithValidationSplit.");
        }

        if (SplitProducts && Shards > 1)
        {
            throw new InvalidOperationException($"SplitProducts uses the {Threads} threads inside each product of one batch, so it needs Shards = 1, not {Shards}.");
        }

        if (!SplitProducts && Threads > Shards)
        {
            throw new InvalidOperationException($"{Threads} threads for {Shards} shards: each thread computes whole shards; use at most {Shards} threads or more shards.");
        }

        if (Shards > BatchSize)
        {
            throw new InvalidOperationException($"{Shards} shards of a {BatchSize}-sample batch: every shard needs at least one sample.");
        }

        baseLearningRate = network.LearningRate;
        stepsTaken = 0;
        totalSteps = (long)epochs * StepsPerEpoch;
        parallel = Shards > 1 ? new DataParallel<T>(network, Shards, Threads) : null;
        using ProductThreads? products = SplitProducts && Threads > 1 ? new ProductThreads(Threads) : null;
        ProductThreads.Scope scope = products?.Use() ?? default;
        runClock = Stopwatch.StartNew();
        try
        {
            return TrainEpochs(epochs, progress, epochCompleted, cancellationToken);
        }
        finally
        {
            scope.Dispose();
            network.LearningRate = baseLearningRate;
            parallel?.Dispose();
            parallel = null;
        }
    }

    private int StepsPerEpoch =>
        (TrainingSet.Count / BatchSize) + (TrainingSet.Count % BatchSize >= Math.Max(1, network.MinimumTrainingBatch) ? 1 : 0);

    private TrainingHistory TrainEpochs(int epochs, IProgress<TrainingProgress>? progress, Action<EpochReport>? epochCompleted, CancellationToken cancellationToken)
    {
        EarlyStoppingMetric watched = StopOn ?? (IsClassifier ? EarlyStoppingMetric.ValidationAccuracy : EarlyStoppingMetric.ValidationLoss);
        if (watched == EarlyStoppingMetric.ValidationAccuracy && !IsClassifier && Patience is not null)
        {
            throw new InvalidOperationException("Early stopping on validation accuracy needs a classifier; a regressor has only a loss to watch.");
        }

        var history = new TrainingHistory();
        double best = double.NaN;
        int epochsWithoutImprovement = 0;
        T[]? bestParameters = null, bestState = null;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            EpochReport report = RunEpoch(epoch, epochs, progress, cancellationToken);
            history.Add(report);
            epochCompleted?.Invoke(report);

            double value = watched == EarlyStoppingMetric.ValidationLoss ? -report.ValidationLoss : report.ValidationAccuracy;
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
        var tally = default(Tally);
        int batches = 0;

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

            tally.LearningRate = network.LearningRate;
            tally.Add(TrainBatch(count), count);
            stepsTaken++;
            batches++;

            if (progress is not null && clock.ElapsedTicks >= nextReport && batches < sampler.BatchCount)
            {
                nextReport = clock.ElapsedTicks + interval;
                progress.Report(Progress(epoch, epochs, batches, tally, clock.Elapsed));
            }
        }

        TimeSpan trainingTime = clock.Elapsed;
        progress?.Report(Progress(epoch, epochs, batches, tally, trainingTime));

        (double validationLoss, double validationAccuracy) = Validate();
        return new EpochReport(
            epoch,
            tally.MeanLoss,
            IsClassifier ? tally.Accuracy : double.NaN,
            validationLoss,
            validationAccuracy,
            tally.LearningRate,
            tally.Samples,
            clock.Elapsed,
            tally.Samples / Math.Max(trainingTime.TotalSeconds, 1e-9));
    }

    /// <summary>One training step on the sampler's current batch; returns its loss and, for a classifier, how many it got right.</summary>
    private (double Loss, int Correct) TrainBatch(int count)
    {
        if (classifier is not null)
        {
            Span<T> outputs = batchOutputs.AsSpan(0, count * network.OutputLength);
            double loss = double.CreateChecked(parallel is null
                ? classifier.TrainStep(sampler.Inputs, sampler.Labels, outputs)
                : parallel.TrainStep(sampler.Inputs, sampler.Labels, outputs));
            int correct = 0;
            ReadOnlySpan<int> labels = sampler.Labels;
            for (int s = 0; s < count; s++)
            {
                correct += Metrics.ArgMax<T>(outputs.Slice(s * network.OutputLength, network.OutputLength)) == labels[s] ? 1 : 0;
            }

            return (loss, correct);
        }

        return (double.CreateChecked(parallel is null
            ? regressor!.TrainStep(sampler.Inputs, sampler.Targets)
            : parallel.TrainStep(sampler.Inputs, sampler.Targets, Span<T>.Empty)), 0);
    }

    private (double Loss, double Accuracy) Validate()
    {
        if (ValidationSet is null)
        {
            return (double.NaN, double.NaN);
        }

        return classifier is not null
            ? Metrics.Evaluate(classifier, ValidationSet, ValidationChunk)
            : (Metrics.Loss(regressor!, ValidationSet, ValidationChunk), double.NaN);
    }

    private TrainingProgress Progress(int epoch, int epochs, int batches, Tally tally, TimeSpan elapsed)
    {
        TimeSpan total = runClock.Elapsed;
        double done = totalSteps == 0 ? 1 : (double)stepsTaken / totalSteps;

        // Time so far (validation included) per share of the planned steps, for the rest of them.
        TimeSpan remaining = done <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(total.TotalSeconds * (1 - done) / done);
        return new(epoch, epochs, batches, sampler.BatchCount, tally.Samples, TrainingSet.Count, tally.MeanLoss,
            IsClassifier ? tally.Accuracy : double.NaN, tally.Samples / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed, total, remaining, done);
    }

    private void CheckFits(Dataset<T> dataset, string parameterName)
    {
        if (network.InputLength != dataset.SampleLength)
        {
            throw new ArgumentException($"The network takes {network.InputLength} inputs per sample, but the {parameterName} set's samples have {dataset.SampleLength} values.", parameterName);
        }

        if (classifier is not null)
        {
            if (!dataset.HasLabels)
            {
                throw new ArgumentException($"The {parameterName} set has target vectors, but the network is a classifier, which trains on class labels.", parameterName);
            }

            if (network.OutputLength != dataset.ClassCount)
            {
                throw new ArgumentException($"The network has {network.OutputLength} outputs, but the {parameterName} set has {dataset.ClassCount} classes.", parameterName);
            }
        }
        else
        {
            if (dataset.HasLabels)
            {
                throw new ArgumentException($"The {parameterName} set has class labels, but the network is a regressor, which trains on target vectors (Dataset with targets, or Dataset.Autoencoder).", parameterName);
            }

            if (network.OutputLength != dataset.TargetLength)
            {
                throw new ArgumentException($"The network has {network.OutputLength} outputs, but the {parameterName} set's targets have {dataset.TargetLength} values.", parameterName);
            }
        }
    }

    /// <summary>Running sums over one epoch's batches.</summary>
    private struct Tally
    {
        public double LossSum;
        public int Correct;
        public int Samples;
        public double LearningRate;

        public readonly double MeanLoss => Samples == 0 ? double.NaN : LossSum / Samples;

        public readonly double Accuracy => Samples == 0 ? double.NaN : (double)Correct / Samples;

        public void Add((double Loss, int Correct) batch, int count)
        {
            LossSum += batch.Loss * count;
            Correct += batch.Correct;
            Samples += count;
        }
    }
}
