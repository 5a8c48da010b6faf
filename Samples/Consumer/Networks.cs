using StaticNet;

namespace Consumer;

/// <summary>Three classes of points in the plane.</summary>
[Network(BatchCapacity = 32, Seed = 1)]
[Input(2)]
[Dense(16, Activation = Activation.ReLU)]
[Dense(3)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Adam(LearningRate = 0.01)]
public partial class Blobs;

/// <summary>Not trained here: its generated code (convolution, batch norm, pooling, dropout) has to compile too.</summary>
[Network(BatchCapacity = 8)]
[Input(1, 8, 8)]
[Conv2D(4, Kernel = 3, Padding = 1, Name = "conv")]
[BatchNorm(Name = "bn")]
[ReLU]
[MaxPool2D(2)]
[Dropout(0.25)]
[Flatten]
[Dense(2, Name = "fc")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.05, Momentum = 0.9)]
public partial class TinyConv;
