using StaticNet;

// One small classifier per optimizer (and per clipping and regularization option), in double, so three steps can be
// compared with torch.optim and a resumed run with an uninterrupted one. fc1 and fc2 match the PyTorch module's names.
namespace StaticNet.Runtime.Tests.Optimizers;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Sgd(LearningRate = 0.1, WeightDecay = 0.01)]
public partial class SgdNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01)]
public partial class MomentumNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Nesterov(LearningRate = 0.1, Momentum = 0.8, WeightDecay = 0.01)]
public partial class NesterovNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[AdaGrad(LearningRate = 0.1, WeightDecay = 0.01)]
public partial class AdaGradNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[RMSProp(LearningRate = 0.01, Rho = 0.9, WeightDecay = 0.01)]
public partial class RMSPropNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Adam(LearningRate = 0.01, Beta1 = 0.8, Beta2 = 0.99, WeightDecay = 0.01)]
public partial class AdamNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[AdamW(LearningRate = 0.01, WeightDecay = 0.1)]
public partial class AdamWNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Momentum(LearningRate = 0.5, Momentum = 0.9, ClipNorm = 0.1)]
public partial class ClipNormNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Adam(LearningRate = 0.01, ClipValue = 0.02)]
public partial class ClipValueNet;

[Network(BatchCapacity = 8, Seed = 41, Precision = Precision.Double)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "fc1")]
[Dense(3, Name = "fc2")]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Sgd(LearningRate = 0.1, L1 = 0.01)]
public partial class L1Net;
