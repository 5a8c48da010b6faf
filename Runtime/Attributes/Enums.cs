namespace StaticNet;

/// <summary>The nonlinearity a layer applies to its weighted sum.</summary>
public enum Activation
{
    /// <summary>f(x) = x.</summary>
    Identity = 0,
    /// <summary>f(x) = 1 / (1 + e^−x); f′ = f(1 − f).</summary>
    Sigmoid = 1,
    /// <summary>f(x) = tanh x; f′ = 1 − f².</summary>
    Tanh = 2,
    /// <summary>f(x) = max(0, x).</summary>
    ReLU = 3,
    /// <summary>f(x) = max(slope·x, x), slope 0.01 unless the layer sets <c>LeakySlope</c>.</summary>
    LeakyReLU = 4,
    /// <summary>Softmax over the layer's units; output layer only.</summary>
    Softmax = 5,
}

/// <summary>The training objective, averaged over the mini-batch.</summary>
public enum LossKind
{
    /// <summary>Mean over the batch of ½‖ŷ − y‖²; its gradient is (ŷ − y) / batch.</summary>
    SquaredError = 0,
    /// <summary>Cross-entropy of softmax(z) against a class label; gradient softmax(z) − onehot(label).</summary>
    SoftmaxCrossEntropy = 1,
    /// <summary>Binary cross-entropy of σ(z) against targets in [0, 1]; gradient σ(z) − y. Needs a sigmoid output.</summary>
    BinaryCrossEntropy = 2,
}

/// <summary>How a layer's weights are drawn. fan_in and fan_out count connections (channels × kernel area for convolutions).</summary>
public enum WeightInit
{
    /// <summary>He normal for the ReLU family, Xavier normal otherwise.</summary>
    Default = 0,
    /// <summary>All zeros. Warned about: every unit in the layer stays identical (symmetry problem).</summary>
    Zeros = 1,
    /// <summary>One constant (<c>InitValue</c>). Warned about: symmetry problem.</summary>
    Constant = 2,
    /// <summary>U(−a, a) with a = <c>InitValue</c>.</summary>
    Uniform = 3,
    /// <summary>N(0, σ²) with σ = <c>InitValue</c>.</summary>
    Normal = 4,
    /// <summary>Xavier/Glorot uniform: U(±√(6 / (fan_in + fan_out))).</summary>
    XavierUniform = 5,
    /// <summary>Xavier/Glorot normal: N(0, 2 / (fan_in + fan_out)).</summary>
    XavierNormal = 6,
    /// <summary>LeCun normal: N(0, 1 / fan_in).</summary>
    LeCunNormal = 7,
    /// <summary>He normal: N(0, 2 / fan_in).</summary>
    HeNormal = 8,
    /// <summary>He uniform: U(±√(6 / fan_in)).</summary>
    HeUniform = 9,
}

/// <summary>The floating-point type of parameters, activations and gradients.</summary>
public enum Precision
{
    /// <summary><see cref="float"/>.</summary>
    Single = 0,
    /// <summary><see cref="double"/>.</summary>
    Double = 1,
}
