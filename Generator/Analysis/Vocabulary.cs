namespace StaticNet.Generator.Analysis;

// Mirrors of the runtime's public enums (StaticNet.Activation, LossKind, Init, Precision). The generator
// cannot reference the runtime (netstandard2.0 vs net10.0), so the numeric values must stay in step;
// Generator.Tests checks that they do.

internal enum ActivationKind
{
    Identity = 0,
    Sigmoid = 1,
    Tanh = 2,
    ReLU = 3,
    LeakyReLU = 4,
    Softmax = 5,
}

internal enum LossKind
{
    SquaredError = 0,
    SoftmaxCrossEntropy = 1,
    BinaryCrossEntropy = 2,
}

internal enum InitKind
{
    Default = 0,
    Zeros = 1,
    Constant = 2,
    Uniform = 3,
    Normal = 4,
    XavierUniform = 5,
    XavierNormal = 6,
    LeCunNormal = 7,
    HeNormal = 8,
    HeUniform = 9,
}

internal enum PrecisionKind
{
    Single = 0,
    Double = 1,
}
