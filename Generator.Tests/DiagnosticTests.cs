using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Tests.Infrastructure;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>
/// Every diagnostic id, raised by a declaration a user could write: its id, severity, the message as the
/// IDE shows it, and the exact span, marked in the source as <c>[|…|]</c>. Each case raises that one
/// diagnostic and nothing else. SN0019 (the generator failed) has no case: valid or not, no input may raise it.
/// </summary>
public class DiagnosticTests
{
    private static readonly Dictionary<string, DiagnosticCase> Cases = new DiagnosticCase[]
    {
        new("SN0001 class not partial", "SN0001", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public class [|Net|];
            """,
            "'Net' must be declared partial so StaticNet can generate its other half"),
        new("SN0001 containing class not partial", "SN0001", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            public static class Models
            {
                [Network]
                [Input(4)]
                [Dense(2)]
                [Loss(LossKind.SquaredError)]
                [Momentum]
                public partial class [|Net|];
            }
            """,
            "'Models' must be declared partial so StaticNet can generate its other half"),
        new("SN0002 no input", "SN0002", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class [|Net|];
            """,
            "Network 'Net' declares no input shape; add [Input(...)], for example [Input(784)]"),
        new("SN0003 no layers", "SN0003", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class [|Net|];
            """,
            "Network 'Net' declares no layers; add at least one, for example [Dense(10)]"),
        new("SN0004 dense units", "SN0004", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense([|0|])]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1: units must be greater than 0, but is 0"),
        new("SN0004 input dimension", "SN0004", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, [|-28|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Input dimension 1 must be greater than 0, but is -28"),
        new("SN0004 batch capacity", "SN0004", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network(BatchCapacity = [|0|])]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "BatchCapacity must be greater than 0, but is 0"),
        new("SN0004 pooling window", "SN0004", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [MaxPool2D([|0|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "MaxPool2D1: window must be greater than 0, but is 0"),
        new("SN0005 learning rate", "SN0005", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum(LearningRate = [|0|])]
            public partial class Net;
            """,
            "The learning rate must be greater than 0, but is 0"),
        new("SN0006 momentum", "SN0006", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum(LearningRate = 0.01, Momentum = [|1|])]
            public partial class Net;
            """,
            "Momentum must be in [0, 1), but is 1; 0 is plain gradient descent and 0.9 is usual"),
        new("SN0007 weight decay", "SN0007", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum(WeightDecay = [|-0.0005|])]
            public partial class Net;
            """,
            "Weight decay must be 0 or more, but is -0.0005"),
        new("SN0008 softmax on hidden layer", "SN0008", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = [|Activation.Softmax|])]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1 uses softmax, which is only allowed on the output layer; use ReLU (or another activation) on hidden layers"),
        new("SN0009 binary cross-entropy without sigmoid", "SN0009", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(1)]
            [Loss([|LossKind.BinaryCrossEntropy|])]
            [Momentum]
            public partial class Net;
            """,
            "Binary cross-entropy does not fit the output layer Dense1 (Identity, 1 output): it needs a sigmoid output (its gradient is σ(z) − y); set Activation = Activation.Sigmoid on the output layer"),
        new("SN0009 softmax cross-entropy on one output", "SN0009", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(1)]
            [Loss([|LossKind.SoftmaxCrossEntropy|])]
            [Momentum]
            public partial class Net;
            """,
            "Softmax cross-entropy does not fit the output layer Dense1 (Identity, 1 output): the softmax of one output is always 1, so nothing is learned; for two classes use LossKind.BinaryCrossEntropy with a sigmoid output"),
        new("SN0010 generic class", "SN0010", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class [|Net|]<T>;
            """,
            "Generic network class 'Net' is not supported: every shape must be known at compile time; declare a non-generic class"),
        new("SN0010 input of rank 4", "SN0010", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input([|2, 3, 8, 8|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "An input of rank 4 is not supported: StaticNet takes [features], [channels, length] or [channels, height, width]"),
        new("SN0011 zero initialization", "SN0011", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.Tanh, WeightInit = [|WeightInit.Zeros|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1 initializes every weight to 0: all units of the layer get the same gradient and stay identical (symmetry problem); use random initialization such as Xavier normal"),
        new("SN0011 constant initialization", "SN0011", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.ReLU, WeightInit = [|WeightInit.Constant|], InitValue = 0.5)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1 initializes every weight to 0.5: all units of the layer get the same gradient and stay identical (symmetry problem); use random initialization such as He normal"),
        new("SN0012 Xavier with ReLU", "SN0012", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.ReLU, WeightInit = [|WeightInit.XavierNormal|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1 uses Xavier normal initialization with ReLU; He normal initialization is the one that keeps activation variance constant for ReLU"),
        new("SN0012 He with tanh", "SN0012", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.Tanh, WeightInit = [|WeightInit.HeUniform|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1 uses He uniform initialization with Tanh; Xavier uniform initialization is the one that keeps activation variance constant for Tanh"),
        new("SN0013 three sigmoid hidden layers", "SN0013", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.Sigmoid)]
            [Dense(8, Activation = Activation.Sigmoid)]
            [Dense(8, Activation = [|Activation.Sigmoid|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "3 sigmoid hidden layers in a row (Dense1, Dense2, Dense3): saturated sigmoids make gradients vanish in deep stacks; use ReLU in hidden layers"),
        new("SN0012 Xavier with a ReLU layer after batch norm", "SN0012", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, WeightInit = [|WeightInit.XavierNormal|])]
            [BatchNorm]
            [ReLU]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1 uses Xavier normal initialization with ReLU; He normal initialization is the one that keeps activation variance constant for ReLU"),
        new("SN0013 sigmoid layers", "SN0013", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8)]
            [Sigmoid]
            [Dense(8, Activation = Activation.Sigmoid)]
            [Dense(8)]
            [BatchNorm]
            [[|Sigmoid|]]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "3 sigmoid hidden layers in a row (Dense1, Dense2, Dense3): saturated sigmoids make gradients vanish in deep stacks; use ReLU in hidden layers"),
        new("SN0014 squared error on a softmax layer", "SN0014", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Softmax]
            [Loss([|LossKind.SquaredError|])]
            [Momentum]
            public partial class Net;
            """,
            "Squared error on a softmax output has flat regions where learning stalls; use LossKind.SoftmaxCrossEntropy with an identity output layer"),
        new("SN0008 softmax layer on a hidden layer", "SN0008", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [[|Softmax|]]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Softmax1 uses softmax, which is only allowed on the output layer; use ReLU (or another activation) on hidden layers"),
        new("SN0009 binary cross-entropy needs a sigmoid layer or activation", "SN0009", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(1)]
            [Tanh]
            [Loss([|LossKind.BinaryCrossEntropy|])]
            [Momentum]
            public partial class Net;
            """,
            "Binary cross-entropy does not fit the output layer Tanh1 (Tanh, 1 output): it needs a sigmoid output (its gradient is σ(z) − y); set Activation = Activation.Sigmoid on the output layer"),
        new("SN0038 Adam beta1", "SN0038", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Adam(Beta1 = [|1.0|])]
            public partial class Net;
            """,
            "[Adam]: Beta1 must be in [0, 1) (the decay of the gradient average), but is 1"),
        new("SN0038 AdamW beta2", "SN0038", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [AdamW(Beta2 = [|-0.5|])]
            public partial class Net;
            """,
            "[AdamW]: Beta2 must be in [0, 1) (the decay of the squared-gradient average), but is -0.5"),
        new("SN0038 RMSProp rho", "SN0038", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [RMSProp(Rho = [|1.5|])]
            public partial class Net;
            """,
            "[RMSProp]: Rho must be in [0, 1) (the decay rate of the squared-gradient average), but is 1.5"),
        new("SN0038 AdaGrad epsilon", "SN0038", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [AdaGrad(Epsilon = [|0|])]
            public partial class Net;
            """,
            "[AdaGrad]: Epsilon must be a finite number greater than 0, but is 0"),
        new("SN0038 L1", "SN0038", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Sgd(L1 = [|-0.1|])]
            public partial class Net;
            """,
            "[Sgd]: L1 must be a finite number, 0 or more (the L1 coefficient λ₁), but is -0.1"),
        new("SN0038 clip norm", "SN0038", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Nesterov(ClipNorm = [|-1|])]
            public partial class Net;
            """,
            "[Nesterov]: ClipNorm must be a finite number, 0 (off) or more (the largest global gradient norm), but is -1"),
        new("SN0038 clip value", "SN0038", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum(ClipValue = [|double.PositiveInfinity|])]
            public partial class Net;
            """,
            "[Momentum]: ClipValue must be a finite number, 0 (off) or more (the largest gradient magnitude), but is Infinity"),
        new("SN0039 two optimizers", "SN0039", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum]
            [[|Adam|]]
            public partial class Net;
            """,
            "'Net' declares more than one optimizer ([Momentum] and [Adam]); a network trains with exactly one, so keep one"),
        new("SN0006 Nesterov momentum", "SN0006", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Nesterov(Momentum = [|1.0|])]
            public partial class Net;
            """,
            "Momentum must be in [0, 1), but is 1; 0 is plain gradient descent and 0.9 is usual"),
        new("SN0014 squared error on sigmoid", "SN0014", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(1, Activation = Activation.Sigmoid)]
            [Loss([|LossKind.SquaredError|])]
            [Momentum]
            public partial class Net;
            """,
            "Squared error on a sigmoid output has flat regions where learning stalls; use LossKind.BinaryCrossEntropy"),
        new("SN0014 squared error on softmax", "SN0014", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3, Activation = Activation.Softmax)]
            [Loss([|LossKind.SquaredError|])]
            [Momentum]
            public partial class Net;
            """,
            "Squared error on a softmax output has flat regions where learning stalls; use LossKind.SoftmaxCrossEntropy with an identity output layer"),
        new("SN0015 no loss", "SN0015", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Momentum]
            public partial class [|Net|];
            """,
            "Network 'Net' declares no [Loss]; add one, for example [Loss(LossKind.SoftmaxCrossEntropy)]"),
        new("SN0015 no optimizer", "SN0015", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            public partial class [|Net|];
            """,
            "Network 'Net' declares no optimizer; add one, for example [Momentum(LearningRate = 0.01, Momentum = 0.9)] or [Adam]"),
        new("SN0016 loss twice", "SN0016", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [[|Loss(LossKind.SquaredError)|]]
            [Momentum]
            public partial class Net;
            """,
            "[Loss] is declared more than once on 'Net'; keep one"),
        new("SN0017 leaky slope", "SN0017", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.LeakyReLU, LeakySlope = [|1.5|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1: LeakySlope must be in [0, 1), but is 1.5"),
        new("SN0018 negative uniform bound", "SN0018", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2, WeightInit = WeightInit.Uniform, InitValue = [|-0.1|])]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1: Uniform initialization needs InitValue greater than 0 (the bound a of U(−a, a)), but it is -0.1"),
        new("SN0018 normal without InitValue", "SN0018", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2, WeightInit = [|WeightInit.Normal|])]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1: Normal initialization needs InitValue greater than 0 (the standard deviation σ), but it is 0"),
        new("SN0020 dense after convolution", "SN0020", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [Conv2D(4, Kernel = 3)]
            [[|Dense(2)|]]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1 needs a flat input, but its input has shape [4, 6, 6]; add [Flatten] before [Dense]"),
        new("SN0021 kernel larger than input", "SN0021", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 3, 3)]
            [[|Conv2D(4, Kernel = 5)|]]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1: input [1, 3, 3] with 5×5 kernel, stride 1 gives an output size of -1; use a smaller kernel, dilation or stride, or more padding"),
        new("SN0022 pooling drops the last value", "SN0022", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(2, 9)]
            [[|AvgPool1D(2)|]]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "AvgPool1D1: input [2, 9] with window 2, stride 2 never reads 1 value of the input (PyTorch drops them silently); change the padding, stride or input size so the windows cover it"),
        new("SN0023 convolution after flat input", "SN0023", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(784)]
            [[|Conv2D(6, Kernel = 5)|]]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1 needs a [channels, height, width] input, but its input has shape [784]; a convolution cannot follow a flat layer: put it before [Flatten] and [Dense], or declare the input as [Input(channels, height, width)]"),
        new("SN0024 convolution stride", "SN0024", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [Conv2D(4, Kernel = 3, Stride = [|0|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1: Stride must be 1 or more, but is 0"),
        new("SN0024 pooling stride", "SN0024", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(2, 10)]
            [AvgPool1D(2, Stride = [|-1|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "AvgPool1D1: Stride must be 1 or more, but is -1"),
        new("SN0025 dilation", "SN0025", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(2, 10)]
            [Conv1D(4, Kernel = 3, Dilation = [|0|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv1D1: Dilation must be 1 or more, but is 0"),
        new("SN0026 padding", "SN0026", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [Conv2D(4, Kernel = 3, Padding = [|-1|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1: Padding must be 0 or more, but is -1"),
        new("SN0026 one side's padding", "SN0026", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [Conv2D(4, Kernel = 3, PaddingTop = 1, PaddingBottom = [|-1|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1: PaddingBottom must be 0 or more, but is -1"),
        new("SN0027 pooling padding", "SN0027", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [MaxPool2D(2, Padding = [|2|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "MaxPool2D1: padding 2 is more than half the window 2, so a window could lie entirely in padding; use padding of at most 1"),
        new("SN0028 padding as wide as the kernel", "SN0028", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [[|Conv2D(4, Kernel = 3, Padding = 3)|]]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1: padding 3 is not smaller than the kernel's extent 3, so border outputs see only padding; use padding below 3"),
        new("SN0029 blocks do not add up", "SN0029", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 10)]
            [MaxPool1D(Blocks = [|new[] { 3, 3 }|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "MaxPool1D1: blocks { 3, 3 } must be positive sizes adding up to the input's length 10, but they add up to 6"),
        new("SN0029 empty block", "SN0029", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 4, 4)]
            [AvgPool2D(RowBlocks = new[] { 2, 2 }, ColumnBlocks = [|new[] { 4, 0 }|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "AvgPool2D1: blocks { 4, 0 } must be positive sizes adding up to the input's width 4, but they add up to 4"),
        new("SN0030 same padding with stride 2", "SN0030", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [Conv2D(4, Kernel = 3, Stride = 2, SamePadding = [|true|])]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1: SamePadding keeps the size only with stride 1, but the stride is 2; give the padding explicitly"),
        new("SN0031 output padding", "SN0031", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 4, 4)]
            [ConvTranspose2D(1, Kernel = 3, Stride = 2, OutputPadding = [|2|])]
            [Flatten]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "ConvTranspose2D1: OutputPadding must be 0 or more and less than the stride 2, but is 2"),
        new("SN0032 reserved layer name", "SN0032", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.ReLU, Name = [|"input"|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "'input' is not a valid layer name: 'Input' would make the layer's members collide with the network's own (such as InputLength); choose another"),
        new("SN0033 names differing in the first letter's case", "SN0033", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.ReLU, Name = "fc1")]
            [Dense(2, Name = [|"Fc1"|])]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense2: the name 'Fc1' is already used by an earlier layer ('fc1' and 'Fc1' are compared with their first letter capitalized: 'Fc1'); give each layer its own name"),
        new("SN0033 numbered default name taken", "SN0033", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.ReLU, Name = "dense2")]
            [[|Dense(2)|]]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense2: the name 'Dense2' is already used by an earlier layer ('dense2' and 'Dense2' are compared with their first letter capitalized: 'Dense2'); give each layer its own name"),
        new("SN0034 dropout rate", "SN0034", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.ReLU)]
            [Dropout([|1|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dropout1: the dropout rate must be in [0, 1), but is 1; it is the probability of dropping a unit (the notes' keep probability π is 1 − rate)"),
        new("SN0035 batch norm after the output layer", "SN0035", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.ReLU)]
            [Dense(2)]
            [[|BatchNorm|]]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "BatchNorm1 comes after the last layer with weights: it would normalize the outputs the loss compares with its targets; move it before a [Dense] or convolution"),
        new("SN0036 batch norm with batch capacity 1", "SN0036", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network(BatchCapacity = 1)]
            [Input(1, 8, 8)]
            [Conv2D(4, Kernel = 3)]
            [[|BatchNorm|]]
            [ReLU]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "BatchNorm1 needs at least two samples per training step to estimate a variance, but BatchCapacity is 1, so TrainStep cannot run; raise BatchCapacity"),
        new("SN0037 batch norm momentum", "SN0037", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8)]
            [BatchNorm(Momentum = [|1.5|])]
            [ReLU]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "BatchNorm1: Momentum must be in [0, 1] (the weight of each new batch in the running averages; PyTorch's default is 0.1), but is 1.5"),
        new("SN0037 batch norm epsilon", "SN0037", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8)]
            [BatchNorm(Epsilon = [|-1e-5|])]
            [ReLU]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "BatchNorm1: Epsilon must be a finite number greater than 0 (it keeps 1/√(σ² + ε) finite; the default is 1e-5), but is -1E-05"),
        new("SN0040 property named like a generated one", "SN0040", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class [|Net|]
            {
                public int Parameters => 10;
            }
            """,
            "The property 'Net.Parameters' clashes with the property 'Parameters' in the code StaticNet generates for 'Net'; rename yours"),
        new("SN0040 parameterless constructor", "SN0040", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class [|Net|]
            {
                public Net()
                {
                }
            }
            """,
            "The constructor 'Net()' clashes with the constructor 'Net()' in the code StaticNet generates for 'Net'; remove yours: the generated one initializes the weights from DefaultSeed (call Initialize(seed) for another seed)"),
        new("SN0040 nested class named like a generated method", "SN0040", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum]
            public partial class [|Net|]
            {
                public sealed class Loss;
            }
            """,
            "The nested type 'Net.Loss' clashes with the method 'Loss(ReadOnlySpan<float>, ReadOnlySpan<int>)' in the code StaticNet generates for 'Net'; rename yours"),
        new("SN0040 inherited member", "SN0040", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            public class Model
            {
                public string Architecture { get; set; } = "";
            }

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class [|Net|] : Model;
            """,
            "The property 'Model.Architecture' clashes with the constant 'Architecture' in the code StaticNet generates for 'Net'; rename yours"),
        new("SN0040 layer member", "SN0040", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2, Name = "hidden")]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class [|Net|]
            {
                public float[] HiddenWeights = new float[8];
            }
            """,
            "The field 'Net.HiddenWeights' clashes with the property 'HiddenWeights' in the code StaticNet generates for 'Net'; rename yours"),
        new("SN0042 learning rate that overflows a float", "SN0042", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum(LearningRate = [|1e39|])]
            public partial class Net;
            """,
            "[Momentum]: LearningRate = 1E+39 becomes infinity as a float; declare a value a float holds, or [Network(Precision = Precision.Double)]"),
        new("SN0042 learning rate that flushes to zero", "SN0042", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Sgd(LearningRate = [|1e-50|])]
            public partial class Net;
            """,
            "[Sgd]: LearningRate = 1E-50 becomes 0 as a float; declare a value a float holds, or [Network(Precision = Precision.Double)]"),
        new("SN0042 momentum that rounds to 1", "SN0042", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum(Momentum = [|0.99999999|])]
            public partial class Net;
            """,
            "[Momentum]: Momentum = 0.99999999 becomes 1 as a float, outside [0, 1); declare a value a float holds, or [Network(Precision = Precision.Double)]"),
        new("SN0042 initial value that overflows a float", "SN0042", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(2, WeightInit = WeightInit.Normal, InitValue = [|1e39|])]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1: InitValue = 1E+39 becomes infinity as a float; declare a value a float holds, or [Network(Precision = Precision.Double)]"),
        new("SN0042 subnormal epsilon", "SN0042", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8)]
            [BatchNorm(Epsilon = [|1e-40|])]
            [ReLU]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Adam]
            public partial class Net;
            """,
            "BatchNorm1: Epsilon = 1E-40 becomes 9.99994610111476E-41 as a float (a subnormal float, which keeps only some of its digits); declare a value a float holds, or [Network(Precision = Precision.Double)]"),
        new("SN0043 kernel and kernel height", "SN0043", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 8, 8)]
            [Conv2D(2, Kernel = 3, KernelHeight = [|2|], Activation = Activation.ReLU)]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1: Kernel and KernelHeight both set the kernel height; KernelHeight = 2 is used, so declare only one of them"),
        new("SN0043 padding and one side", "SN0043", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(2, 8)]
            [Conv1D(2, Kernel = 3, Padding = 1, PaddingRight = [|0|], Activation = Activation.ReLU)]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv1D1: Padding and PaddingRight both set the right padding; PaddingRight = 0 is used, so declare only one of them"),
        new("SN0044 leaky slope without leaky ReLU", "SN0044", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3, Activation = Activation.Tanh, LeakySlope = [|0.2|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1: LeakySlope has no effect because the layer's activation is Tanh, not LeakyReLU (a [LeakyReLU(slope)] layer takes its own slope); remove it"),
        new("SN0044 initial value the initializer ignores", "SN0044", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(3, Activation = Activation.ReLU, InitValue = [|0.05|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dense1: InitValue has no effect because He normal initialization does not take a value (Constant, Uniform and Normal do); remove it"),
        new("SN0044 bias value without a bias", "SN0044", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 6, 6)]
            [Conv2D(2, Kernel = 3, Bias = false, BiasInit = [|0.1|], Activation = Activation.ReLU)]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Conv2D1: BiasInit has no effect because Bias = false: the layer has no bias; remove it"),
        new("SN0045 layers without [Network]", "SN0045", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Netwrk]
            [[|Input(4)|]]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;

            public sealed class NetwrkAttribute : System.Attribute;
            """,
            "'Net' has StaticNet attributes ([Input], [Dense], [Loss], [Momentum]) but no [Network], so nothing is generated for it; add [Network] or remove them"),
        new("SN0046 layer output for a full batch", "SN0046", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network(BatchCapacity = 1024)]
            [Input(65536)]
            [[|Dense(65536)|]]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Sgd]
            public partial class Net;
            """,
            "Dense1 needs 4295032832 values in one buffer (a full batch of its inputs or outputs, its work space, or the parameters up to it), more than the 2147483591 (the most a .NET array holds) StaticNet allows; use smaller sizes or a smaller BatchCapacity"),
        new("SN0046 optimizer state", "SN0046", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network(BatchCapacity = 1)]
            [Input(40000)]
            [Dense(30000)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [[|Adam|]]
            public partial class Net;
            """,
            "[Adam]'s state needs 2400180004 values in one buffer (exp_avg and exp_avg_sq, each as long as the parameters), more than the 2147483591 (the most a .NET array holds) StaticNet allows; use smaller sizes or a smaller BatchCapacity"),
        new("SN0046 all buffers together", "SN0046", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network(BatchCapacity = 32)]
            [Input(1, 16777216)]
            [Conv1D(1, Kernel = 3, Padding = 1)]
            [Conv1D(1, Kernel = 3, Padding = 1)]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Sgd]
            public partial class [|Net|];
            """,
            "'Net' needs 5435818132 values in all its buffers together (parameters, gradients, optimizer state, and each layer's outputs and their gradients for a full batch), more than the 2147483648 (2³¹, 8 GiB of floats) StaticNet allows; use smaller sizes or a smaller BatchCapacity"),
        new("SN0040 layer names that make the same member", "SN0040", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Name = "fc")]
            [[|BatchNorm(Name = "fcOutput")|]]
            [ReLU]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "The layer 'FcOutput' clashes with the layer 'Fc' (both make a constant 'FcOutputLength') in the code StaticNet generates for 'Net'; rename one of them"),
        new("SN0044 dropout rate too small to drop anything", "SN0044", DiagnosticSeverity.Warning, """
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(4)]
            [Dense(8, Activation = Activation.ReLU)]
            [Dropout([|1e-17|])]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """,
            "Dropout1: the rate 1E-17 has no effect because 1 − rate rounds to 1, so no unit is ever dropped; remove it"),
        new("SN0041 C# 9", "SN0041", DiagnosticSeverity.Error, """
            using StaticNet;

            namespace Demo
            {
                [Network]
                [Input(4)]
                [Dense(2)]
                [Loss(LossKind.SquaredError)]
                [Momentum]
                public partial class [|Net|]
                {
                }
            }
            """,
            "StaticNet's generated code needs C# 10.0 or later, but the project compiles with C# 9.0; set <LangVersion>10.0</LangVersion> or later (no network gets code until then)",
            LanguageVersion.CSharp9),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Reports_id_severity_message_and_span(string name)
    {
        DiagnosticCase expected = Cases[name];
        MarkedSource marked = MarkedSource.Parse(expected.MarkedSource);

        // The declaration itself is valid C#: every problem below is StaticNet's to report.
        LanguageVersion language = expected.Language ?? LanguageVersion.Latest;
        Assert.DoesNotContain(
            GeneratorHarness.Compilation(GeneratorHarness.ParseOptions.WithLanguageVersion(language), marked.Source).GetDiagnostics(),
            d => d.Severity == DiagnosticSeverity.Error);

        GeneratorOutcome outcome = GeneratorHarness.Run(language, marked.Source);

        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal(expected.Id, diagnostic.Id);
        Assert.Equal(expected.Severity, diagnostic.Severity);
        Assert.Equal(expected.Message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(LocationKind.SourceFile, diagnostic.Location.Kind);
        Assert.Equal(GeneratorHarness.FilePath, diagnostic.Location.GetLineSpan().Path);
        Assert.True(
            marked.Span == diagnostic.Location.SourceSpan,
            $"expected span '{marked.SpanText}' {marked.Span}, got '{marked.Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}' {diagnostic.Location.SourceSpan}");
        Assert.Equal(
            SourceText(marked.Source).Lines.GetLinePositionSpan(marked.Span),
            diagnostic.Location.GetLineSpan().Span);
    }

    [Fact]
    public void Every_id_but_the_internal_failure_has_a_case()
    {
        string[] covered = Cases.Values.Select(c => c.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToArray();
        string[] expected = Descriptors.All.Select(d => d.Id).Where(id => id != Descriptors.InternalError.Id).OrderBy(id => id, System.StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, covered);
        Assert.All(Cases.Values, c => Assert.Equal(Descriptors.ById(c.Id).DefaultSeverity, c.Severity));
    }

    [Fact]
    public void Internal_failure_is_never_reported()
    {
        IEnumerable<string> everything = Declarations.AllValid.Concat(Cases.Values.Select(c => MarkedSource.Parse(c.MarkedSource).Source));
        foreach (string source in everything)
        {
            GeneratorOutcome outcome = GeneratorHarness.Run(source);
            Assert.DoesNotContain(outcome.Diagnostics, d => d.Id == Descriptors.InternalError.Id);
            Assert.All(outcome.Result.Results, r => Assert.Null(r.Exception));
        }
    }

    [Fact]
    public void Unused_input_is_reported_per_axis_of_an_image()
    {
        MarkedSource marked = MarkedSource.Parse("""
            using StaticNet;

            namespace Demo;

            [Network]
            [Input(1, 5, 5)]
            [[|MaxPool2D(2)|]]
            [Flatten]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public partial class Net;
            """);

        GeneratorOutcome outcome = GeneratorHarness.Run(marked.Source);

        Assert.All(outcome.Diagnostics, d => Assert.Equal(("SN0022", marked.Span), (d.Id, d.Location.SourceSpan)));
        Assert.Equal(
            [
                "MaxPool2D1: input [1, 5, 5] with 2×2 window, stride 2 never reads 1 row of the input (PyTorch drops them silently); change the padding, stride or input size so the windows cover it",
                "MaxPool2D1: input [1, 5, 5] with 2×2 window, stride 2 never reads 1 column of the input (PyTorch drops them silently); change the padding, stride or input size so the windows cover it",
            ],
            outcome.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Padding_that_covers_a_square_kernel_is_reported_once()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(MarkedSource.Parse(Cases["SN0028 padding as wide as the kernel"].MarkedSource).Source);

        Assert.Single(outcome.Diagnostics);
    }

    [Fact]
    public void Kernel_wider_than_its_input_reports_the_formula_output_size()
    {
        // Rows: ⌊(3 − 5)/2⌋ + 1 = 0 by the course notes' formula (a floor); the division must not truncate toward zero.
        GeneratorOutcome outcome = GeneratorHarness.Run(MarkedSource.Parse(Cases["SN0021 kernel larger than input"].MarkedSource).Source
            .Replace("Kernel = 5", "KernelHeight = 5, KernelWidth = 6, Stride = 2", System.StringComparison.Ordinal));

        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal(
            "Conv2D1: input [1, 3, 3] with 5×6 kernel, stride 2 gives an output size of 0; use a smaller kernel, dilation or stride, or more padding",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private const string SymmetricNetwork = """
        using StaticNet;

        namespace Demo;

        [Network]
        [Input(4)]
        #pragma warning disable SN0011 // zero weights on purpose: this layer is a probe
        [Dense(8, Activation = Activation.Tanh, WeightInit = WeightInit.Zeros)]
        #pragma warning restore SN0011
        [Dense(2, WeightInit = WeightInit.Constant, InitValue = 0.5)]
        [Loss(LossKind.SquaredError)]
        [Momentum]
        public partial class Net;
        """;

    [Fact]
    public void Pragma_warning_disable_suppresses_a_warning_at_its_argument()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(SymmetricNetwork);

        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation _, out ImmutableArray<Diagnostic> diagnostics);

        // Dense1 sits between the pragmas, Dense2 does not: the compiler drops or marks only Dense1's warning.
        Diagnostic[] symmetric = diagnostics.Where(d => d.Id == "SN0011").ToArray();
        Assert.All(symmetric, d => Assert.Equal(LocationKind.SourceFile, d.Location.Kind));
        Assert.DoesNotContain(symmetric, d => !d.IsSuppressed && d.GetMessage(CultureInfo.InvariantCulture).StartsWith("Dense1 ", System.StringComparison.Ordinal));
        Diagnostic reported = Assert.Single(symmetric, d => !d.IsSuppressed);
        Assert.StartsWith("Dense2 initializes every weight to 0.5", reported.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Pragma_warning_disable_for_another_id_suppresses_nothing()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(SymmetricNetwork.Replace("SN0011", "SN0012", System.StringComparison.Ordinal));

        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation _, out ImmutableArray<Diagnostic> diagnostics);

        Assert.Equal(2, diagnostics.Count(d => d.Id == "SN0011" && !d.IsSuppressed));
    }

    public static TheoryData<int> ValidDeclarations => new(Enumerable.Range(0, Declarations.AllValid.Length));

    [Theory]
    [MemberData(nameof(ValidDeclarations))]
    public void Valid_declaration_gets_no_diagnostics(int index)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Declarations.AllValid[index]);

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(1, outcome.SourceCount);
    }

    private static Microsoft.CodeAnalysis.Text.SourceText SourceText(string text) => Microsoft.CodeAnalysis.Text.SourceText.From(text);

    /// <param name="Language">The project's C# version, when the case is about it; the latest otherwise.</param>
    private sealed record DiagnosticCase(string Name, string Id, DiagnosticSeverity Severity, string MarkedSource, string Message, LanguageVersion? Language = null);
}
