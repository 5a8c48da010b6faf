using StaticNet;

namespace StaticNet.Runtime.Tests.Training;

/// <summary>A small autoencoder for the trainer's regressor path: 16 → 6 tanh → 16, squared error, Adam.</summary>
[Network(BatchCapacity = 16, Seed = 4)]
[Input(16)]
[Dense(6, Activation = Activation.Tanh)]
[Dense(16)]
[Loss(LossKind.SquaredError)]
[Adam(LearningRate = 0.01)]
public partial class TinyAutoencoder;

/// <summary>A classifier with batch norm (training needs two samples a step) for the trainer's classifier path.</summary>
[Network(BatchCapacity = 16, Seed = 5)]
[Input(16)]
[Dense(12)]
[BatchNorm]
[ReLU]
[Dense(3)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.05, Momentum = 0.9)]
public partial class TinyClassifier;
