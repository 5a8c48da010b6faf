namespace StaticNet.CodeFixes;

/// <summary>
/// The ids of StaticNet.Generator's diagnostics that have a fix here (Generator/Diagnostics/Descriptors.cs). The
/// generator reports them; a fix attaches to any diagnostic with its id in the document, as with an analyzer's.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>Network class must be partial.</summary>
    public const string NotPartial = "SN0001";

    /// <summary>Weights start identical (symmetry problem).</summary>
    public const string SymmetricInitialization = "SN0011";

    /// <summary>Weight initialization does not match the activation.</summary>
    public const string InitializationMismatch = "SN0012";

    /// <summary>Many sigmoid hidden layers (vanishing gradients).</summary>
    public const string DeepSigmoidStack = "SN0013";

    /// <summary>Squared error on a classifier output (flat regions).</summary>
    public const string SquaredErrorOnClassifier = "SN0014";

    /// <summary>Layer needs a flat input.</summary>
    public const string NeedsFlatInput = "SN0020";
}
