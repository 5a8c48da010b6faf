namespace StaticNet.Generator.Tests;

/// <summary>Declarations shared by the snapshot, compile and caching tests.</summary>
public static class Declarations
{
    public const string OneLayer = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 4)]
        [Input(3)]
        [Dense(2)]
        [Loss(LossKind.SquaredError)]
        [Momentum(LearningRate = 0.1, Momentum = 0)]
        public partial class Linear;
        """;

    public const string Mlp = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 32, Seed = 7)]
        [Input(784)]
        [Dense(128, Activation = Activation.ReLU)]
        [Dense(10)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [Momentum(LearningRate = 0.01, Momentum = 0.9)]
        public partial class Mlp;
        """;

    public const string EachActivation = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 8, Seed = 3)]
        [Input(6)]
        [Dense(5, Activation = Activation.Sigmoid)]
        [Dense(5, Activation = Activation.Tanh)]
        [Dense(5, Activation = Activation.ReLU, BiasInit = 0.01)]
        [Dense(5, Activation = Activation.LeakyReLU, LeakySlope = 0.1)]
        [Dense(5)]
        [Dense(3, Activation = Activation.Softmax)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [Momentum(LearningRate = 0.05, Momentum = 0.5)]
        public partial class EveryActivation;
        """;

    public const string BinaryCrossEntropy = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 16)]
        [Input(2)]
        [Dense(8, Activation = Activation.Tanh)]
        [Dense(1, Activation = Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Momentum(LearningRate = 0.1, Momentum = 0.9)]
        public partial class Detector;
        """;

    public const string SquaredErrorTanh = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 4, Seed = 1)]
        [Input(2)]
        [Dense(4, Activation = Activation.Tanh, WeightInit = WeightInit.XavierUniform)]
        [Dense(1, Activation = Activation.Tanh)]
        [Loss(LossKind.SquaredError)]
        [Momentum(LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.0001)]
        public partial class Xor;
        """;

    public const string DoublePrecision = """
        using StaticNet;

        namespace Demo.Precise;

        [Network(BatchCapacity = 2, Precision = Precision.Double)]
        [Input(4)]
        [Dense(3, Activation = Activation.LeakyReLU, WeightInit = WeightInit.HeUniform)]
        [Dense(2, WeightInit = WeightInit.LeCunNormal)]
        [Loss(LossKind.SquaredError)]
        [Momentum(LearningRate = 0.01, Momentum = 0.9)]
        public partial class Regressor;
        """;

    public const string ExplicitInitializers = """
        using StaticNet;

        namespace Demo;

        [Network]
        [Input(5)]
        [Dense(4, Activation = Activation.Tanh, WeightInit = WeightInit.Uniform, InitValue = 0.05)]
        [Dense(4, Activation = Activation.Sigmoid, WeightInit = WeightInit.Normal, InitValue = 0.1)]
        [Dense(3, Activation = Activation.ReLU, WeightInit = WeightInit.HeNormal, BiasInit = 0.1)]
        [Dense(2, WeightInit = WeightInit.XavierNormal)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [Momentum(LearningRate = 0.01)]
        public partial class Initialized;
        """;

    public const string Nested = """
        using StaticNet;

        namespace Demo;

        public static partial class Models
        {
            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            internal partial class Inner;
        }
        """;

    public const string GlobalNamespace = """
        using StaticNet;

        [Network]
        [Input(4)]
        [Dense(2, Activation = Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Momentum]
        public partial class TopLevel;
        """;


    public const string LeNet5 = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 32, Seed = 7)]
        [Input(1, 28, 28)]
        [Conv2D(6, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
        [MaxPool2D(2)]
        [Conv2D(16, Kernel = 5, Activation = Activation.ReLU)]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(120, Activation = Activation.ReLU)]
        [Dense(84, Activation = Activation.ReLU)]
        [Dense(10)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [Momentum(LearningRate = 0.01, Momentum = 0.9)]
        public partial class LeNet5;
        """;

    public const string SignalLayers = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 4)]
        [Input(2, 10)]
        [Conv1D(3, Kernel = 3, SamePadding = true, Activation = Activation.Tanh)]
        [MaxPool1D(Blocks = new[] { 3, 2, 2, 3 })]
        [Conv1D(4, Kernel = 2, Dilation = 2, Bias = false)]
        [AvgPool1D(2, Stride = 1)]
        [GlobalAvgPool]
        [Dense(2)]
        [Loss(LossKind.SquaredError)]
        [Momentum]
        public partial class Signals;
        """;

    public const string Upsampling = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 2, Precision = Precision.Double)]
        [Input(1, 8, 8)]
        [Conv2D(4, Kernel = 3, Stride = 2, Padding = 1, Activation = Activation.LeakyReLU)]
        [AvgPool2D(RowBlocks = new[] { 1, 3 }, ColumnBlocks = new[] { 2, 2 })]
        [ConvTranspose2D(2, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1, Activation = Activation.Sigmoid)]
        [Flatten]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Momentum(LearningRate = 0.1)]
        public partial class Upsampler;
        """;

    public const string LeNet5BatchNorm = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 32, Seed = 7)]
        [Input(1, 28, 28)]
        [Conv2D(6, Kernel = 5, Padding = 2, Name = "conv1")]
        [BatchNorm(Name = "bn1")]
        [ReLU]
        [MaxPool2D(2)]
        [Conv2D(16, Kernel = 5, Name = "conv2")]
        [BatchNorm(Name = "bn2")]
        [ReLU]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(120, Name = "fc1")]
        [BatchNorm(Name = "bn3")]
        [ReLU]
        [Dense(84, Name = "fc2")]
        [BatchNorm(Name = "bn4")]
        [ReLU]
        [Dropout(0.25)]
        [Dense(10, Name = "fc3")]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [Momentum(LearningRate = 0.01, Momentum = 0.9, WeightDecay = 0.0005)]
        public partial class LeNet5BatchNorm;
        """;

    public const string ActivationLayers = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 8, Precision = Precision.Double)]
        [Input(6)]
        [Dense(5, BiasInit = 0.01)]
        [LeakyReLU(0.2)]
        [Dense(5)]
        [Tanh]
        [Dense(5)]
        [Sigmoid]
        [Dense(3)]
        [Softmax]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [Momentum(LearningRate = 0.05, Momentum = 0.5)]
        public partial class ActivationLayers;
        """;

    public const string AdamClipped = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 16, Precision = Precision.Double)]
        [Input(8)]
        [Dense(16, Name = "hidden")]
        [BatchNorm]
        [ReLU]
        [Dense(4, Name = "classifier")]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [AdamW(LearningRate = 0.002, WeightDecay = 0.05, L1 = 0.0001, ClipNorm = 1, ClipValue = 0.5)]
        public partial class Tuned;
        """;

    /// <summary>No parameters, but regularization and clipping declared: the update has no tensor to meet its range.</summary>
    public const string Parameterless = """
        using StaticNet;

        namespace Demo;

        [Network(BatchCapacity = 4)]
        [Input(10)]
        [Tanh]
        [Loss(LossKind.SquaredError)]
        [Sgd(L1 = 1e-8, ClipNorm = 1)]
        public partial class Squash;
        """;

    public static readonly string[] AllValid =
    [
        OneLayer, Mlp, EachActivation, BinaryCrossEntropy, SquaredErrorTanh, DoublePrecision, ExplicitInitializers, Nested, GlobalNamespace, LeNet5, SignalLayers, Upsampling,
        LeNet5BatchNorm, ActivationLayers, AdamClipped, Parameterless,
    ];
}
