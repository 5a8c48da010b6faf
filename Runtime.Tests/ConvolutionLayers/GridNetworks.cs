using StaticNet;

// The grid of ConvolutionGradientTests: one small double-precision network per configuration of a spatial layer.
// Each is [identity 1×1 pre-layer] → layer under test → [Flatten] → [Dense(3)] with squared error. The pre-layer
// (set to the identity by the test) makes the layer's input gradient observable and gives pooling parameters
// upstream; cases named _first omit it, so the layer is the first one and computes no input gradient.
// Declarations and the table below are written by a small script from one list, so they cannot drift apart.
namespace StaticNet.Runtime.Tests.ConvolutionLayers;

[Network(BatchCapacity = 4, Seed = 100, Precision = Precision.Double)]
[Input(1, 5, 5)]
[Conv2D(1, Kernel = 1, Bias = false)]
[Conv2D(1, Kernel = 3)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_1to1_k3;

[Network(BatchCapacity = 4, Seed = 101, Precision = Precision.Double)]
[Input(1, 5, 5)]
[Conv2D(1, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 3, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_1to2_k3_p1;

[Network(BatchCapacity = 4, Seed = 102, Precision = Precision.Double)]
[Input(2, 6, 6)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(3, Kernel = 2, Stride = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to3_k2_s2;

[Network(BatchCapacity = 4, Seed = 103, Precision = Precision.Double)]
[Input(3, 5, 5)]
[Conv2D(3, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 3, Stride = 2, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_3to2_k3_s2_p1;

[Network(BatchCapacity = 4, Seed = 104, Precision = Precision.Double)]
[Input(2, 7, 7)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 3, Dilation = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to2_k3_d2;

[Network(BatchCapacity = 4, Seed = 105, Precision = Precision.Double)]
[Input(2, 5, 5)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(1, Kernel = 3, Padding = 2, Dilation = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to1_k3_d2_p2;

[Network(BatchCapacity = 4, Seed = 106, Precision = Precision.Double)]
[Input(1, 4, 4)]
[Conv2D(1, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_1to2_k1;

[Network(BatchCapacity = 4, Seed = 107, Precision = Precision.Double)]
[Input(2, 5, 5)]
[Conv2D(2, Kernel = 1, Bias = false)]
#pragma warning disable SN0022 // deliberate: unread inputs get zero gradient, all-padding outputs only the bias
[Conv2D(3, Kernel = 1, Stride = 2)]
#pragma warning restore SN0022
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to3_k1_s2_skips;

[Network(BatchCapacity = 4, Seed = 108, Precision = Precision.Double)]
[Input(2, 4, 5)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(2, KernelHeight = 2, KernelWidth = 3)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to2_k2x3;

[Network(BatchCapacity = 4, Seed = 109, Precision = Precision.Double)]
[Input(1, 5, 6)]
[Conv2D(1, Kernel = 1, Bias = false)]
[Conv2D(2, KernelHeight = 2, KernelWidth = 3, Stride = 2, PaddingTop = 1, PaddingBottom = 0, PaddingLeft = 0, PaddingRight = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_1to2_k2x3_s2_asym;

[Network(BatchCapacity = 4, Seed = 110, Precision = Precision.Double)]
[Input(2, 4, 4)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 3, PaddingTop = 2, PaddingBottom = 0, PaddingLeft = 0, PaddingRight = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to2_k3_asym;

[Network(BatchCapacity = 4, Seed = 111, Precision = Precision.Double)]
[Input(3, 7, 7)]
[Conv2D(3, Kernel = 1, Bias = false)]
#pragma warning disable SN0022 // deliberate: unread inputs get zero gradient, all-padding outputs only the bias
[Conv2D(3, Kernel = 3, Stride = 2, Padding = 1, Dilation = 2)]
#pragma warning restore SN0022
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_3to3_k3_s2_d2_p1_skips;

[Network(BatchCapacity = 4, Seed = 112, Precision = Precision.Double)]
[Input(1, 4, 4)]
[Conv2D(1, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 3, SamePadding = true)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_1to2_k3_same;

[Network(BatchCapacity = 4, Seed = 113, Precision = Precision.Double)]
[Input(2, 4, 5)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(1, Kernel = 2, SamePadding = true)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to1_k2_same;

[Network(BatchCapacity = 4, Seed = 114, Precision = Precision.Double)]
[Input(2, 4, 4)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 2, Bias = false)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to2_k2_nobias;

[Network(BatchCapacity = 4, Seed = 115, Precision = Precision.Double)]
[Input(1, 8, 8)]
[Conv2D(1, Kernel = 1, Bias = false)]
[Conv2D(1, Kernel = 8, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_1to1_k8_p1_looped;

[Network(BatchCapacity = 4, Seed = 116, Precision = Precision.Double)]
[Input(2, 4, 4)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 3, Padding = 1, Activation = Activation.Tanh)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to2_k3_p1_tanh;

[Network(BatchCapacity = 4, Seed = 117, Precision = Precision.Double)]
[Input(2, 4, 4)]
[Conv2D(2, Kernel = 3, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to2_k3_p1_first;

[Network(BatchCapacity = 4, Seed = 118, Precision = Precision.Double)]
[Input(3, 6, 7)]
#pragma warning disable SN0022 // deliberate: unread inputs get zero gradient, all-padding outputs only the bias
[Conv2D(2, KernelHeight = 2, KernelWidth = 3, Stride = 2, Dilation = 2)]
#pragma warning restore SN0022
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_3to2_k2x3_s2_d2_first;

[Network(BatchCapacity = 4, Seed = 119, Precision = Precision.Double)]
[Input(1, 8)]
[Conv1D(1, Kernel = 1, Bias = false)]
[Conv1D(1, Kernel = 3)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv1D_1to1_k3;

[Network(BatchCapacity = 4, Seed = 120, Precision = Precision.Double)]
[Input(2, 7)]
[Conv1D(2, Kernel = 1, Bias = false)]
[Conv1D(3, Kernel = 3, Stride = 2, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv1D_2to3_k3_s2_p1;

[Network(BatchCapacity = 4, Seed = 121, Precision = Precision.Double)]
[Input(2, 6)]
[Conv1D(2, Kernel = 1, Bias = false)]
[Conv1D(2, Kernel = 2, PaddingLeft = 1, PaddingRight = 0, Dilation = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv1D_2to2_k2_d2_asym;

[Network(BatchCapacity = 4, Seed = 122, Precision = Precision.Double)]
[Input(3, 5)]
[Conv1D(3, Kernel = 1, Bias = false)]
[Conv1D(2, Kernel = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv1D_3to2_k1;

[Network(BatchCapacity = 4, Seed = 123, Precision = Precision.Double)]
[Input(2, 6)]
[Conv1D(2, Kernel = 1, Bias = false)]
[Conv1D(2, Kernel = 4, SamePadding = true, Bias = false)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv1D_2to2_k4_same_nobias;

[Network(BatchCapacity = 4, Seed = 124, Precision = Precision.Double)]
[Input(1, 6)]
[Conv1D(2, Kernel = 3, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv1D_1to2_k3_p1_first;

[Network(BatchCapacity = 4, Seed = 125, Precision = Precision.Double)]
[Input(1, 3, 3)]
[Conv2D(1, Kernel = 1, Bias = false)]
[ConvTranspose2D(1, Kernel = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_1to1_k2;

[Network(BatchCapacity = 4, Seed = 126, Precision = Precision.Double)]
[Input(2, 3, 3)]
[Conv2D(2, Kernel = 1, Bias = false)]
[ConvTranspose2D(3, Kernel = 3, Stride = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_2to3_k3_s2;

[Network(BatchCapacity = 4, Seed = 127, Precision = Precision.Double)]
[Input(2, 3, 3)]
[Conv2D(2, Kernel = 1, Bias = false)]
[ConvTranspose2D(2, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_2to2_k3_s2_p1_op1;

[Network(BatchCapacity = 4, Seed = 128, Precision = Precision.Double)]
[Input(3, 2, 3)]
[Conv2D(3, Kernel = 1, Bias = false)]
[ConvTranspose2D(2, Kernel = 2, Stride = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_3to2_k2_s2;

[Network(BatchCapacity = 4, Seed = 129, Precision = Precision.Double)]
[Input(1, 3, 3)]
[Conv2D(1, Kernel = 1, Bias = false)]
[ConvTranspose2D(2, KernelHeight = 2, KernelWidth = 3, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_1to2_k2x3_p1;

[Network(BatchCapacity = 4, Seed = 130, Precision = Precision.Double)]
[Input(2, 3, 3)]
[Conv2D(2, Kernel = 1, Bias = false)]
[ConvTranspose2D(2, Kernel = 3, Dilation = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_2to2_k3_d2;

[Network(BatchCapacity = 4, Seed = 131, Precision = Precision.Double)]
[Input(2, 3, 3)]
[Conv2D(2, Kernel = 1, Bias = false)]
[ConvTranspose2D(1, Kernel = 3, Stride = 2, Padding = 1, Bias = false)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_2to1_k3_s2_p1_nobias;

[Network(BatchCapacity = 4, Seed = 132, Precision = Precision.Double)]
[Input(2, 2, 2)]
[ConvTranspose2D(2, Kernel = 3, Stride = 2, OutputPadding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_2to2_k3_s2_op1_first;

[Network(BatchCapacity = 4, Seed = 133, Precision = Precision.Double)]
[Input(2, 4, 4)]
[Conv2D(2, Kernel = 1, Bias = false)]
[MaxPool2D(2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool2D_w2;

[Network(BatchCapacity = 4, Seed = 134, Precision = Precision.Double)]
[Input(1, 5, 5)]
[Conv2D(1, Kernel = 1, Bias = false)]
[MaxPool2D(3, Stride = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool2D_w3_s2;

[Network(BatchCapacity = 4, Seed = 135, Precision = Precision.Double)]
[Input(2, 6, 6)]
[Conv2D(2, Kernel = 1, Bias = false)]
[MaxPool2D(3, Stride = 2, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool2D_w3_s2_p1;

[Network(BatchCapacity = 4, Seed = 136, Precision = Precision.Double)]
[Input(2, 3, 3)]
[Conv2D(2, Kernel = 1, Bias = false)]
[MaxPool2D(2, Stride = 1, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool2D_w2_s1_p1;

[Network(BatchCapacity = 4, Seed = 137, Precision = Precision.Double)]
[Input(1, 4, 4)]
[Conv2D(1, Kernel = 1, Bias = false)]
[MaxPool2D(3, Stride = 1, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool2D_w3_s1_p1;

[Network(BatchCapacity = 4, Seed = 138, Precision = Precision.Double)]
[Input(2, 4, 4)]
[MaxPool2D(2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool2D_w2_first;

[Network(BatchCapacity = 4, Seed = 139, Precision = Precision.Double)]
[Input(2, 4, 4)]
[Conv2D(2, Kernel = 1, Bias = false)]
[AvgPool2D(2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class AvgPool2D_w2;

[Network(BatchCapacity = 4, Seed = 140, Precision = Precision.Double)]
[Input(2, 5, 5)]
[Conv2D(2, Kernel = 1, Bias = false)]
[AvgPool2D(3, Stride = 2, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class AvgPool2D_w3_s2_p1;

[Network(BatchCapacity = 4, Seed = 141, Precision = Precision.Double)]
[Input(1, 3, 3)]
[Conv2D(1, Kernel = 1, Bias = false)]
[AvgPool2D(2, Stride = 1, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class AvgPool2D_w2_s1_p1;

[Network(BatchCapacity = 4, Seed = 142, Precision = Precision.Double)]
[Input(2, 8)]
[Conv1D(2, Kernel = 1, Bias = false)]
[MaxPool1D(2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool1D_w2;

[Network(BatchCapacity = 4, Seed = 143, Precision = Precision.Double)]
[Input(2, 7)]
[Conv1D(2, Kernel = 1, Bias = false)]
[MaxPool1D(3, Stride = 2, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool1D_w3_s2_p1;

[Network(BatchCapacity = 4, Seed = 144, Precision = Precision.Double)]
[Input(2, 6)]
[Conv1D(2, Kernel = 1, Bias = false)]
[AvgPool1D(3, Stride = 1, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class AvgPool1D_w3_s1_p1;

[Network(BatchCapacity = 4, Seed = 145, Precision = Precision.Double)]
[Input(1, 6)]
[Conv1D(1, Kernel = 1, Bias = false)]
[AvgPool1D(4, Stride = 2, Padding = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class AvgPool1D_w4_s2_p2;

[Network(BatchCapacity = 4, Seed = 146, Precision = Precision.Double)]
[Input(2, 5, 4)]
[Conv2D(2, Kernel = 1, Bias = false)]
[MaxPool2D(RowBlocks = new[] { 2, 1, 2 }, ColumnBlocks = new[] { 1, 3 })]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool2D_blocks_2_1_2_by_1_3;

[Network(BatchCapacity = 4, Seed = 147, Precision = Precision.Double)]
[Input(2, 3, 5)]
[Conv2D(2, Kernel = 1, Bias = false)]
[AvgPool2D(RowBlocks = new[] { 1, 2 }, ColumnBlocks = new[] { 2, 2, 1 })]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class AvgPool2D_blocks_1_2_by_2_2_1;

[Network(BatchCapacity = 4, Seed = 148, Precision = Precision.Double)]
[Input(2, 10)]
[Conv1D(2, Kernel = 1, Bias = false)]
[MaxPool1D(Blocks = new[] { 3, 2, 2, 3 })]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool1D_blocks_3_2_2_3;

[Network(BatchCapacity = 4, Seed = 149, Precision = Precision.Double)]
[Input(2, 7)]
[Conv1D(2, Kernel = 1, Bias = false)]
[AvgPool1D(Blocks = new[] { 1, 4, 2 })]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class AvgPool1D_blocks_1_4_2;

[Network(BatchCapacity = 4, Seed = 150, Precision = Precision.Double)]
[Input(1, 5)]
[MaxPool1D(Blocks = new[] { 2, 3 })]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool1D_blocks_2_3_first;

[Network(BatchCapacity = 4, Seed = 151, Precision = Precision.Double)]
[Input(2, 3, 4)]
[Conv2D(2, Kernel = 1, Bias = false)]
[GlobalAvgPool]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class GlobalAvgPool_2x3x4;

[Network(BatchCapacity = 4, Seed = 152, Precision = Precision.Double)]
[Input(3, 5)]
[Conv1D(3, Kernel = 1, Bias = false)]
[GlobalAvgPool]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class GlobalAvgPool_3x5;

[Network(BatchCapacity = 4, Seed = 153, Precision = Precision.Double)]
[Input(2, 3, 3)]
[GlobalAvgPool]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class GlobalAvgPool_2x3x3_first;

[Network(BatchCapacity = 4, Seed = 154, Precision = Precision.Double)]
[Input(1, 3, 3)]
[Conv2D(1, Kernel = 1, Bias = false)]
#pragma warning disable SN0028 // deliberate: unread inputs get zero gradient, all-padding outputs only the bias
[Conv2D(2, Kernel = 2, Padding = 2)]
#pragma warning restore SN0028
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_1to2_k2_p2_all_padding_border;

[Network(BatchCapacity = 4, Seed = 155, Precision = Precision.Double)]
[Input(2, 3, 3)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 5, Padding = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to2_k5_p2_kernel_wider_than_input;

[Network(BatchCapacity = 4, Seed = 156, Precision = Precision.Double)]
[Input(1, 10, 10)]
[Conv2D(1, Kernel = 1, Bias = false)]
[Conv2D(2, Kernel = 8, Stride = 2, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_1to2_k8_s2_p1_looped;

[Network(BatchCapacity = 4, Seed = 157, Precision = Precision.Double)]
[Input(2, 5, 4)]
[Conv2D(2, Kernel = 1, Bias = false)]
[Conv2D(2, KernelHeight = 3, KernelWidth = 2, Padding = 1, Dilation = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv2D_2to2_k3x2_d2_p1;

[Network(BatchCapacity = 4, Seed = 158, Precision = Precision.Double)]
[Input(1, 4)]
[Conv1D(1, Kernel = 1, Bias = false)]
#pragma warning disable SN0022, SN0028 // deliberate: unread inputs get zero gradient, all-padding outputs only the bias
[Conv1D(2, Kernel = 2, Stride = 3, Padding = 2)]
#pragma warning restore SN0022, SN0028
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class Conv1D_1to2_k2_s3_p2_skips;

[Network(BatchCapacity = 4, Seed = 159, Precision = Precision.Double)]
[Input(2, 2, 2)]
[Conv2D(2, Kernel = 1, Bias = false)]
[ConvTranspose2D(2, Kernel = 2, Stride = 3)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_2to2_k2_s3_gaps;

[Network(BatchCapacity = 4, Seed = 160, Precision = Precision.Double)]
[Input(1, 3, 3)]
[Conv2D(1, Kernel = 1, Bias = false)]
[ConvTranspose2D(2, Kernel = 3, Stride = 2, Padding = 2, OutputPadding = 1, Dilation = 2)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class ConvT_1to2_k3_s2_d2_p2_op1;

[Network(BatchCapacity = 4, Seed = 161, Precision = Precision.Double)]
[Input(2, 2, 2)]
[Conv2D(2, Kernel = 1, Bias = false)]
[AvgPool2D(3, Stride = 1, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class AvgPool2D_w3_s1_p1_window_wider_than_input;

[Network(BatchCapacity = 4, Seed = 162, Precision = Precision.Double)]
[Input(1, 2, 2)]
[Conv2D(1, Kernel = 1, Bias = false)]
[MaxPool2D(3, Stride = 1, Padding = 1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool2D_w3_s1_p1_window_wider_than_input;

[Network(BatchCapacity = 4, Seed = 163, Precision = Precision.Double)]
[Input(2, 4)]
[Conv1D(2, Kernel = 1, Bias = false)]
[MaxPool1D(1)]
[Flatten]
[Dense(3)]
[Loss(LossKind.SquaredError)]
[Momentum(LearningRate = 0.01, Momentum = 0.9)]
public partial class MaxPool1D_w1;

/// <summary>Every grid network with its input shape and the reference description of its layers.</summary>
internal static class GridNetworks
{
    public static readonly GridCase[] All =
    [
        new(nameof(Conv2D_1to1_k3), () => new Conv2D_1to1_k3(), [1, 5, 5], IdentityPreLayer: true, new RefConv2D(1, new(3), new(3), Bias: true, Tanh: false)),
        new(nameof(Conv2D_1to2_k3_p1), () => new Conv2D_1to2_k3_p1(), [1, 5, 5], IdentityPreLayer: true, new RefConv2D(2, new(3, PadBefore: 1, PadAfter: 1), new(3, PadBefore: 1, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to3_k2_s2), () => new Conv2D_2to3_k2_s2(), [2, 6, 6], IdentityPreLayer: true, new RefConv2D(3, new(2, Stride: 2), new(2, Stride: 2), Bias: true, Tanh: false)),
        new(nameof(Conv2D_3to2_k3_s2_p1), () => new Conv2D_3to2_k3_s2_p1(), [3, 5, 5], IdentityPreLayer: true, new RefConv2D(2, new(3, Stride: 2, PadBefore: 1, PadAfter: 1), new(3, Stride: 2, PadBefore: 1, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to2_k3_d2), () => new Conv2D_2to2_k3_d2(), [2, 7, 7], IdentityPreLayer: true, new RefConv2D(2, new(3, Dilation: 2), new(3, Dilation: 2), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to1_k3_d2_p2), () => new Conv2D_2to1_k3_d2_p2(), [2, 5, 5], IdentityPreLayer: true, new RefConv2D(1, new(3, PadBefore: 2, PadAfter: 2, Dilation: 2), new(3, PadBefore: 2, PadAfter: 2, Dilation: 2), Bias: true, Tanh: false)),
        new(nameof(Conv2D_1to2_k1), () => new Conv2D_1to2_k1(), [1, 4, 4], IdentityPreLayer: true, new RefConv2D(2, new(1), new(1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to3_k1_s2_skips), () => new Conv2D_2to3_k1_s2_skips(), [2, 5, 5], IdentityPreLayer: true, new RefConv2D(3, new(1, Stride: 2), new(1, Stride: 2), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to2_k2x3), () => new Conv2D_2to2_k2x3(), [2, 4, 5], IdentityPreLayer: true, new RefConv2D(2, new(2), new(3), Bias: true, Tanh: false)),
        new(nameof(Conv2D_1to2_k2x3_s2_asym), () => new Conv2D_1to2_k2x3_s2_asym(), [1, 5, 6], IdentityPreLayer: true, new RefConv2D(2, new(2, Stride: 2, PadBefore: 1), new(3, Stride: 2, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to2_k3_asym), () => new Conv2D_2to2_k3_asym(), [2, 4, 4], IdentityPreLayer: true, new RefConv2D(2, new(3, PadBefore: 2), new(3, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_3to3_k3_s2_d2_p1_skips), () => new Conv2D_3to3_k3_s2_d2_p1_skips(), [3, 7, 7], IdentityPreLayer: true, new RefConv2D(3, new(3, Stride: 2, PadBefore: 1, PadAfter: 1, Dilation: 2), new(3, Stride: 2, PadBefore: 1, PadAfter: 1, Dilation: 2), Bias: true, Tanh: false)),
        new(nameof(Conv2D_1to2_k3_same), () => new Conv2D_1to2_k3_same(), [1, 4, 4], IdentityPreLayer: true, new RefConv2D(2, new(3, PadBefore: 1, PadAfter: 1), new(3, PadBefore: 1, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to1_k2_same), () => new Conv2D_2to1_k2_same(), [2, 4, 5], IdentityPreLayer: true, new RefConv2D(1, new(2, PadAfter: 1), new(2, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to2_k2_nobias), () => new Conv2D_2to2_k2_nobias(), [2, 4, 4], IdentityPreLayer: true, new RefConv2D(2, new(2), new(2), Bias: false, Tanh: false)),
        new(nameof(Conv2D_1to1_k8_p1_looped), () => new Conv2D_1to1_k8_p1_looped(), [1, 8, 8], IdentityPreLayer: true, new RefConv2D(1, new(8, PadBefore: 1, PadAfter: 1), new(8, PadBefore: 1, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to2_k3_p1_tanh), () => new Conv2D_2to2_k3_p1_tanh(), [2, 4, 4], IdentityPreLayer: true, new RefConv2D(2, new(3, PadBefore: 1, PadAfter: 1), new(3, PadBefore: 1, PadAfter: 1), Bias: true, Tanh: true)),
        new(nameof(Conv2D_2to2_k3_p1_first), () => new Conv2D_2to2_k3_p1_first(), [2, 4, 4], IdentityPreLayer: false, new RefConv2D(2, new(3, PadBefore: 1, PadAfter: 1), new(3, PadBefore: 1, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_3to2_k2x3_s2_d2_first), () => new Conv2D_3to2_k2x3_s2_d2_first(), [3, 6, 7], IdentityPreLayer: false, new RefConv2D(2, new(2, Stride: 2, Dilation: 2), new(3, Stride: 2, Dilation: 2), Bias: true, Tanh: false)),
        new(nameof(Conv1D_1to1_k3), () => new Conv1D_1to1_k3(), [1, 8], IdentityPreLayer: true, new RefConv1D(1, new(3), Bias: true)),
        new(nameof(Conv1D_2to3_k3_s2_p1), () => new Conv1D_2to3_k3_s2_p1(), [2, 7], IdentityPreLayer: true, new RefConv1D(3, new(3, Stride: 2, PadBefore: 1, PadAfter: 1), Bias: true)),
        new(nameof(Conv1D_2to2_k2_d2_asym), () => new Conv1D_2to2_k2_d2_asym(), [2, 6], IdentityPreLayer: true, new RefConv1D(2, new(2, PadBefore: 1, Dilation: 2), Bias: true)),
        new(nameof(Conv1D_3to2_k1), () => new Conv1D_3to2_k1(), [3, 5], IdentityPreLayer: true, new RefConv1D(2, new(1), Bias: true)),
        new(nameof(Conv1D_2to2_k4_same_nobias), () => new Conv1D_2to2_k4_same_nobias(), [2, 6], IdentityPreLayer: true, new RefConv1D(2, new(4, PadBefore: 1, PadAfter: 2), Bias: false)),
        new(nameof(Conv1D_1to2_k3_p1_first), () => new Conv1D_1to2_k3_p1_first(), [1, 6], IdentityPreLayer: false, new RefConv1D(2, new(3, PadBefore: 1, PadAfter: 1), Bias: true)),
        new(nameof(ConvT_1to1_k2), () => new ConvT_1to1_k2(), [1, 3, 3], IdentityPreLayer: true, new RefConvTranspose2D(1, new(2), new(2), OutputPadding: 0, Bias: true)),
        new(nameof(ConvT_2to3_k3_s2), () => new ConvT_2to3_k3_s2(), [2, 3, 3], IdentityPreLayer: true, new RefConvTranspose2D(3, new(3, Stride: 2), new(3, Stride: 2), OutputPadding: 0, Bias: true)),
        new(nameof(ConvT_2to2_k3_s2_p1_op1), () => new ConvT_2to2_k3_s2_p1_op1(), [2, 3, 3], IdentityPreLayer: true, new RefConvTranspose2D(2, new(3, Stride: 2, PadBefore: 1, PadAfter: 1), new(3, Stride: 2, PadBefore: 1, PadAfter: 1), OutputPadding: 1, Bias: true)),
        new(nameof(ConvT_3to2_k2_s2), () => new ConvT_3to2_k2_s2(), [3, 2, 3], IdentityPreLayer: true, new RefConvTranspose2D(2, new(2, Stride: 2), new(2, Stride: 2), OutputPadding: 0, Bias: true)),
        new(nameof(ConvT_1to2_k2x3_p1), () => new ConvT_1to2_k2x3_p1(), [1, 3, 3], IdentityPreLayer: true, new RefConvTranspose2D(2, new(2, PadBefore: 1, PadAfter: 1), new(3, PadBefore: 1, PadAfter: 1), OutputPadding: 0, Bias: true)),
        new(nameof(ConvT_2to2_k3_d2), () => new ConvT_2to2_k3_d2(), [2, 3, 3], IdentityPreLayer: true, new RefConvTranspose2D(2, new(3, Dilation: 2), new(3, Dilation: 2), OutputPadding: 0, Bias: true)),
        new(nameof(ConvT_2to1_k3_s2_p1_nobias), () => new ConvT_2to1_k3_s2_p1_nobias(), [2, 3, 3], IdentityPreLayer: true, new RefConvTranspose2D(1, new(3, Stride: 2, PadBefore: 1, PadAfter: 1), new(3, Stride: 2, PadBefore: 1, PadAfter: 1), OutputPadding: 0, Bias: false)),
        new(nameof(ConvT_2to2_k3_s2_op1_first), () => new ConvT_2to2_k3_s2_op1_first(), [2, 2, 2], IdentityPreLayer: false, new RefConvTranspose2D(2, new(3, Stride: 2), new(3, Stride: 2), OutputPadding: 1, Bias: true)),
        new(nameof(MaxPool2D_w2), () => new MaxPool2D_w2(), [2, 4, 4], IdentityPreLayer: true, new RefPool(true, new(2, Stride: 2), new(2, Stride: 2))),
        new(nameof(MaxPool2D_w3_s2), () => new MaxPool2D_w3_s2(), [1, 5, 5], IdentityPreLayer: true, new RefPool(true, new(3, Stride: 2), new(3, Stride: 2))),
        new(nameof(MaxPool2D_w3_s2_p1), () => new MaxPool2D_w3_s2_p1(), [2, 6, 6], IdentityPreLayer: true, new RefPool(true, new(3, Stride: 2, PadBefore: 1, PadAfter: 1), new(3, Stride: 2, PadBefore: 1, PadAfter: 1))),
        new(nameof(MaxPool2D_w2_s1_p1), () => new MaxPool2D_w2_s1_p1(), [2, 3, 3], IdentityPreLayer: true, new RefPool(true, new(2, PadBefore: 1, PadAfter: 1), new(2, PadBefore: 1, PadAfter: 1))),
        new(nameof(MaxPool2D_w3_s1_p1), () => new MaxPool2D_w3_s1_p1(), [1, 4, 4], IdentityPreLayer: true, new RefPool(true, new(3, PadBefore: 1, PadAfter: 1), new(3, PadBefore: 1, PadAfter: 1))),
        new(nameof(MaxPool2D_w2_first), () => new MaxPool2D_w2_first(), [2, 4, 4], IdentityPreLayer: false, new RefPool(true, new(2, Stride: 2), new(2, Stride: 2))),
        new(nameof(AvgPool2D_w2), () => new AvgPool2D_w2(), [2, 4, 4], IdentityPreLayer: true, new RefPool(false, new(2, Stride: 2), new(2, Stride: 2))),
        new(nameof(AvgPool2D_w3_s2_p1), () => new AvgPool2D_w3_s2_p1(), [2, 5, 5], IdentityPreLayer: true, new RefPool(false, new(3, Stride: 2, PadBefore: 1, PadAfter: 1), new(3, Stride: 2, PadBefore: 1, PadAfter: 1))),
        new(nameof(AvgPool2D_w2_s1_p1), () => new AvgPool2D_w2_s1_p1(), [1, 3, 3], IdentityPreLayer: true, new RefPool(false, new(2, PadBefore: 1, PadAfter: 1), new(2, PadBefore: 1, PadAfter: 1))),
        new(nameof(MaxPool1D_w2), () => new MaxPool1D_w2(), [2, 8], IdentityPreLayer: true, new RefPool(true, new(1), new(2, Stride: 2))),
        new(nameof(MaxPool1D_w3_s2_p1), () => new MaxPool1D_w3_s2_p1(), [2, 7], IdentityPreLayer: true, new RefPool(true, new(1), new(3, Stride: 2, PadBefore: 1, PadAfter: 1))),
        new(nameof(AvgPool1D_w3_s1_p1), () => new AvgPool1D_w3_s1_p1(), [2, 6], IdentityPreLayer: true, new RefPool(false, new(1), new(3, PadBefore: 1, PadAfter: 1))),
        new(nameof(AvgPool1D_w4_s2_p2), () => new AvgPool1D_w4_s2_p2(), [1, 6], IdentityPreLayer: true, new RefPool(false, new(1), new(4, Stride: 2, PadBefore: 2, PadAfter: 2))),
        new(nameof(MaxPool2D_blocks_2_1_2_by_1_3), () => new MaxPool2D_blocks_2_1_2_by_1_3(), [2, 5, 4], IdentityPreLayer: true, new RefPartitionPool(true, [2, 1, 2], [1, 3])),
        new(nameof(AvgPool2D_blocks_1_2_by_2_2_1), () => new AvgPool2D_blocks_1_2_by_2_2_1(), [2, 3, 5], IdentityPreLayer: true, new RefPartitionPool(false, [1, 2], [2, 2, 1])),
        new(nameof(MaxPool1D_blocks_3_2_2_3), () => new MaxPool1D_blocks_3_2_2_3(), [2, 10], IdentityPreLayer: true, new RefPartitionPool(true, [1], [3, 2, 2, 3])),
        new(nameof(AvgPool1D_blocks_1_4_2), () => new AvgPool1D_blocks_1_4_2(), [2, 7], IdentityPreLayer: true, new RefPartitionPool(false, [1], [1, 4, 2])),
        new(nameof(MaxPool1D_blocks_2_3_first), () => new MaxPool1D_blocks_2_3_first(), [1, 5], IdentityPreLayer: false, new RefPartitionPool(true, [1], [2, 3])),
        new(nameof(GlobalAvgPool_2x3x4), () => new GlobalAvgPool_2x3x4(), [2, 3, 4], IdentityPreLayer: true, new RefGlobalAvgPool()),
        new(nameof(GlobalAvgPool_3x5), () => new GlobalAvgPool_3x5(), [3, 5], IdentityPreLayer: true, new RefGlobalAvgPool()),
        new(nameof(GlobalAvgPool_2x3x3_first), () => new GlobalAvgPool_2x3x3_first(), [2, 3, 3], IdentityPreLayer: false, new RefGlobalAvgPool()),
        new(nameof(Conv2D_1to2_k2_p2_all_padding_border), () => new Conv2D_1to2_k2_p2_all_padding_border(), [1, 3, 3], IdentityPreLayer: true, new RefConv2D(2, new(2, PadBefore: 2, PadAfter: 2), new(2, PadBefore: 2, PadAfter: 2), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to2_k5_p2_kernel_wider_than_input), () => new Conv2D_2to2_k5_p2_kernel_wider_than_input(), [2, 3, 3], IdentityPreLayer: true, new RefConv2D(2, new(5, PadBefore: 2, PadAfter: 2), new(5, PadBefore: 2, PadAfter: 2), Bias: true, Tanh: false)),
        new(nameof(Conv2D_1to2_k8_s2_p1_looped), () => new Conv2D_1to2_k8_s2_p1_looped(), [1, 10, 10], IdentityPreLayer: true, new RefConv2D(2, new(8, Stride: 2, PadBefore: 1, PadAfter: 1), new(8, Stride: 2, PadBefore: 1, PadAfter: 1), Bias: true, Tanh: false)),
        new(nameof(Conv2D_2to2_k3x2_d2_p1), () => new Conv2D_2to2_k3x2_d2_p1(), [2, 5, 4], IdentityPreLayer: true, new RefConv2D(2, new(3, PadBefore: 1, PadAfter: 1, Dilation: 2), new(2, PadBefore: 1, PadAfter: 1, Dilation: 2), Bias: true, Tanh: false)),
        new(nameof(Conv1D_1to2_k2_s3_p2_skips), () => new Conv1D_1to2_k2_s3_p2_skips(), [1, 4], IdentityPreLayer: true, new RefConv1D(2, new(2, Stride: 3, PadBefore: 2, PadAfter: 2), Bias: true)),
        new(nameof(ConvT_2to2_k2_s3_gaps), () => new ConvT_2to2_k2_s3_gaps(), [2, 2, 2], IdentityPreLayer: true, new RefConvTranspose2D(2, new(2, Stride: 3), new(2, Stride: 3), OutputPadding: 0, Bias: true)),
        new(nameof(ConvT_1to2_k3_s2_d2_p2_op1), () => new ConvT_1to2_k3_s2_d2_p2_op1(), [1, 3, 3], IdentityPreLayer: true, new RefConvTranspose2D(2, new(3, Stride: 2, PadBefore: 2, PadAfter: 2, Dilation: 2), new(3, Stride: 2, PadBefore: 2, PadAfter: 2, Dilation: 2), OutputPadding: 1, Bias: true)),
        new(nameof(AvgPool2D_w3_s1_p1_window_wider_than_input), () => new AvgPool2D_w3_s1_p1_window_wider_than_input(), [2, 2, 2], IdentityPreLayer: true, new RefPool(false, new(3, PadBefore: 1, PadAfter: 1), new(3, PadBefore: 1, PadAfter: 1))),
        new(nameof(MaxPool2D_w3_s1_p1_window_wider_than_input), () => new MaxPool2D_w3_s1_p1_window_wider_than_input(), [1, 2, 2], IdentityPreLayer: true, new RefPool(true, new(3, PadBefore: 1, PadAfter: 1), new(3, PadBefore: 1, PadAfter: 1))),
        new(nameof(MaxPool1D_w1), () => new MaxPool1D_w1(), [2, 4], IdentityPreLayer: true, new RefPool(true, new(1), new(1))),
    ];
}
