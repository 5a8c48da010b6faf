namespace StaticNet.CodeFixes;

/// <summary>
/// The runtime's enums (Runtime/Attributes/Enums.cs) as this assembly reads and writes them: it cannot reference the
/// runtime, which targets net10.0. A test keeps names and values equal to the runtime's.
/// </summary>
internal enum ActivationKind
{
    Identity = 0,
    Sigmoid = 1,
    Tanh = 2,
    ReLU = 3,
    LeakyReLU = 4,
    Softmax = 5,
}

/// <inheritdoc cref="ActivationKind"/>
internal enum LossKind
{
    SquaredError = 0,
    SoftmaxCrossEntropy = 1,
    BinaryCrossEntropy = 2,
}

/// <inheritdoc cref="ActivationKind"/>
internal enum WeightInitKind
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

/// <summary>The runtime's type names and what the course notes say about each scheme.</summary>
internal static class RuntimeNames
{
    public const string Namespace = "StaticNet";
    public const string Activation = "Activation";
    public const string LossKind = "LossKind";
    public const string WeightInit = "WeightInit";

    public static bool IsReLUFamily(ActivationKind activation) => activation is ActivationKind.ReLU or ActivationKind.LeakyReLU;

    /// <summary>
    /// The scheme that keeps the activation variance constant for <paramref name="activation"/> (He for the ReLU family,
    /// Xavier otherwise, as the generator's default and its SN0011/SN0012 messages say), uniform if
    /// <paramref name="current"/> draws from a uniform distribution, normal otherwise.
    /// </summary>
    public static WeightInitKind MatchingInitialization(ActivationKind activation, WeightInitKind current)
    {
        bool uniform = current is WeightInitKind.Uniform or WeightInitKind.XavierUniform or WeightInitKind.HeUniform;
        return IsReLUFamily(activation)
            ? uniform ? WeightInitKind.HeUniform : WeightInitKind.HeNormal
            : uniform ? WeightInitKind.XavierUniform : WeightInitKind.XavierNormal;
    }

    /// <summary>Whether the generator warns (SN0012) about <paramref name="init"/> on units ending in <paramref name="activation"/>.</summary>
    public static bool Mismatches(WeightInitKind init, ActivationKind activation) => init switch
    {
        WeightInitKind.XavierUniform or WeightInitKind.XavierNormal => IsReLUFamily(activation),
        WeightInitKind.HeNormal or WeightInitKind.HeUniform => activation is ActivationKind.Sigmoid or ActivationKind.Tanh,
        _ => false,
    };

    public static string Display(WeightInitKind init) => init switch
    {
        WeightInitKind.XavierUniform => "Xavier uniform",
        WeightInitKind.XavierNormal => "Xavier normal",
        WeightInitKind.HeNormal => "He normal",
        WeightInitKind.HeUniform => "He uniform",
        WeightInitKind.LeCunNormal => "LeCun normal",
        _ => init.ToString(),
    };
}
