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

/// <summary>
/// A small convolutional classifier with dropout, gradient clipping and weight decay, for data-parallel training: the
/// clipping and decay must see the whole batch's gradient, and each shard its own dropout masks.
/// 4·9 + 4 + 36·10 + 10 + 10·3 + 3 = 443 parameters, not a multiple of any vector width.
/// </summary>
[Network(BatchCapacity = 16, Seed = 6)]
[Input(1, 8, 8)]
[Conv2D(4, Kernel = 3, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(10, Activation = Activation.ReLU)]
[Dropout(0.2)]
[Dense(3)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Adam(LearningRate = 0.01, WeightDecay = 0.001, ClipNorm = 0.5)]
public partial class ShardedClassifier;

/// <summary>
/// A network declared on an abstract class, trained through a class derived from it: it has no shards for
/// data-parallel training (the generated code cannot create one), and trains on one thread.
/// </summary>
[Network(BatchCapacity = 8, Seed = 7)]
[Input(4)]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.05)]
public abstract partial class AbstractRegressor;

/// <summary>The concrete class of <see cref="AbstractRegressor"/>.</summary>
public sealed class DerivedRegressor : AbstractRegressor;
