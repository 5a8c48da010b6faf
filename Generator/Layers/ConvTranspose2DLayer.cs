using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[ConvTranspose2D(out)]</c>: the adjoint of a Conv2D with the same kernel, stride, padding and
/// dilation, so with stride 2 it upsamples. Output size (H − 1)·s − 2p + d(k − 1) + output_padding + 1.
/// Weights [in, out, kh, kw] (PyTorch's layout). Its forward is the convolution's input-gradient
/// computation: columns = Kᵀ·x, folded onto the output; its backward is that convolution's forward.
/// Fan-in and fan-out follow the convolution rule: in·kh·kw and out·kh·kw.
/// </summary>
internal sealed record ConvTranspose2DLayer(
    int InChannels, int OutChannels, WindowAxis Rows, WindowAxis Columns, int OutputPadding, bool HasBias, ActivationRule ActivationRule)
    : Layer
{
    public const string AttributeName = "ConvTranspose2D";

    public static Layer? Create(AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string name = site.Name;
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

        if (site.Input.Rank != 3)
        {
            diagnostics.Add(Descriptors.NeedsSpatialInput, attribute.Location, name, "[channels, height, width]", site.Input.ToString(),
                site.Input.Rank == 1 ? "a convolution cannot follow a flat layer: put it before [Flatten] and [Dense], or declare the input as [Input(channels, height, width)]" : "declare the input as [Input(channels, height, width)]");
            return null;
        }

        // The options are those of the convolution this layer is the adjoint of; its input is our output.
        AxisNames[] names = [ConvolutionOptions.Height, ConvolutionOptions.Width];
        WindowAxis[]? axes = ConvolutionOptions.Read(attribute, name, [0, 0], names, diagnostics);
        ArgumentSpec? outputPaddingArgument = attribute.Named("OutputPadding");
        int outputPadding = outputPaddingArgument?.Int ?? 0;
        if (axes is null || !valid)
        {
            return null;
        }

        if (outputPadding < 0 || outputPadding >= axes[0].Stride)
        {
            diagnostics.Add(Descriptors.OutputPaddingOutOfRange, outputPaddingArgument?.Location, name, axes[0].Stride, outputPadding);
            return null;
        }

        var sized = new WindowAxis[2];
        for (int a = 0; a < 2; a++)
        {
            WindowAxis axis = axes[a];
            // In long: a large stride or kernel must end in the size check, not in an overflowed shape.
            int output = Sizes.Clamp(((long)(site.Input[a + 1] - 1) * axis.Stride) - axis.PadBefore - axis.PadAfter + axis.Extent - 1 + outputPadding + 1);
            if (output <= 0)
            {
                diagnostics.Add(Descriptors.OutputSizeNotPositive, attribute.Location, name, site.Input.ToString(), ConvolutionOptions.Describe(axes), output);
                return null;
            }

            sized[a] = axis with { Size = output };
        }

        bool hasBias = attribute.Named("Bias") is not { } bias || bias.Number != 0;
        if (!hasBias && attribute.Named("BiasInit") is { } biasInit)
        {
            diagnostics.Add(Descriptors.OptionWithoutEffect, biasInit.Location, name, "BiasInit", "because Bias = false: the layer has no bias");
        }

        var tensors = new System.Collections.Generic.List<TensorSpec>
        {
            new("weight", "Weights", new[] { site.Input[0], outChannels, sized[0].Kernel, sized[1].Kernel }.ToEquatableArray(), Decayed: true, init.Weights($"{name}InChannels * {name}KernelArea", $"{name}PatchLength", effective), "kernels"),
        };
        if (hasBias)
        {
            tensors.Add(new("bias", "Bias", new[] { outChannels }.ToEquatableArray(), Decayed: false, init.BiasInit, "bias, one per output channel"));
        }

        return new ConvTranspose2DLayer(site.Input[0], outChannels, sized[0], sized[1], outputPadding, hasBias, activation)
        {
            Index = site.Index,
            Name = name,
            Key = site.Key,
            Input = site.Input,
            Output = Shape.Of(outChannels, sized[0].Size, sized[1].Size),
            Location = attribute.Location,
            Parameters = tensors.ToEquatableArray(),
        };
    }

    public override string Kind => AttributeName;

    public override ActivationKind Activation => ActivationRule.Kind;

    public override LocationInfo? ActivationLocation => ActivationRule.Location;

    public override bool IsWeighted => true;

    private int KernelArea => Rows.Kernel * Columns.Kernel;

    /// <summary>Rows of the column matrix: out-channels × kernel taps.</summary>
    private int PatchLength => OutChannels * KernelArea;

    private int InputArea => Input[1] * Input[2];

    public override long ExactParameterCount => Sizes.Sum(Sizes.Product(InChannels, OutChannels, Rows.Kernel, Columns.Kernel), HasBias ? OutChannels : 0);

    public override long WorkspaceLength(int batchCapacity) =>
        Sizes.Product(OutChannels, Rows.Kernel, Columns.Kernel, Input[1], Input[2]);

    private string Options => ConvolutionOptions.Describe([Rows, Columns]) + (OutputPadding > 0 ? ", output padding " + OutputPadding : "");

    public override string Describe() => $"{Kind}({InChannels}→{OutChannels}, {Options}{(HasBias ? "" : ", no bias")}, {ActivationRule.Display})";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const int {Name}InChannels = {EmitContext.Int(InChannels)};");
        writer.Line($"public const int {Name}OutChannels = {EmitContext.Int(OutChannels)};");
        writer.Line($"public const int {Name}KernelHeight = {EmitContext.Int(Rows.Kernel)};");
        writer.Line($"public const int {Name}KernelWidth = {EmitContext.Int(Columns.Kernel)};");
        writer.Line($"private const int {Name}InputLength = {EmitContext.Int(Input.Length)};");
        writer.Line($"private const int {Name}InputArea = {EmitContext.Int(InputArea)};");
        writer.Line($"private const int {Name}OutputArea = {EmitContext.Int(Rows.Size * Columns.Size)};");
        writer.Line($"private const int {Name}KernelArea = {EmitContext.Int(KernelArea)};");
        writer.Comment("One column of the matrix folded onto the output: out-channels × kernel taps.");
        writer.Line($"private const int {Name}PatchLength = {Name}OutChannels * {Name}KernelArea;");
        writer.Comment("The plane of the convolution this layer is the adjoint of: its input is our output, its windows are our input positions.");
        writer.Line($"private static readonly PlaneGeometry {Name}Plane = new(Height: {EmitContext.Int(Rows.Size)}, Width: {EmitContext.Int(Columns.Size)}, OutputHeight: {EmitContext.Int(Input[1])}, OutputWidth: {EmitContext.Int(Input[2])}, StrideHeight: {EmitContext.Int(Rows.Stride)}, StrideWidth: {EmitContext.Int(Columns.Stride)});");
        ActivationRule.EmitConstants(writer, context, Name);
    }

    public override void EmitBuffers(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        writer.Line($"private readonly {t}[] {Field("Columns")} = new {t}[{Name}PatchLength * {Name}InputArea];");
    }

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        string columns = Field("Columns");
        string activation = ActivationFusedWithLoss ? "z" : ActivationRule.Formula("z");
        writer.Summary($"{Name} forward: y = {activation}, z = Kᵀ ⋆ x + b (transposed convolution); {Options}; [batch, {Input.Compact}] → [batch, {Output.Compact}].");
        using (writer.Block(ForwardSignature(context)))
        {
            using (writer.Block("for (int s = 0; s < batch; s++)"))
            {
                writer.Line($"ReadOnlySpan<{t}> x = input.Slice(s * {Name}InputLength, {Name}InputLength);");
                writer.Line($"Span<{t}> y = output.Slice(s * {Name}OutputLength, {Name}OutputLength);");
                writer.Comment($"columns = Kᵀ·x: [{PatchLength}, {InChannels}]·[{InChannels}, {InputArea}]");
                writer.Line($"Gemm.TransposedMultiply<{t}>({Tensor("Weights")}, x, {columns}, {Name}PatchLength, {Name}InputArea, {Name}InChannels);");
                writer.Comment("Fold the columns onto the output: each input position spreads its kernel-weighted values");
                writer.Line($"Scatter{Name}({columns}, y);");
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
        writer.Summary($"{Name} backward: ∂L/∂y → ∂L/∂K{(HasBias ? ", ∂L/∂b" : "")}{(computeInputGradient ? ", ∂L/∂x" : "")} (the convolution's forward pass).");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            using (writer.Block("for (int s = 0; s < batch; s++)"))
            {
                writer.Line($"ReadOnlySpan<{t}> x = input.Slice(s * {Name}InputLength, {Name}InputLength);");
                ActivationRule.EmitBackwardOnPlanes(writer, context, Name, ActivationFusedWithLoss);
                writer.Comment("Unfold ∂L/∂z into columns, one per input position");
                writer.Line($"Gather{Name}(dz, {columns});");
                writer.Comment($"∂L/∂K (+)= x·columnsᵀ: [{InChannels}, {InputArea}]·[{InputArea}, {PatchLength}], summed over the batch");
                writer.Line($"Gemm.MultiplyTransposed<{t}>(x, {columns}, {Gradient("Weights")}, {Name}InChannels, {Name}PatchLength, {Name}InputArea, accumulate: s > 0);");
                if (HasBias)
                {
                    writer.Comment("∂L/∂b (+)= Σ over positions of ∂L/∂z, per channel");
                    writer.Line($"Bias.SumChannels<{t}>(dz, {Gradient("Bias")}, {Name}OutputArea, accumulate: s > 0);");
                }

                if (computeInputGradient)
                {
                    writer.Comment($"∂L/∂x = K·columns: [{InChannels}, {PatchLength}]·[{PatchLength}, {InputArea}]");
                    writer.Line($"Gemm.Multiply<{t}>({Tensor("Weights")}, {columns}, inputGradient.Slice(s * {Name}InputLength, {Name}InputLength), {Name}InChannels, {Name}InputArea, {Name}PatchLength);");
                }
            }
        }
    }

    public override void EmitHelpers(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        writer.Line();
        writer.Summary($"Unfolds {Name}'s output-shaped image: row (c, u, v) holds image[c] at tap (u, v) of the window of every input position.");
        EmitTaps(writer, $"private static void Gather{Name}(ReadOnlySpan<{t}> image, Span<{t}> columns)", t, gather: true);
        writer.Line();
        writer.Summary($"The adjoint of Gather{Name}: each output position of image becomes the sum of the column entries whose tap lands on it (image is overwritten).");
        EmitTaps(writer, $"private static void Scatter{Name}(ReadOnlySpan<{t}> columns, Span<{t}> image)", t, gather: false);
    }

    private void EmitTaps(CodeWriter writer, string signature, string t, bool gather)
    {
        using (writer.Block(signature))
        using (writer.Block($"for (int c = 0; c < {Name}OutChannels; c++)"))
        {
            writer.Line($"{(gather ? "ReadOnlySpan" : "Span")}<{t}> plane = image.Slice(c * {Name}OutputArea, {Name}OutputArea);");
            writer.Line($"{(gather ? "Span" : "ReadOnlySpan")}<{t}> rows = columns.Slice(c * {Name}KernelArea * {Name}InputArea, {Name}KernelArea * {Name}InputArea);");
            if (!gather)
            {
                // The whole kernel at once: the runtime adds every tap that lands on an output row together.
                writer.Line(WindowAxis.ScatterTapsCall(t, $"{Name}Plane", Rows, Columns, $"{Name}KernelHeight", $"{Name}KernelWidth"));
                return;
            }

            using (writer.Block($"for (int u = 0; u < {Name}KernelHeight; u++)"))
            using (writer.Block($"for (int v = 0; v < {Name}KernelWidth; v++)"))
            {
                string tap = $"((u * {Name}KernelWidth) + v)";
                writer.Line($"Convolution.GatherTap<{t}>(plane, rows.Slice({tap} * {Name}InputArea, {Name}InputArea), {Name}Plane, rowOffset: {Rows.TapOffset("u")}, columnOffset: {Columns.TapOffset("v")});");
            }
        }
    }
}
