using System;
using System.Globalization;
using System.IO;
using System.Linq;
using StaticNet;
using StaticNet.Data;
using StaticNet.IO;
using StaticNet.Samples;
using StaticNet.Training;

// The main job: trains a StaticNet network on Fashion-MNIST (or, when the data is absent, on the built-in
// synthetic images), printing progress, one summary line per epoch, and the final test accuracy.
// Exit codes: 0 success, 1 test accuracy below --min-accuracy or unreadable data, 2 bad options.

return TrainCommand.Run(args);

/// <summary>Parses the options, loads the data, trains, and reports.</summary>
internal static class TrainCommand
{
    private const string Usage = """
        usage: dotnet run -c Release --project Samples/Train [-- options]

          --model mlp|lenet5|lenet5-bn
                                the network (default mlp); lenet5-bn adds batch norm after each convolution
                                and hidden dense layer and dropout 0.25 before the last one
          --optimizer sgd|momentum|nesterov|adagrad|rmsprop|adam|adamw
                                the MLP's optimizer (default momentum; the others are declared in
                                Samples/Models with rates 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001)
          --learning-rate A     the learning rate, instead of the declared one
          --epochs N            epochs to train (default 1 for mlp, 3 for the others)
          --data DIR            folder with the Fashion-MNIST IDX files
                                (default /usr/share/datasets/fashion-mnist; apt-get install dataset-fashion-mnist)
          --batch N             samples per training step, 1 to the model's batch capacity 32 (default 32)
          --seed N              seed for the weights and the shuffling (default 0)
          --no-normalize        feed pixels in [0, 1] as they are (torch_fashion.py does); by default they are
                                standardized with the training set's mean 0.2860 and deviation 0.3530
          --schedule step|cosine|constant
                                learning rate: step (default) runs the last third of the epochs (floor) at a
                                tenth of the declared rate (none for 1 or 2 epochs); cosine anneals it step by
                                step from the declared rate to 0 over the run; constant never changes it
          --augment             augment every training batch: random shifts of up to 2 pixels (zero padding)
                                and horizontal flips, seeded
          --validation F        hold out the fraction F (0 to 0.5) of the training images, stratified by class, to
                                validate on after each epoch (default: validate on the test set)
          --patience N          early stopping: stop after N epochs without the validation accuracy improving and
                                keep the best epoch's weights (needs a validation split; --validation 0.1 if not given)
          --history FILE        write the history (losses, accuracies, learning rate, time per epoch) as CSV
          --chart FILE          draw the training curves as an SVG chart
          --threads N           train data parallel on N threads: each batch cut into N shards (or --shards),
                                their gradients summed in a fixed order (not with lenet5-bn: batch norm)
          --shards N            the shards per batch, which fix the result: the same shards give bit-identical
                                weights on any number of threads (default: one per thread)
          --split-products      use the --threads inside each large matrix product instead of on shards: the
                                weights of one thread, bit for bit, and works with batch norm
          --min-accuracy P      exit with code 1 if the final test accuracy is below P percent
          --save FILE           write the trained parameters and optimizer state to FILE (StaticNet.IO.ParameterFile)
          --help                show this text

        Without the data set it trains on built-in synthetic 28×28 images (10 stroke-figure classes).
        """;

    private const int SyntheticTrainCount = 12_000;
    private const int SyntheticTestCount = 2_000;

