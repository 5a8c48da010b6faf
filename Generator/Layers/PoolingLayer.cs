using System.Linq;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// <c>[MaxPool2D]</c>, <c>[AvgPool2D]</c> on [C, H, W] and <c>[MaxPool1D]</c>, <c>[AvgPool1D]</c> on [C, L]:
/// each channel is partitioned into blocks and each block reduced to its max or mean. Blocks are either
/// windows with a stride (non-overlapping by default) or, as the course notes define pooling, an explicit
/// partition into consecutive blocks of given sizes, uneven ones included. The max's gradient goes to its
/// arg-max; the mean's is spread evenly. One kernel call covers the whole batch.
/// </summary>
internal sealed record PoolingLayer(
    string KindName, bool IsMax, int Channels, WindowAxis Rows, WindowAxis Columns, EquatableArray<int> RowBounds, EquatableArray<int> ColumnBounds)
    : Layer
{
    public static Layer? CreateMax2D(AttributeSpec a, LayerSite s, DiagnosticBag d) => Create("MaxPool2D", true, true, a, s, d);

    public static Layer? CreateAvg2D(AttributeSpec a, LayerSite s, DiagnosticBag d) => Create("AvgPool2D", false, true, a, s, d);

    public static Layer? CreateMax1D(AttributeSpec a, LayerSite s, DiagnosticBag d) => Create("MaxPool1D", true, false, a, s, d);

    public static Layer? CreateAvg1D(AttributeSpec a, LayerSite s, DiagnosticBag d) => Create("AvgPool1D", false, false, a, s, d);

    private static Layer? Create(string kind, bool isMax, bool twoD, AttributeSpec attribute, LayerSite site, DiagnosticBag diagnostics)
    {
        string name = site.Name;
        int rank = twoD ? 3 : 2;
        if (site.Input.Rank != rank)
        {
            string fix = site.Input.Rank == 1
                ? "pooling cannot follow a flat layer: put it before [Flatten] and [Dense]"
                : twoD ? $"for [channels, length] signals use [{kind.Replace("2D", "1D")}]" : $"for [channels, height, width] images use [{kind.Replace("1D", "2D")}]";
            diagnostics.Add(Descriptors.NeedsSpatialInput, attribute.Location, name, twoD ? "[channels, height, width]" : "[channels, length]", site.Input.ToString(), fix);
            return null;
        }

        int height = twoD ? site.Input[1] : 1;
        int width = site.Input[rank - 1];
        ArgumentSpec? rowBlocks = twoD ? attribute.Named("RowBlocks") : null;
        ArgumentSpec? columnBlocks = attribute.Named(twoD ? "ColumnBlocks" : "Blocks");
        ArgumentSpec? windowArgument = attribute.Positional(0);
        int window = windowArgument?.Int ?? 0;

        PoolingLayer Make(WindowAxis rows, WindowAxis columns, EquatableArray<int> rowBounds, EquatableArray<int> columnBounds, Shape output) =>
            new(kind, isMax, site.Input[0], rows, columns, rowBounds, columnBounds)
            {
                Index = site.Index,
                Name = name,
                Key = site.Key,
                Input = site.Input,
                Output = output,
                Location = attribute.Location,
            };

        if (rowBlocks is not null || columnBlocks is not null)
        {
            if (window != 0 || attribute.Named("Stride") is not null || attribute.Named("Padding") is not null)
            {
                diagnostics.Add(Descriptors.Unsupported, attribute.Location, $"{name}: blocks together with a window, stride or padding", "a partition defines every block itself; remove the window options");
                return null;
            }

            if (twoD && (rowBlocks is null || columnBlocks is null))
            {
                diagnostics.Add(Descriptors.Unsupported, (rowBlocks ?? columnBlocks)!.Location, $"{name}: only one of RowBlocks and ColumnBlocks", "give both, so every position of the image is in exactly one block");
                return null;
            }

            EquatableArray<int>? rowBounds = twoD ? Bounds(rowBlocks!, name, "height", height, diagnostics) : new[] { 0, 1 }.ToEquatableArray();
            EquatableArray<int>? columnBounds = Bounds(columnBlocks!, name, twoD ? "width" : "length", width, diagnostics);
            if (rowBounds is null || columnBounds is null)
            {
                return null;
            }

            int outRows = rowBounds.Value.Count - 1, outColumns = columnBounds.Value.Count - 1;
            var trivial = new WindowAxis(1, 1, 1, 1, 0, 0);
            return Make(trivial with { Size = height }, trivial with { Size = width }, rowBounds.Value, columnBounds.Value,
                twoD ? Shape.Of(site.Input[0], outRows, outColumns) : Shape.Of(site.Input[0], outColumns));
        }

        if (window <= 0)
        {
            diagnostics.Add(Descriptors.NonPositiveSize, windowArgument?.Location ?? attribute.Location, $"{name}: window", window);
            return null;
        }

        ArgumentSpec? strideArgument = attribute.Named("Stride");
        int stride = strideArgument?.Int ?? window;
        if (stride < 1)
        {
            diagnostics.Add(Descriptors.StrideOutOfRange, strideArgument?.Location, name, "Stride", stride);
            return null;
        }

        ArgumentSpec? paddingArgument = attribute.Named("Padding");
        int padding = paddingArgument?.Int ?? 0;
        if (padding < 0)
        {
            diagnostics.Add(Descriptors.NegativePadding, paddingArgument?.Location, name, "Padding", padding);
            return null;
        }

        if ((long)padding * 2 > window)
        {
            diagnostics.Add(Descriptors.PoolingPaddingTooLarge, paddingArgument?.Location, name, padding, window, window / 2);
            return null;
        }

        var columnAxis = new WindowAxis(width, window, stride, 1, padding, padding);
        WindowAxis rowAxis = twoD ? columnAxis with { Size = height } : new WindowAxis(1, 1, 1, 1, 0, 0);
        WindowAxis[] axes = twoD ? [rowAxis, columnAxis] : [columnAxis];
        AxisNames[] names = twoD ? [ConvolutionOptions.Height, ConvolutionOptions.Width] : [ConvolutionOptions.Length];
        if (!ConvolutionOptions.CheckCoverage(axes, names, name, site.Input, ConvolutionOptions.Describe(axes, "window"), attribute.Location, diagnostics, isPooling: true))
        {
            return null;
        }

        return Make(rowAxis, columnAxis, EquatableArray<int>.Empty, EquatableArray<int>.Empty,
            twoD ? Shape.Of(site.Input[0], rowAxis.Output, columnAxis.Output) : Shape.Of(site.Input[0], columnAxis.Output));
    }

    /// <summary>Block sizes to boundaries 0 = b₀ &lt; b₁ &lt; … = size, or null with SN0029.</summary>
    private static EquatableArray<int>? Bounds(ArgumentSpec blocks, string name, string axis, int size, DiagnosticBag diagnostics)
    {
        int[] sizes = blocks.Items.Select(v => (int)v).ToArray();
        long sum = sizes.Sum(b => (long)b);
        if (sizes.Length == 0 || sizes.Any(b => b <= 0) || sum != size)
        {
            diagnostics.Add(Descriptors.InvalidBlocks, blocks.Location, name, "{ " + string.Join(", ", sizes) + " }", axis, size, sum);
            return null;
        }

        var bounds = new int[sizes.Length + 1];
        for (int i = 0; i < sizes.Length; i++)
        {
            bounds[i + 1] = bounds[i] + sizes[i];
        }

        return bounds.ToEquatableArray();
    }

    public override string Kind => KindName;

    private bool IsPartition => ColumnBounds.Count > 0;

    private bool IsTwoDimensional => Input.Rank == 3;

    private string Reduction => IsMax ? "max" : "mean";

    private string Options => IsPartition
        ? "blocks " + (IsTwoDimensional ? "rows {" + string.Join(", ", Sizes(RowBounds)) + "} × columns {" + string.Join(", ", Sizes(ColumnBounds)) + "}" : "{" + string.Join(", ", Sizes(ColumnBounds)) + "}")
        : ConvolutionOptions.Describe(IsTwoDimensional ? [Rows, Columns] : [Columns], "window");

    private static System.Collections.Generic.IEnumerable<int> Sizes(EquatableArray<int> bounds) =>
        Enumerable.Range(0, bounds.Count - 1).Select(i => bounds[i + 1] - bounds[i]);

    public override string Describe() => $"{Kind}({Options})";

    public override void EmitConstants(CodeWriter writer, EmitContext context)
    {
        writer.Line($"public const int {Name}Channels = {EmitContext.Int(Channels)};");
        writer.Line($"private const int {Name}InputLength = {EmitContext.Int(Input.Length)};");
        if (IsPartition)
        {
            writer.Line($"private const int {Name}InputHeight = {EmitContext.Int(Rows.Size)};");
            writer.Line($"private const int {Name}InputWidth = {EmitContext.Int(Columns.Size)};");
            writer.Comment("Block boundaries: block r covers [bounds[r], bounds[r + 1]).");
            // Constant data, not an allocation: the compiler reads a ReadOnlySpan of a constant array from the assembly.
            writer.Line($"private static ReadOnlySpan<int> {Name}RowBounds => new int[] {{ {string.Join(", ", RowBounds)} }};");
            writer.Line($"private static ReadOnlySpan<int> {Name}ColumnBounds => new int[] {{ {string.Join(", ", ColumnBounds)} }};");
        }
        else
        {
            writer.Line($"private static readonly PoolGeometry {Name}Geometry = new(Height: {EmitContext.Int(Rows.Size)}, Width: {EmitContext.Int(Columns.Size)}, OutputHeight: {EmitContext.Int(Rows.Output)}, OutputWidth: {EmitContext.Int(Columns.Output)}, WindowHeight: {EmitContext.Int(Rows.Kernel)}, WindowWidth: {EmitContext.Int(Columns.Kernel)}, StrideHeight: {EmitContext.Int(Rows.Stride)}, StrideWidth: {EmitContext.Int(Columns.Stride)}, PaddingTop: {EmitContext.Int(Rows.PadBefore)}, PaddingLeft: {EmitContext.Int(Columns.PadBefore)});");
        }
    }

    public override void EmitBuffers(CodeWriter writer, EmitContext context)
    {
        if (IsMax)
        {
            writer.Line($"private readonly int[] {ArgMax} = new int[BatchCapacity * {Name}OutputLength];");
        }
    }

    private string ArgMax => Field("ArgMax");

    /// <summary>
    /// Max pooling (over windows) records where each max came from only in training, for the backward pass; inference
    /// takes the maxima alone.
    /// </summary>
    public override bool HasTrainingMode => IsMax && !IsPartition;

    public override void EmitForward(CodeWriter writer, EmitContext context)
    {
        string t = context.T;
        writer.Summary($"{Name} forward: the {Reduction} of each block, {Options}; [batch, {Input.Compact}] → [batch, {Output.Compact}].{(IsMax ? $" Remembers where each max came from{(HasTrainingMode ? " in training" : "")}." : "")}");
        using (writer.Block(ForwardSignature(context)))
        {
            string x = $"input[..(batch * {Name}InputLength)]";
            string y = $"output[..(batch * {Name}OutputLength)]";
            string planes = $"batch * {Name}Channels";
            string argMax = $"{ArgMax}.AsSpan(0, batch * {Name}OutputLength)";
            string geometry = IsPartition
                ? $"{Name}InputHeight, {Name}InputWidth, {Name}RowBounds, {Name}ColumnBounds"
                : $"{Name}Geometry";
            if (HasTrainingMode)
            {
                using (writer.Block("if (training)"))
                {
                    writer.Line($"Pooling.MaxForward<{t}>({x}, {y}, {argMax}, {planes}, {geometry});");
                }

                using (writer.Block("else"))
                {
                    writer.Comment("Inference: the maxima only; where they came from matters to the backward pass alone");
                    writer.Line($"Pooling.MaxForward<{t}>({x}, {y}, {planes}, {geometry});");
                }

                return;
            }

            string call = (IsMax, IsPartition) switch
            {
                (true, _) => $"Pooling.MaxPartitionForward<{t}>({x}, {y}, {argMax}, {planes}, {geometry});",
                (false, false) => $"Pooling.AverageForward<{t}>({x}, {y}, {planes}, {geometry});",
                _ => $"Pooling.AveragePartitionForward<{t}>({x}, {y}, {planes}, {geometry});",
            };
            writer.Line(call);
        }
    }

    public override void EmitBackward(CodeWriter writer, EmitContext context, bool computeInputGradient)
    {
        string t = context.T;
        writer.Summary(IsMax
            ? $"{Name} backward: each block's gradient goes to its arg-max."
            : $"{Name} backward: each block's gradient is spread evenly over it.");
        using (writer.Block(BackwardSignature(context, computeInputGradient)))
        {
            if (!computeInputGradient)
            {
                writer.Comment("The first layer has no parameters and nothing before it: nothing to do.");
                return;
            }

            string dy = $"outputGradient[..(batch * {Name}OutputLength)]";
            string dx = $"inputGradient[..(batch * {Name}InputLength)]";
            string planes = $"batch * {Name}Channels";
            string geometry = IsPartition
                ? $"{Name}InputHeight, {Name}InputWidth, {Name}RowBounds, {Name}ColumnBounds"
                : $"{Name}Geometry";
            string call = (IsMax, IsPartition) switch
            {
                (true, _) => $"Pooling.MaxBackward<{t}>({dy}, {ArgMax}.AsSpan(0, batch * {Name}OutputLength), {dx});",
                (false, false) => $"Pooling.AverageBackward<{t}>({dy}, {dx}, {planes}, {geometry});",
                _ => $"Pooling.AveragePartitionBackward<{t}>({dy}, {dx}, {planes}, {geometry});",
            };
            writer.Line(call);
        }
    }
}
