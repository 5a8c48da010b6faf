using StaticNet;

namespace StaticNet.Benchmarks;

// The reference workloads of shared/bench/torch_bench.py, declared for StaticNet.

[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Mlp;

[Network(BatchCapacity = 32, Seed = 0)]
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

[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(256, Activation = Activation.Tanh)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class DeepTanh;
