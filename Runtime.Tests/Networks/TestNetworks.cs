using StaticNet;

// Networks declared the way users declare them; the source generator builds them into this test assembly.
// Double precision where gradients are checked against finite differences.
namespace StaticNet.Runtime.Tests.Networks;

[Network(BatchCapacity = 4, Seed = 11, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Sigmoid)]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class SigmoidSquaredError;

[Network(BatchCapacity = 4, Seed = 12, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh)]
[Dense(3, Activation = Activation.Tanh)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class TanhSquaredError;

[Network(BatchCapacity = 4, Seed = 13, Precision = Precision.Double)]
[Input(4)]
[Dense(6, Activation = Activation.ReLU, BiasInit = 0.1)]
[Dense(3)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class ReLUCrossEntropy;

[Network(BatchCapacity = 4, Seed = 14, Precision = Precision.Double)]
[Input(4)]
[Dense(6, Activation = Activation.LeakyReLU, LeakySlope = 0.1)]
[Dense(3, Activation = Activation.Softmax)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class LeakySoftmaxCrossEntropy;

[Network(BatchCapacity = 4, Seed = 15, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh)]
[Dense(2, Activation = Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01)]
public partial class TanhBinaryCrossEntropy;

// Squared error on a softmax output is warned about (SN0014) and still must be exact: it exercises the
// softmax Jacobian in the backward pass. The pragma is how a user keeps a deliberate choice.
[Network(BatchCapacity = 4, Seed = 16, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.ReLU)]
[Dense(5)]
[Dense(3, Activation = Activation.Softmax)]
#pragma warning disable SN0014
[Loss(LossKind.SquaredError)]
#pragma warning restore SN0014
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class SoftmaxSquaredError;

// The same ReLU classifier in single precision, for the reference comparison in float.
[Network(BatchCapacity = 8, Seed = 13)]
[Input(4)]
[Dense(6, Activation = Activation.ReLU, BiasInit = 0.1)]
[Dense(3)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class ReLUCrossEntropySingle;

[Network(BatchCapacity = 4, Seed = 5)]
[Input(2)]
[Dense(8, Activation = Activation.Tanh)]
[Dense(1, Activation = Activation.Tanh)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class XorNetwork;

[Network(BatchCapacity = 4, Seed = 5)]
[Input(3)]
[Dense(4, Activation = Activation.Tanh)]
[Dense(2)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.05, Momentum = 0)]
public partial class PlainGradientDescent;

[Network(BatchCapacity = 32, Seed = 7)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class FashionMlp;

// Conv2D → BatchNorm → ReLU → MaxPool → Dropout → Flatten → Dense, the order the notes teach, in double so gradients
// can be checked against finite differences and outputs compared with PyTorch.
[Network(BatchCapacity = 8, Seed = 21, Precision = Precision.Double)]
[Input(2, 6, 6)]
[Conv2D(3, Kernel = 3, Padding = 1, Name = "conv1")]
[BatchNorm(Name = "bn1")]
[ReLU]
[MaxPool2D(2)]
[Dropout(0.25)]
[Flatten]
[Dense(5, Name = "fc1")]
[BatchNorm]
[Tanh]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class ConvBatchNormDropout;

// ConvBatchNormDropout without its dropout (PyTorch's masks cannot be reproduced), so one training step can be
// compared with torch.optim.SGD: loss, every gradient, the parameters and the running statistics after it.
[Network(BatchCapacity = 8, Seed = 22, Precision = Precision.Double)]
[Input(2, 6, 6)]
[Conv2D(3, Kernel = 3, Padding = 1, Name = "conv1")]
[BatchNorm(Name = "bn1")]
[ReLU]
[MaxPool2D(2)]
[Flatten]
[Dense(5, Name = "fc1")]
[BatchNorm]
[Tanh]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class ConvBatchNorm;
