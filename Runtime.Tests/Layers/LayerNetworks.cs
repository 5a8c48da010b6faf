using StaticNet;

// Networks for the layer-model tests: batch norm, dropout and activation layers, as users declare them.
namespace StaticNet.Runtime.Tests.Layers;

// Batch norm on the raw input, so its batch statistics and running averages can be checked against the data itself.
[Network(BatchCapacity = 8, Seed = 31, Precision = Precision.Double)]
[Input(3)]
[BatchNorm(Name = "norm", Momentum = 0.2, Epsilon = 1e-3)]
[Dense(2, Name = "out")]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.05, Momentum = 0.9)]
public partial class InputBatchNorm;

// Every activation layer, the output softmax as a layer of its own (folded into the loss in training).
[Network(BatchCapacity = 4, Seed = 32, Precision = Precision.Double)]
[Input(4)]
[Dense(5)]
[LeakyReLU(0.1)]
[Dense(5)]
[Sigmoid]
[Dense(5)]
[Tanh]
[Dense(5)]
[ReLU]
[Dense(3)]
[Softmax]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class ActivationLayers;

// Dense → BatchNorm → ReLU with weight decay, and a sigmoid output layer for binary cross-entropy.
[Network(BatchCapacity = 6, Seed = 33, Precision = Precision.Double)]
[Input(4)]
[Dense(6)]
[BatchNorm]
[ReLU]
[Dropout(0.5)]
[Dense(2)]
[Sigmoid]
[Loss(LossKind.BinaryCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01)]
public partial class DenseBatchNormSigmoid;

// LeNet-5 with batch norm after each convolution and hidden dense layer and dropout before the last Dense, in float.
[Network(BatchCapacity = 32, Seed = 7)]
[Input(1, 28, 28)]
[Conv2D(6, Kernel = 5, Padding = 2)]
[BatchNorm]
[ReLU]
[MaxPool2D(2)]
[Conv2D(16, Kernel = 5)]
[BatchNorm]
[ReLU]
[MaxPool2D(2)]
[Flatten]
[Dense(120)]
[BatchNorm]
[ReLU]
[Dense(84)]
[BatchNorm]
[ReLU]
[Dropout(0.25)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class LeNet5BatchNorm;