    public static int Run(string[] args)
    {
        Options? options;
        try
        {
            options = Options.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        IClassifier<float> network = options.Model switch
        {
            "lenet5" => new LeNet5(),
            "lenet5-bn" => new LeNet5BatchNorm(),
            _ => options.Optimizer switch
            {
                "sgd" => new MlpSgd(),
                "nesterov" => new MlpNesterov(),
                "adagrad" => new MlpAdaGrad(),
                "rmsprop" => new MlpRMSProp(),
                "adam" => new MlpAdam(),
                "adamw" => new MlpAdamW(),
                _ => new Mlp(),
            },
        };
        if (options.Model != "mlp" && options.Optimizer != "momentum")
        {
            Console.Error.WriteLine($"error: --optimizer {options.Optimizer} is declared for the mlp only; {options.Model} trains with momentum.");
            return 2;
        }

        if (options.LearningRate is double rate)
        {
            network.LearningRate = rate;
        }
        if (options.Batch > network.BatchCapacity)
        {
            Console.Error.WriteLine($"error: --batch {options.Batch} is more than {options.Model} takes in one step (BatchCapacity {network.BatchCapacity}).");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        network.Initialize(options.Seed);

        Dataset<float> train, test;
        string dataName;
        try
        {
            (train, test, dataName) = LoadData(options);
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"error: the data set is unreadable: {e.Message}");
            return 1;
        }

        Console.Write(network.Summary());
        Console.WriteLine($"training: batch {options.Batch}, seed {options.Seed}, {options.Epochs} epoch(s), {options.Schedule switch { "step" => "step-decay", "cosine" => "cosine-annealed", _ => "constant" }} learning rate{(options.LearningRate is null ? "" : $" from {network.LearningRate} (--learning-rate)")}");
        Console.WriteLine($"data {dataName}: {train.Count:N0} training and {test.Count:N0} test images of {string.Join('×', train.SampleShape)}, {train.ClassCount} classes{(options.Normalize ? ", standardized" : "")}");

        Trainer<float> trainer = options.Validation is double share
            ? Trainer<float>.WithValidationSplit(network, train, share, options.Batch, options.Seed)
            : new Trainer<float>(network, train, test, options.Batch, options.Seed);
        string validationName = options.Validation is null ? "test" : "validation";
        if (options.Validation is not null)
        {
            Console.WriteLine($"  validating on {trainer.ValidationSet!.Count:N0} of the training images (stratified), training on {trainer.TrainingSet.Count:N0}");
        }

        trainer.LearningRateSchedule = options.Schedule switch
        {
            "step" => LearningRateSchedules.StepDecay(0.1),
            "cosine" => LearningRateSchedules.CosineAnnealing(),
            _ => null,
        };

        if (options.Augment)
        {
            trainer.Augmentation = new ImageAugmentation(train.SampleShape, options.Seed) { Padding = 2, HorizontalFlip = true };
            Console.WriteLine("  augmenting: random shifts up to 2 pixels and horizontal flips");
        }

        if (options.Patience is int patience)
        {
            trainer.Patience = patience;
            Console.WriteLine($"  early stopping: patience {patience} epochs on {validationName} accuracy, restoring the best epoch");
        }

        if (options.SplitProducts)
        {
            trainer.Threads = options.Threads;
            trainer.SplitProducts = true;
            Console.WriteLine($"  split products: each large matrix product on {trainer.Threads} thread(s); the same weights as one thread");
        }
        else if (options.Threads > 1 || options.Shards is not null)
        {
            trainer.Threads = options.Threads;
            if (options.Shards is int shards)
            {
                trainer.Shards = shards;
            }

            Console.WriteLine($"  data parallel: each batch in {trainer.Shards} shards on {trainer.Threads} thread(s); the same shards give the same weights on any number of threads");
        }

        var progress = new ConsoleProgress();
        TrainingHistory history = trainer.Train(options.Epochs, progress, progress.EpochCompleted);
        if (history.StoppedEarly || history.RestoredBestEpoch)
        {
            Console.WriteLine($"early stopping: {(history.StoppedEarly ? $"stopped after epoch {history.Last!.Epoch}" : "ran every epoch")}; {(history.RestoredBestEpoch ? "restored" : "kept")} epoch {history.BestEpoch} ({validationName} accuracy {history.Best!.ValidationAccuracy * 100:F2} %)");
        }

        if (!SaveReports(history, options))
        {
            return 1;
        }

        double accuracy = options.Validation is null && !history.RestoredBestEpoch
            ? history.Last!.ValidationAccuracy * 100
            : Metrics.Evaluate(network, test).Accuracy * 100;
        Console.WriteLine(
            $"trained {history.Epochs.Sum(e => e.Samples):N0} samples in {history.TrainingTime.TotalSeconds:F1} s ({history.Elapsed.TotalSeconds:F1} s with validating after each epoch)");
        Console.WriteLine($"final test accuracy {accuracy:F2} %");
        if (options.SavePath is string savePath)
        {
            try
            {
                ParameterFile.Save(network, savePath);
                Console.WriteLine($"saved {network.Parameters.Length:N0} parameters and the optimizer state to {savePath}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"error: could not save the parameters to '{savePath}': {e.Message}");
                return 1;
            }
        }

        if (options.MinAccuracy is double minimum)
        {
            if (!(accuracy >= minimum))
            {
                Console.Error.WriteLine($"FAILED: final test accuracy {accuracy:F2} % is below the required {minimum:F2} % (--min-accuracy).");
                return 1;
            }

            Console.WriteLine($"ok: at least the required {minimum:F2} %");
        }

        return 0;
    }

    private static (Dataset<float> Train, Dataset<float> Test, string Name) LoadData(Options options)
    {
        var missing = FashionMnist.MissingFiles(options.DataDirectory);
        if (missing.Count == 0)
        {
            (Dataset<float> train, Dataset<float> test) = FashionMnist.Load<float>(options.DataDirectory, options.Normalize);
            return (train, test, $"Fashion-MNIST ({options.DataDirectory})");
        }

        Console.WriteLine($"Fashion-MNIST not found in '{options.DataDirectory}': missing {string.Join(", ", missing)}.");
        Console.WriteLine("  Install it with 'apt-get install dataset-fashion-mnist', or pass its folder with --data DIR.");
        Console.WriteLine($"  Training on the built-in synthetic images instead ({SyntheticTrainCount:N0} training, {SyntheticTestCount:N0} test).");
        Dataset<float> syntheticTrain = SyntheticImages.Generate<float>(SyntheticTrainCount, seed: 1);
        Dataset<float> syntheticTest = SyntheticImages.Generate<float>(SyntheticTestCount, seed: 2);
        if (options.Normalize)
        {
            (double mean, double deviation) = syntheticTrain.Statistics();
            syntheticTrain.Normalize((float)mean, (float)deviation);
            syntheticTest.Normalize((float)mean, (float)deviation);
        }

        return (syntheticTrain, syntheticTest, "synthetic");
    }

    private static bool SaveReports(TrainingHistory history, Options options)
    {
        try
        {
            if (options.HistoryPath is string csv)
            {
                history.SaveCsv(csv);
                Console.WriteLine($"history: {Path.GetFullPath(csv)}");
            }

            if (options.ChartPath is string svg)
            {
                history.SaveSvg(svg, $"{options.Model}, batch {options.Batch}{(options.Augment ? ", augmented" : "")}{(options.Patience is int p ? $", patience {p}" : "")}");
                Console.WriteLine($"training curves: {Path.GetFullPath(svg)}");
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"error: could not write the training history: {e.Message}");
            return false;
        }
    }

    /// <summary>The command line, checked.</summary>
    private sealed record Options(string Model, string Optimizer, double? LearningRate, int Epochs, string DataDirectory, int Batch, int Seed, bool Normalize, string Schedule, double? MinAccuracy, string? SavePath, bool Augment, double? Validation, int? Patience, string? HistoryPath, string? ChartPath, int Threads, int? Shards, bool SplitProducts)
    {
        /// <summary>The options, or null when --help asks for the usage text.</summary>
        /// <exception cref="FormatException">An option is unknown, lacks its value, or has a bad one.</exception>
        public static Options? Parse(string[] args)
        {
            string model = "mlp";
            string optimizer = "momentum";
            double? learningRate = null;
            int? epochs = null;
            string data = FashionMnist.DefaultDirectory;
            int batch = 32;
            int seed = 0;
            bool normalize = true;
            string schedule = "step";
            double? minAccuracy = null;
            string? savePath = null;
            bool augment = false;
            double? validation = null;
            int? patience = null;
            string? historyPath = null, chartPath = null;
            int threads = 1;
            bool splitProducts = false;
            int? shards = null;
            for (int i = 0; i < args.Length; i++)
            {
                string option = args[i];
                switch (option)
                {
                    case "--help" or "-h":
                        return null;
                    case "--model":
                        model = Value(args, ref i).ToLowerInvariant();
                        if (model is not ("mlp" or "lenet5" or "lenet5-bn"))
                        {
                            throw new FormatException($"--model must be mlp, lenet5 or lenet5-bn, not '{args[i]}'.");
                        }

                        break;
                    case "--optimizer":
                        optimizer = Value(args, ref i).ToLowerInvariant();
                        if (optimizer is not ("sgd" or "momentum" or "nesterov" or "adagrad" or "rmsprop" or "adam" or "adamw"))
                        {
                            throw new FormatException($"--optimizer must be sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw, not '{args[i]}'.");
                        }

                        break;
                    case "--learning-rate":
                        string rate = Value(args, ref i);
                        if (!double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !(parsed > 0) || parsed > float.MaxValue)
                        {
                            throw new FormatException($"--learning-rate takes a positive number, not '{rate}'.");
                        }

                        learningRate = parsed;
                        break;
                    case "--epochs":
                        epochs = Integer(args, ref i, 1, 1000);
                        break;
                    case "--data":
                        data = Value(args, ref i);
                        break;
                    case "--batch":
                        batch = Integer(args, ref i, 1, int.MaxValue);
                        break;
                    case "--seed":
                        seed = Integer(args, ref i, int.MinValue, int.MaxValue);
                        break;
                    case "--normalize":
                        normalize = true;
                        break;
                    case "--no-normalize":
                        normalize = false;
                        break;
                    case "--schedule":
                        schedule = Value(args, ref i);
                        if (schedule is not ("step" or "cosine" or "constant"))
                        {
                            throw new FormatException($"--schedule must be step, cosine or constant, not '{schedule}'.");
                        }

                        break;
                    case "--min-accuracy":
                        string text = Value(args, ref i).TrimEnd('%');
                        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) || percent is < 0 or > 100)
                        {
                            throw new FormatException($"--min-accuracy takes a percentage from 0 to 100, not '{args[i]}'.");
                        }

                        minAccuracy = percent;
                        break;
                    case "--save":
                        savePath = Value(args, ref i);
                        break;
                    case "--augment":
                        augment = true;
                        break;
                    case "--validation":
                        string share = Value(args, ref i);
                        if (!double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction) || !(fraction > 0 && fraction <= 0.5))
                        {
                            throw new FormatException($"--validation takes a fraction greater than 0 and at most 0.5, not '{share}'.");
                        }

                        validation = fraction;
                        break;
                    case "--patience":
                        patience = Integer(args, ref i, 1, 1000);
                        break;
                    case "--history":
                        historyPath = Value(args, ref i);
                        break;
                    case "--chart":
                        chartPath = Value(args, ref i);
                        break;
                    case "--threads":
                        threads = Integer(args, ref i, 1, 64);
                        break;
                    case "--shards":
                        shards = Integer(args, ref i, 1, 1024);
                        break;
                    case "--split-products":
                        splitProducts = true;
                        break;
                    default:
                        throw new FormatException($"unknown option '{option}'.");
                }
            }

            if (patience is not null)
            {
                validation ??= 0.1; // early stopping watches held-out training images, never the test set
            }

            if (splitProducts && shards is not null)
            {
                throw new FormatException("--split-products and --shards do not combine: split products run each batch whole.");
            }

            return new Options(model, optimizer, learningRate, epochs ?? (model == "mlp" ? 1 : 3), data, batch, seed, normalize, schedule, minAccuracy, savePath, augment, validation, patience, historyPath, chartPath, threads, shards, splitProducts);
        }

        private static string Value(string[] args, ref int i)
        {
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new FormatException($"{args[i]} needs a value.");
            }

            return args[++i];
        }

        private static int Integer(string[] args, ref int i, int min, int max)
        {
            string option = args[i];
            string text = Value(args, ref i);
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            {
                string range = min == int.MinValue ? "" : max == int.MaxValue ? $" of at least {min}" : $" from {min} to {max}";
                throw new FormatException($"{option} takes a whole number{range}, not '{text}'.");
            }

            return value;
        }
    }
}
