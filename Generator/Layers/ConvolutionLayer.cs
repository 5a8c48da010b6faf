using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[Conv2D(out)]</c> on [C, H, W] and <c>[Conv1D(out)]</c> on [C, L] (a 2-D convolution with one row):
/// cross-correlation, Y[o, i, j] = f(b[o] + Σ_{c,u,v} X[c, i·s + u·d − p, j·s + v·d − p]·K[o, c, u, v]),
/// weights [out, in, kh, kw] (PyTorch's layout).
/// Per sample the input is unfolded into a column matrix (im2col: one row per channel and kernel tap,
/// the taps unrolled in the generated code), so the layer is one matrix product:
/// forward Y[out, positions] = K[out, in·kh·kw]·columns; backward ∂K += ∂Y·columnsᵀ, and ∂X is Kᵀ·∂Y folded
/// back onto the input (the transposed convolution, as the notes derive it).
/// </summary>
internal sealed record ConvolutionLayer(
    string KindName, int InChannels, int OutChannels, WindowAxis Rows, WindowAxis Columns, bool HasBias, ActivationRule ActivationRule)
    : Layer
{
    public const string Conv2DName = "Conv2D";
    public const string Conv1DName = "Conv1D";

    public static Layer? CreateConv2D(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics) =>
        Create(Conv2DName, attribute, site, diagnostics);

    public static Layer? CreateConv1D(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics) =>
        Create(Conv1DName, attribute, site, diagnostics);

    private static Layer? Create(string kind, AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string name = site.Name;
        bool twoD = kind == Conv2DName;
        ActivationRule activation = ActivationRule.Read(attribute, site, diagnostics);
        ActivationKind effective = site.Effective(activation);
        InitRule init = InitRule.Read(attribute, site, effective, diagnostics);
        ArgumentSpec? outArgument = attribute.Positional(0);
        int outChannels = outArgument?.Int ?? 0;
        bool valid = true;
        if (outChannels <= 0)
        {
            diagnostics.Add(Descriptors.NonPositiveSize, outArgument?.Location ?? attribute.Location, $"{name}: output channels", outChannels);
            valid = false;
        }

        if (activation.Kind == ActivationKind.Softmax)
        {
            diagnostics.Add(Descriptors.Unsupported, activation.Location, $"{name}: softmax on a convolution", "softmax needs one axis of classes; add [Flatten] and a [Dense] output layer with softmax");
            valid = false;
        }

        int rank = twoD ? 3 : 2;
        if (site.Input.Rank != rank)
        {
            diagnostics.Add(Descriptors.NeedsSpatialInput, attribute.Location, name, twoD ? "[channels, height, width]" : "[channels, length]", site.Input.ToString(), RankFix(twoD, site.Input.Rank));
            return null;
        }

        AxisNames[] names = twoD ? [ConvolutionOptions.Height, ConvolutionOptions.Width] : [ConvolutionOptions.Length];
        int[] sizes = twoD ? [site.Input[1], site.Input[2]] : [site.Input[1]];
        WindowAxis[]? axes = ConvolutionOptions.Read(attribute, name, sizes, names, diagnostics);
        if (axes is null || !valid)
        {
            return null;
        }

        string options = ConvolutionOptions.Describe(axes);
        if (!ConvolutionOptions.CheckCoverage(axes, names, name, site.Input, options, attribute.Location, diagnostics, isPooling: false))
        {
            return null;
        }

        WindowAxis rows = twoD ? axes[0] : new WindowAxis(1, 1, 1, 1, 0, 0);
        WindowAxis columns = axes[axes.Length - 1];
        bool hasBias = attribute.Named("Bias") is not { } bias || bias.Number != 0;
        if (!hasBias && attribute.Named("BiasInit") is { } biasInit)
        {
            diagnostics.Add(Descriptors.OptionWithoutEffect, biasInit.Location, name, "BiasInit", "because Bias = false: the layer has no bias");
        }

        Shape output = twoD ? Shape.Of(outChannels, rows.Output, columns.Output) : Shape.Of(outChannels, columns.Output);
        int[] weightShape = twoD ? [outChannels, site.Input[0], rows.Kernel, columns.Kernel] : [outChannels, site.Input[0], columns.Kernel];
        var tensors = new System.Collections.Generic.List<TensorSpec>
        {
            new("weight", "Weights", weightShape.ToEquatableArray(), Decayed: true, init.Weights($"{name}PatchLength", $"{name}OutChannels * {name}KernelArea", effective), "kernels"),
        };
        if (hasBias)
        {
            tensors.Add(new("bias", "Bias", new[] { outChannels }.ToEquatableArray(), Decayed: false, init.BiasInit, "bias, one per output channel"));
        }

        return new ConvolutionLayer(kind, site.Input[0], outChannels, rows, columns, hasBias, activation)
        {
            Index = site.Index,
            Name = name,
            Key = site.Key,
            Input = site.Input,
            Output = output,
            Location = attribute.Location,
            Parameters = tensors.ToEquatableArray(),
        };
    }

    private static string RankFix(bool twoD, int rank) => (twoD, rank) switch
    {
        (_, 1) => "a convolution cannot follow a flat layer: put it before [Flatten] and [Dense], or declare the input as " + (twoD ? "[Input(channels, height, width)]" : "[Input(channels, length)]"),
        (true, 2) => "for [channels, length] signals use [Conv1D]",
        (false, 3) => "for [channels, height, width] images use [Conv2D]",
        _ => "declare the input with its channels first",
    };

    public override string Kind => KindName;

    public bool IsTwoDimensional => KindName == Conv2DName;

    public override ActivationKind Activation => ActivationRule.Kind;

    public override LocationInfo? ActivationLocation => ActivationRule.Location;

    public override bool IsWeighted => true;

    private int KernelArea => Rows.Kernel * Columns.Kernel;

    private int PatchLength => InChannels * KernelArea;

    public override long ExactParameterCount => Sizes.Sum(Sizes.Product(OutChannels, InChannels, Rows.Kernel, Columns.Kernel), HasBias ? OutChannels : 0);

    public override long WorkspaceLength(int batchCapacity) =>
        Sizes.Product(batchCapacity, InChannels, Rows.Kernel, Columns.Kernel, Rows.Output, Columns.Output);

    private WindowAxis[] Axes => IsTwoDimensional ? [Rows, Columns] : [Columns];

    public override string Describe() =>
        $"{Kind}({InChannels}→{OutChannels}, {ConvolutionOptions.Describe(Axes)}{(HasBias ? "" : ", no bias")}, {ActivationRule.Display})";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const int {Name}InChannels = {EmitContext.Int(InChannels)};");
        writer.Line($"public const int {Name}OutChannels = {EmitContext.Int(OutChannels)};");
        if (IsTwoDimensional)
        {
            writer.Line($"public const int {Name}KernelHeight = {EmitContext.Int(Rows.Kernel)};");
            writer.Line($"public const int {Name}KernelWidth = {EmitContext.Int(Columns.Kernel)};");
        }
        else
        {
            writer.Line($"public const int {Name}KernelLength = {EmitContext.Int(Columns.Kernel)};");
        }

        writer.Line($"private const int {Name}InputLength = {EmitContext.Int(Input.Length)};");
        writer.Line($"private const int {Name}InputArea = {EmitContext.Int(Rows.Size * Columns.Size)};");
        writer.Line($"private const int {Name}OutputArea = {EmitContext.Int(Rows.Output * Columns.Output)};");
        writer.Line($"private const int {Name}KernelArea = {EmitContext.Int(KernelArea)};");
        writer.Comment("One column of the unfolded input: in-channels × kernel taps.");
        writer.Line($"private const int {Name}PatchLength = {Name}InChannels * {Name}KernelArea;");
        writer.Line($"private static readonly PlaneGeometry {Name}Plane = new(Height: {EmitContext.Int(Rows.Size)}, Width: {EmitContext.Int(Columns.Size)}, OutputHeight: {EmitContext.Int(Rows.Output)}, OutputWidth: {EmitContext.Int(Columns.Output)}, StrideHeight: {EmitContext.Int(Rows.Stride)}, StrideWidth: {EmitContext.Int(Columns.Stride)});");
        ActivationRule.EmitConstants(writer, context, Name);
    }

    public override void EmitBuffers(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        writer.Line($"private readonly {t}[] {Field("Columns")} = new {t}[BatchCapacity * {Name}PatchLength * {Name}OutputArea];");
        if (NeedsInputGradient)
        {
            writer.Line($"private readonly {t}[] {Field("ColumnGradient")} = new {t}[{Name}PatchLength * {Name}OutputArea];");
        }
    }

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        string columns = Field("Columns");
        string activation = ActivationFusedWithLoss ? "z" : ActivationRule.Formula("z");
        writer.Summary($"{Name} forward: y = {activation}, z = K ⋆ x + b; {ConvolutionOptions.Describe(Axes)}; [batch, {Input.Compact}] → [batch, {Output.Compact}].");
        using (writer.Block(ForwardSignature(context)))
        {
            using (writer.Block("for (int s = 0; s < batch; s++)"))
            {
                writer.Line($"ReadOnlySpan<{t}> x = input.Slice(s * {Name}InputLength, {Name}InputLength);");
                writer.Line($"Span<{t}> columns = {columns}.AsSpan(s * {Name}PatchLength * {Name}OutputArea, {Name}PatchLength * {Name}OutputArea);");
                writer.Line($"Span<{t}> y = output.Slice(s * {Name}OutputLength, {Name}OutputLength);");
                writer.Comment($"Unfold every {string.Join("×", System.Linq.Enumerable.Select(Axes, a => a.Kernel))} window of x into a column; kept for the backward pass");
                writer.Line($"Gather{Name}(x, columns);");
                writer.Comment($"z = K·columns: [{OutChannels}, {PatchLength}]·[{PatchLength}, {Rows.Output * Columns.Output}], every output position in one product");
                writer.Line($"Gemm.Multiply<{t}>({Tensor("Weights")}, columns, y, {Name}OutChannels, {Name}OutputArea, {Name}PatchLength);");
                if (HasBias)
                {
                    writer.Comment("z += b, one bias per output channel");
                    writer.Line($"Bias.AddToChannels<{t}>(y, {Tensor("Bias")}, {Name}OutputArea);");
                }

                if (!ActivationFusedWithLoss)
                {
                    ActivationRule.EmitForwardOnPlanes(writer, context, Name);
                }
            }

            if (ActivationFusedWithLoss)
            {
                writer.Comment($"y = z for now: training folds {ActivationRule.Kind} into the loss, Forward applies it for inference");
            }
        }
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
        string t = context.T;
        string columns = Field("Columns");
        string columnGradient = Field("ColumnGradient");
        writer.Summary($"{Name} backward: ∂L/∂y → ∂L/∂K{(HasBias ? ", ∂L/∂b" : "")}{(computeInputGradient ? ", ∂L/∂x" : "")}.");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            using (writer.Block("for (int s = 0; s < batch; s++)"))
            {
                ActivationRule.EmitBackwardOnPlanes(writer, context, Name, ActivationFusedWithLoss);
                writer.Line($"ReadOnlySpan<{t}> columns = {columns}.AsSpan(s * {Name}PatchLength * {Name}OutputArea, {Name}PatchLength * {Name}OutputArea);");
                writer.Comment($"∂L/∂K (+)= ∂L/∂z·columnsᵀ: [{OutChannels}, {Rows.Output * Columns.Output}]·[{Rows.Output * Columns.Output}, {PatchLength}], summed over the batch");
                writer.Line($"Gemm.MultiplyTransposed<{t}>(dz, columns, {Gradient("Weights")}, {Name}OutChannels, {Name}PatchLength, {Name}OutputArea, accumulate: s > 0);");
                if (HasBias)
                {
                    writer.Comment("∂L/∂b (+)= Σ over positions of ∂L/∂z, per channel");
                    writer.Line($"Bias.SumChannels<{t}>(dz, {Gradient("Bias")}, {Name}OutputArea, accumulate: s > 0);");
                }

                if (computeInputGradient)
                {
                    writer.Comment($"∂L/∂columns = Kᵀ·∂L/∂z: [{PatchLength}, {OutChannels}]·[{OutChannels}, {Rows.Output * Columns.Output}]");
                    writer.Line($"Gemm.TransposedMultiply<{t}>({Tensor("Weights")}, dz, {columnGradient}, {Name}PatchLength, {Name}OutputArea, {Name}OutChannels);");
                    writer.Comment("∂L/∂x: fold the columns back onto the input (the transposed convolution)");
                    writer.Line($"Span<{t}> dx = inputGradient.Slice(s * {Name}InputLength, {Name}InputLength);");
                    writer.Line($"Scatter{Name}({columnGradient}, dx);");
                }
            }
        }
    }

    public override void EmitHelpers(CodeWriter writer, EmitContext context)
    {
        writer.Line();
        writer.Summary($"{Name}'s im2col: row (c, u, v) of the column matrix holds x[c] at tap (u, v) of every window; zero where the tap falls in the padding.");
        EmitTaps(writer, context, $"private static void Gather{Name}(ReadOnlySpan<{context.T}> x, Span<{context.T}> columns)", "x", "columns", gather: true);
        if (!NeedsInputGradient)
        {
            return;
        }

        writer.Line();
        writer.Summary($"The adjoint of Gather{Name}: each input position of x becomes the sum of the column entries read from it (x is overwritten).");
        EmitTaps(writer, context, $"private static void Scatter{Name}(ReadOnlySpan<{context.T}> columns, Span<{context.T}> x)", "x", "columns", gather: false);
    }

    private void EmitTaps(CodeWriter writer, EmitContext context, string signature, string image, string matrix, bool gather)
    {
        string t = context.T;
        using (writer.Block(signature))
        {
            using (writer.Block($"for (int c = 0; c < {Name}InChannels; c++)"))
            {
                writer.Line($"{(gather ? "ReadOnlySpan" : "Span")}<{t}> plane = {image}.Slice(c * {Name}InputArea, {Name}InputArea);");
                writer.Line($"{(gather ? "Span" : "ReadOnlySpan")}<{t}> rows = {matrix}.Slice(c * {Name}KernelArea * {Name}OutputArea, {Name}KernelArea * {Name}OutputArea);");
                // A gather takes a kernel row's taps in one call (the runtime copies each input row to all of them); the
                // scatter takes the whole kernel (the runtime adds every tap that reaches an input row at once).
                string width = IsTwoDimensional ? $"{Name}KernelWidth" : $"{Name}KernelLength";
                string KernelRow(string taps, string rowOffset) =>
                    $"Convolution.GatherTaps<{t}>(plane, {taps}, {Name}Plane, " +
                    $"rowOffset: {rowOffset}, columnOffset: {EmitContext.Int(-Columns.PadBefore)}, taps: {width}, columnDilation: {EmitContext.Int(Columns.Dilation)});";
                if (IsTwoDimensional && gather)
                {
                    using (writer.Block($"for (int u = 0; u < {Name}KernelHeight; u++)"))
                    {
                        writer.Line(KernelRow($"rows.Slice(u * {Name}KernelWidth * {Name}OutputArea, {Name}KernelWidth * {Name}OutputArea)", Rows.TapOffset("u")));
                    }
                }
                else if (IsTwoDimensional)
                {
                    writer.Line(WindowAxis.ScatterTapsCall(t, $"{Name}Plane", Rows, Columns, $"{Name}KernelHeight", width));
                }
                else if (gather)
                {
                    writer.Line(KernelRow("rows", "0"));
                }
                else
                {
                    // One-dimensional: the row axis is a single row, no padding, no dilation.
                    writer.Line(WindowAxis.ScatterTapsCall(t, $"{Name}Plane", Rows, Columns, "1", width));
                }
            }
        }
    }
}
