using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace StaticNet.Generator.Diagnostics;

/// <summary>
/// Every diagnostic StaticNet reports. Ids are never reused; each has a page in docs/diagnostics and a
/// line in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class Descriptors
{
    private const string Declaration = "StaticNet.Declaration";
    private const string Shape = "StaticNet.Shape";
    private const string Training = "StaticNet.Training";

    /// <summary>The repository's public address, as <c>RepositoryUrl</c> in Directory.Build.props (a test keeps them equal).</summary>
    public const string RepositoryUrl = "https://github.com/staticnet/staticnet";

    /// <summary>Where the pages are, one per id. Absolute, so that the link opens from a user's project.</summary>
    public const string HelpRoot = RepositoryUrl + "/blob/main/docs/diagnostics/";

    private static readonly Dictionary<string, DiagnosticDescriptor> Table = new();

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "SN0001", "Network class must be partial", "'{0}' must be declared partial so StaticNet can generate its other half", Declaration);

    public static readonly DiagnosticDescriptor NoInput = Error(
        "SN0002", "Network declares no input", "Network '{0}' declares no input shape; add [Input(...)], for example [Input(784)]", Declaration);

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "SN0003", "Network declares no layers", "Network '{0}' declares no layers; add at least one, for example [Dense(10)]", Declaration);

    public static readonly DiagnosticDescriptor NonPositiveSize = Error(
        "SN0004", "Size must be positive", "{0} must be greater than 0, but is {1}", Shape);

    public static readonly DiagnosticDescriptor NonPositiveLearningRate = Error(
        "SN0005", "Learning rate must be positive", "The learning rate must be greater than 0, but is {0}", Training);

    public static readonly DiagnosticDescriptor MomentumOutOfRange = Error(
        "SN0006", "Momentum must be in [0, 1)", "Momentum must be in [0, 1), but is {0}; 0 is plain gradient descent and 0.9 is usual", Training);

    public static readonly DiagnosticDescriptor NegativeWeightDecay = Error(
        "SN0007", "Weight decay must not be negative", "Weight decay must be 0 or more, but is {0}", Training);

    public static readonly DiagnosticDescriptor SoftmaxOnHiddenLayer = Error(
        "SN0008", "Softmax is only allowed on the output layer", "{0} uses softmax, which is only allowed on the output layer; use ReLU (or another activation) on hidden layers", Declaration);

    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Error(
        "SN0009", "Loss does not fit the output layer", "{0} does not fit the output layer {1}: {2}", Training);

    public static readonly DiagnosticDescriptor Unsupported = Error(
        "SN0010", "Unsupported declaration", "{0} is not supported: {1}", Declaration);

    public static readonly DiagnosticDescriptor SymmetricInitialization = Warning(
        "SN0011", "Weights start identical (symmetry problem)", "{0} initializes every weight to {1}: all units of the layer get the same gradient and stay identical (symmetry problem); use random initialization such as {2}", Training);

    public static readonly DiagnosticDescriptor InitializationMismatch = Warning(
        "SN0012", "Weight initialization does not match the activation", "{0} uses {1} initialization with {2}; {3} initialization is the one that keeps activation variance constant for {2}", Training);

    public static readonly DiagnosticDescriptor DeepSigmoidStack = Warning(
        "SN0013", "Many sigmoid hidden layers (vanishing gradients)", "{0} sigmoid hidden layers in a row ({1}): saturated sigmoids make gradients vanish in deep stacks; use ReLU in hidden layers", Training);

    public static readonly DiagnosticDescriptor SquaredErrorOnClassifier = Warning(
        "SN0014", "Squared error on a classifier output (flat regions)", "Squared error on a {0} output has flat regions where learning stalls; use {1}", Training);

    public static readonly DiagnosticDescriptor MissingAttribute = Error(
        "SN0015", "Required attribute missing", "Network '{0}' declares no {1}; add one, for example {2}", Declaration);

    public static readonly DiagnosticDescriptor DuplicateAttribute = Error(
        "SN0016", "Attribute declared twice", "[{0}] is declared more than once on '{1}'; keep one", Declaration);

    public static readonly DiagnosticDescriptor LeakySlopeOutOfRange = Error(
        "SN0017", "Leaky ReLU slope must be in [0, 1)", "{0}: LeakySlope must be in [0, 1), but is {1}", Declaration);

    public static readonly DiagnosticDescriptor InvalidInitValue = Error(
        "SN0018", "Initializer parameter out of range", "{0}: {1} initialization needs InitValue greater than 0 ({2}), but it is {3}", Declaration);

    public static readonly DiagnosticDescriptor InternalError = Error(
        "SN0019", "StaticNet generator failed", "StaticNet could not generate '{0}': {1}; please report this with the declaration", Declaration);

    public static readonly DiagnosticDescriptor NeedsFlatInput = Error(
        "SN0020", "Layer needs a flat input", "{0} needs a flat input, but its input has shape {1}; add [Flatten] before [{2}]", Shape);

    public static readonly DiagnosticDescriptor OutputSizeNotPositive = Error(
        "SN0021", "Layer leaves no output", "{0}: input {1} with {2} gives an output size of {3}; use a smaller kernel, dilation or stride, or more padding", Shape);

    public static readonly DiagnosticDescriptor UnusedInput = Warning(
        "SN0022", "Stride or pooling leaves input unused", "{0}: input {1} with {2} never reads {3} of the input (PyTorch drops them silently); change the padding, stride or input size so the windows cover it", Shape);

    public static readonly DiagnosticDescriptor NeedsSpatialInput = Error(
        "SN0023", "Layer needs a spatial input", "{0} needs a {1} input, but its input has shape {2}; {3}", Shape);

    public static readonly DiagnosticDescriptor StrideOutOfRange = Error(
        "SN0024", "Stride must be at least 1", "{0}: {1} must be 1 or more, but is {2}", Shape);

    public static readonly DiagnosticDescriptor DilationOutOfRange = Error(
        "SN0025", "Dilation must be at least 1", "{0}: Dilation must be 1 or more, but is {1}", Shape);

    public static readonly DiagnosticDescriptor NegativePadding = Error(
        "SN0026", "Padding must not be negative", "{0}: {1} must be 0 or more, but is {2}", Shape);

    public static readonly DiagnosticDescriptor PoolingPaddingTooLarge = Error(
        "SN0027", "Pooling padding over half the window", "{0}: padding {1} is more than half the window {2}, so a window could lie entirely in padding; use padding of at most {3}", Shape);

    public static readonly DiagnosticDescriptor PaddingCoversKernel = Warning(
        "SN0028", "Padding not smaller than the kernel", "{0}: padding {1} is not smaller than the kernel's extent {2}, so border outputs see only padding; use padding below {2}", Shape);

    public static readonly DiagnosticDescriptor InvalidBlocks = Error(
        "SN0029", "Pooling blocks do not partition the input", "{0}: blocks {1} must be positive sizes adding up to the input's {2} {3}, but they add up to {4}", Shape);

    public static readonly DiagnosticDescriptor SamePaddingNeedsStrideOne = Error(
        "SN0030", "Same padding needs stride 1", "{0}: SamePadding keeps the size only with stride 1, but the stride is {1}; give the padding explicitly", Shape);

    public static readonly DiagnosticDescriptor OutputPaddingOutOfRange = Error(
        "SN0031", "Output padding must be less than the stride", "{0}: OutputPadding must be 0 or more and less than the stride {1}, but is {2}", Shape);

    public static readonly DiagnosticDescriptor InvalidLayerName = Error(
        "SN0032", "Invalid layer name", "'{0}' is not a valid layer name: {1}", Declaration);

    public static readonly DiagnosticDescriptor DuplicateLayerName = Error(
        "SN0033", "Duplicate layer name", "{0}: the name '{1}' is already used by an earlier layer{2}; give each layer its own name", Declaration);

    public static readonly DiagnosticDescriptor DropoutRateOutOfRange = Error(
        "SN0034", "Dropout rate must be in [0, 1)", "{0}: the dropout rate must be in [0, 1), but is {1}; it is the probability of dropping a unit (the notes' keep probability π is 1 − rate)", Training);

    public static readonly DiagnosticDescriptor LayerAfterOutput = Error(
        "SN0035", "Layer after the output layer", "{0} comes after the last layer with weights: {1}; move it before a [Dense] or convolution", Declaration);

    public static readonly DiagnosticDescriptor BatchNormNeedsTwoSamples = Warning(
        "SN0036", "Batch norm with BatchCapacity 1", "{0} needs at least two samples per training step to estimate a variance, but BatchCapacity is 1, so TrainStep cannot run; raise BatchCapacity", Training);

    public static readonly DiagnosticDescriptor BatchNormOptionOutOfRange = Error(
        "SN0037", "Batch norm option out of range", "{0}: {1} must be {2}, but is {3}", Training);

    public static readonly DiagnosticDescriptor OptimizerOptionOutOfRange = Error(
        "SN0038", "Optimizer option out of range", "[{0}]: {1} must be {2}, but is {3}", Training);

    public static readonly DiagnosticDescriptor SeveralOptimizers = Error(
        "SN0039", "More than one optimizer", "'{0}' declares more than one optimizer ([{1}] and [{2}]); a network trains with exactly one, so keep one", Declaration);

    public static readonly DiagnosticDescriptor MemberClash = Error(
        "SN0040", "Member clashes with a generated member", "The {0} '{1}' clashes with {2} in the code StaticNet generates for '{3}'; {4}", Declaration);

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error(
        "SN0041", "C# version too old for the generated code", "StaticNet's generated code needs C# {0} or later, but the project compiles with C# {1}; set <LangVersion>{0}</LangVersion> or later (no network gets code until then)", Declaration);

    public static readonly DiagnosticDescriptor ValueChangesInSinglePrecision = Error(
        "SN0042", "Value does not survive single precision", "{0}: {1} = {2} becomes {3} as a float{4}; declare a value a float holds, or [Network(Precision = Precision.Double)]", Training);

    public static readonly DiagnosticDescriptor ConflictingOptions = Warning(
        "SN0043", "Two options set the same thing", "{0}: {1} and {2} both set the {3}; {4} is used, so declare only one of them", Declaration);

    public static readonly DiagnosticDescriptor OptionWithoutEffect = Warning(
        "SN0044", "Option has no effect", "{0}: {1} has no effect {2}; remove it", Declaration);

    public static readonly DiagnosticDescriptor AttributesWithoutNetwork = Warning(
        "SN0045", "StaticNet attributes on a class without [Network]", "'{0}' has StaticNet attributes ({1}) but no [Network], so nothing is generated for it; add [Network] or remove them", Declaration);

    public static readonly DiagnosticDescriptor NetworkTooLarge = Error(
        "SN0046", "Network too large", "{0} needs {1} values {2}, more than the {3} StaticNet allows; use smaller sizes or a smaller BatchCapacity", Shape);

    public static DiagnosticDescriptor ById(string id) => Table[id];

    public static IEnumerable<DiagnosticDescriptor> All => Table.Values;

    private static DiagnosticDescriptor Error(string id, string title, string message, string category) =>
        Create(id, title, message, category, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message, string category) =>
        Create(id, title, message, category, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity)
    {
        var descriptor = new DiagnosticDescriptor(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");
        Table.Add(id, descriptor);
        return descriptor;
    }
}
