using StaticNet;

namespace StaticNet.Samples;

// The reference workloads of shared/bench (torch_bench.py, torch_fashion.py): the main job trains Mlp and
// LeNet5, the benchmark command times all three.

/// <summary>A multilayer perceptron: 784 → 128 ReLU → 10, softmax cross-entropy, SGD with momentum.</summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Mlp;

// The MLP with each optimizer of the course notes, for the main job's --optimizer (Mlp above is momentum).
// Rates are the usual defaults for one epoch of mini-batches of 32: SGD needs a larger step than momentum,
// the adaptive methods smaller ones (PyTorch's defaults for RMSProp, Adam and AdamW).

/// <summary>The MLP with plain SGD, α = 0.1.</summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Sgd(LearningRate = 0.1)]
public partial class MlpSgd;

/// <summary>The MLP with Nesterov momentum, α = 0.01, μ = 0.9.</summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Nesterov(LearningRate = 0.01, Momentum = 0.9)]
public partial class MlpNesterov;

/// <summary>The MLP with AdaGrad, α = 0.01.</summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[AdaGrad(LearningRate = 0.01)]
public partial class MlpAdaGrad;

/// <summary>The MLP with RMSProp, α = 0.001, ρ = 0.99.</summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[RMSProp(LearningRate = 0.001)]
public partial class MlpRMSProp;

/// <summary>The MLP with Adam, α = 0.001, β = (0.9, 0.999).</summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Adam(LearningRate = 0.001)]
public partial class MlpAdam;

/// <summary>The MLP with AdamW, α = 0.001, decoupled weight decay 0.01.</summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[AdamW(LearningRate = 0.001, WeightDecay = 0.01)]
public partial class MlpAdamW;

/// <summary>LeNet-5 with ReLU and max pooling, on 1×28×28 images (the first convolution pads by 2).</summary>
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

/// <summary>A deep tanh stack: 784 → 256 tanh, eight more 256 tanh layers, → 10 (the deep-tanh benchmark workload).</summary>
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

/// <summary>
/// LeNet-5 with batch norm after each convolution and hidden dense layer (Conv → BatchNorm → ReLU) and dropout
/// 0.25 before the last dense layer: the main job's <c>--model lenet5-bn</c>. Batch norm tolerates ten times
/// LeNet-5's learning rate (0.1 reached 89.8–90.2 % in three epochs over seeds 0–3; 0.05 and 0.01 less).
/// </summary>
[Network(BatchCapacity = 32, Seed = 0)]
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
[Momentum(LearningRate = 0.1, Momentum = 0.9)]
public partial class LeNet5BatchNorm;

/// <summary>
/// The notes' autoencoder on 28×28 images: 784 → 128 → 32 (the code) → 128 → 784, ReLU inside, a linear output
/// trained with squared error to reproduce its input (pixels in [0, 1]); Adam. The encoder's two layers are named so
/// that <see cref="EncoderClassifier"/> can start from them.
/// </summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU, Name = "encoder1")]
[Dense(32, Activation = Activation.ReLU, Name = "encoder2")]
[Dense(128, Activation = Activation.ReLU, Name = "decoder1")]
[Dense(784, Name = "decoder2")]
[Loss(LossKind.SquaredError)]
[Adam(LearningRate = 0.001)]
public partial class FashionAutoencoder;

/// <summary>
/// A classifier with <see cref="FashionAutoencoder"/>'s encoder (784 → 128 → 32, same names and shapes) and a
/// softmax layer on the 32-value code: trained from the autoencoder's encoder or from scratch.
/// </summary>
[Network(BatchCapacity = 32, Seed = 0)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU, Name = "encoder1")]
[Dense(32, Activation = Activation.ReLU, Name = "encoder2")]
[Dense(10, Name = "classifier")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Adam(LearningRate = 0.001)]
public partial class EncoderClassifier;
