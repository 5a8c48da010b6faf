using System.Collections.Generic;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Emit;
using StaticNet.Generator.Model;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Layers;

/// <summary>
/// One spatial axis of a sliding window (a convolution kernel or a pooling window): the output size
/// ⌊(size + before + after − d(k − 1) − 1) / s⌋ + 1 and the input positions no window ever reads.
/// </summary>
internal sealed record WindowAxis(int Size, int Kernel, int Stride, int Dilation, int PadBefore, int PadAfter)
{
    /// <summary>The most taps <see cref="Unused"/> looks at.</summary>
    private const long TapBudget = 1L << 16;

    /// <summary>How far one window reaches: d(k − 1) + 1.</summary>
    public int Extent => Sizes.Clamp(((long)Dilation * (Kernel - 1)) + 1);

    public int Output
    {
        get
        {
            // ⌊room / s⌋ + 1 with a floor, not C#'s truncation: a kernel wider than the padded input
            // gives the formula's value (0 or less), as the message reports it.
            long room = (long)Size + PadBefore + PadAfter - Extent;
            return Sizes.Clamp(room < 0 ? -((Stride - 1 - room) / Stride) + 1 : (room / Stride) + 1);
        }
    }

    /// <summary>
    /// Input positions that no tap of any window reads (dropped at the end, or skipped between windows). Counted without
    /// visiting the input: tap u of window i reads i·s + u·d − p, so each tap reads every s-th position from its own start,
    /// and the taps that share a start modulo s read overlapping runs of one residue class, merged per class. The work
    /// grows with the kernel, not with the input: a 2²⁴-long signal costs what a short one does.
    /// </summary>
    public int Unused
    {
        get
        {
            long outputs = Output;
            if (outputs <= 0)
            {
                return 0;
            }

            long size = Size, stride = Stride, dilation = Dilation, pad = PadBefore;

            // Only taps whose positions can fall inside the input matter; beyond the budget (kernels no real network has)
            // the warning is skipped rather than stall the IDE.
            long firstTap = System.Math.Max(0, CeilingDivide(pad - ((outputs - 1) * stride), dilation));
            long lastTap = System.Math.Min(Kernel - 1L, FloorDivide(size - 1 + pad, dilation));
            if (lastTap < firstTap)
            {
                return Size;
            }

            if (lastTap - firstTap + 1 > TapBudget)
            {
                return 0;
            }

            // Per residue class r of positions r + q·s: the runs of q each tap covers.
            var runs = new Dictionary<long, List<(long First, long Last)>>();
            for (long tap = firstTap; tap <= lastTap; tap++)
            {
                long start = (tap * dilation) - pad;
                long residue = ((start % stride) + stride) % stride;
                if (residue >= size)
                {
                    continue;
                }

                long first = System.Math.Max((start - residue) / stride, 0);
                long last = System.Math.Min(((start - residue) / stride) + outputs - 1, (size - 1 - residue) / stride);
                if (first > last)
                {
                    continue;
                }

                if (!runs.TryGetValue(residue, out List<(long First, long Last)>? list))
                {
                    runs[residue] = list = new List<(long First, long Last)>();
                }

                list.Add((first, last));
            }

            long read = 0;
            foreach (List<(long First, long Last)> list in runs.Values)
            {
                list.Sort((a, b) => a.First.CompareTo(b.First));
                long coveredTo = long.MinValue;
                foreach ((long first, long last) in list)
                {
                    long from = System.Math.Max(first, coveredTo + 1);
                    if (last >= from)
                    {
                        read += last - from + 1;
                        coveredTo = last;
                    }
                }
            }

            return Sizes.Clamp(size - read);
        }
    }

    private static long FloorDivide(long a, long b) => (a / b) - ((a % b != 0 && ((a < 0) != (b < 0))) ? 1 : 0);

    private static long CeilingDivide(long a, long b) => -FloorDivide(-a, b);

    /// <summary>The same offset as a C# expression over the loop variable <paramref name="tap"/>, without zero terms: <c>u * 2 - 1</c>.</summary>
    public string TapOffset(string tap)
    {
        string scaled = Dilation == 1 ? tap : $"{tap} * {Dilation.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return PadBefore == 0 ? scaled : $"{scaled} - {PadBefore.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The call that folds a whole kernel's column rows (<c>rows</c>) back onto <c>plane</c>, <c>Convolution.ScatterTaps</c>,
    /// for the kernel these two axes describe; <paramref name="geometry"/>, <paramref name="kernelHeight"/> and
    /// <paramref name="kernelWidth"/> name the layer's constants.
    /// </summary>
    public static string ScatterTapsCall(string t, string geometry, WindowAxis rows, WindowAxis columns, string kernelHeight, string kernelWidth) =>
        $"Convolution.ScatterTaps<{t}>(rows, plane, {geometry}, rowOffset: {EmitContext.Int(-rows.PadBefore)}, columnOffset: {EmitContext.Int(-columns.PadBefore)}, " +
        $"kernelHeight: {kernelHeight}, kernelWidth: {kernelWidth}, rowDilation: {EmitContext.Int(rows.Dilation)}, columnDilation: {EmitContext.Int(columns.Dilation)});";
}

/// <summary>Names of one axis's options on an attribute, and how to speak of it in messages.</summary>
/// <param name="Dimension">The axis as messages name it: height, width, length.</param>
/// <param name="Before">The side <paramref name="PaddingBefore"/> pads: top, left.</param>
/// <param name="After">The side <paramref name="PaddingAfter"/> pads: bottom, right.</param>
internal sealed record AxisNames(string Kernel, string PaddingBefore, string PaddingAfter, string Unit, string Dimension, string Before, string After);

/// <summary>Reads and checks the window options of convolution layers (kernel, stride, padding, dilation).</summary>
internal static class ConvolutionOptions
{
    public static readonly AxisNames Height = new("KernelHeight", "PaddingTop", "PaddingBottom", "row", "height", "top", "bottom");
    public static readonly AxisNames Width = new("KernelWidth", "PaddingLeft", "PaddingRight", "column", "width", "left", "right");
    public static readonly AxisNames Length = new("Kernel", "PaddingLeft", "PaddingRight", "value", "length", "left", "right");

    /// <summary>Reads one axis per entry of <paramref name="axes"/>; null (with diagnostics) when the options are invalid.</summary>
    public static WindowAxis[]? Read(AttributeSpec attribute, string layer, int[] sizes, AxisNames[] axes, DiagnosticBag diagnostics)
    {
        bool valid = true;
        ArgumentSpec? strideArgument = attribute.Named("Stride");
        int stride = strideArgument?.Int ?? 1;
        if (stride < 1)
        {
            diagnostics.Add(Descriptors.StrideOutOfRange, strideArgument?.Location, layer, "Stride", stride);
            valid = false;
        }

        ArgumentSpec? dilationArgument = attribute.Named("Dilation");
        int dilation = dilationArgument?.Int ?? 1;
        if (dilation < 1)
        {
            diagnostics.Add(Descriptors.DilationOutOfRange, dilationArgument?.Location, layer, dilation);
            valid = false;
        }

        ArgumentSpec? paddingArgument = attribute.Named("Padding");
        int padding = paddingArgument?.Int ?? 0;
        if (padding < 0)
        {
            diagnostics.Add(Descriptors.NegativePadding, paddingArgument?.Location, layer, "Padding", padding);
            valid = false;
        }

        ArgumentSpec? same = attribute.Named("SamePadding");
        bool isSame = same is not null && same.Number != 0;
        if (isSame && stride > 1)
        {
            diagnostics.Add(Descriptors.SamePaddingNeedsStrideOne, same!.Location, layer, stride);
            valid = false;
        }

        if (isSame && (paddingArgument is not null || HasSidePadding(attribute, axes)))
        {
            diagnostics.Add(Descriptors.Unsupported, same!.Location, $"{layer}: SamePadding together with explicit padding", "SamePadding computes the padding itself; remove one of them");
            valid = false;
        }

        var result = new WindowAxis[axes.Length];
        for (int a = 0; a < axes.Length; a++)
        {
            // Kernel sets every axis; KernelHeight or KernelWidth beside it overrides it for one.
            ArgumentSpec? shared = attribute.Named("Kernel");
            ArgumentSpec? own = axes[a].Kernel == "Kernel" ? null : attribute.Named(axes[a].Kernel);
            if (shared is not null && own is not null)
            {
                diagnostics.Add(Descriptors.ConflictingOptions, own.Location, layer, "Kernel", own.Name!, "kernel " + axes[a].Dimension, $"{own.Name} = {own.Int}");
            }

            ArgumentSpec? kernelArgument = own ?? shared;
            int kernel = kernelArgument?.Int ?? 0;
            if (kernel <= 0)
            {
                string what = kernelArgument is null ? $"{layer}: Kernel (it is required)" : $"{layer}: {kernelArgument.Name}";
                diagnostics.Add(Descriptors.NonPositiveSize, kernelArgument?.Location ?? attribute.Location, what, kernel);
                valid = false;
                continue;
            }

            int before = Side(attribute, axes[a].PaddingBefore, axes[a].Before, paddingArgument, padding, layer, diagnostics, ref valid);
            int after = Side(attribute, axes[a].PaddingAfter, axes[a].After, paddingArgument, padding, layer, diagnostics, ref valid);
            if (isSame)
            {
                long total = (long)dilation * (kernel - 1);
                before = Sizes.Clamp(total / 2);
                after = Sizes.Clamp(total - (total / 2));
            }

            result[a] = new WindowAxis(sizes[a], kernel, stride, dilation, before, after);
        }

        return valid ? result : null;
    }

    /// <summary>Checks the shape the windows produce: an error when nothing is left, warnings for unread input and all-padding borders.</summary>
    public static bool CheckCoverage(WindowAxis[] axes, AxisNames[] names, string layer, Shape input, string options, LocationInfo? location, DiagnosticBag diagnostics, bool isPooling)
    {
        for (int a = 0; a < axes.Length; a++)
        {
            if (axes[a].Output <= 0)
            {
                diagnostics.Add(Descriptors.OutputSizeNotPositive, location, layer, input.ToString(), options, axes[a].Output);
                return false;
            }
        }

        bool paddingReported = false;
        for (int a = 0; a < axes.Length; a++)
        {
            WindowAxis axis = axes[a];
            int unused = axis.Unused;
            if (unused > 0)
            {
                diagnostics.Add(Descriptors.UnusedInput, location, layer, input.ToString(), options, $"{unused} {names[a].Unit}{(unused == 1 ? "" : "s")}");
            }

            // One warning per layer: with square padding both axes would repeat the same message.
            if (!isPooling && !paddingReported && (axis.PadBefore >= axis.Extent || axis.PadAfter >= axis.Extent))
            {
                diagnostics.Add(Descriptors.PaddingCoversKernel, location, layer, System.Math.Max(axis.PadBefore, axis.PadAfter), axis.Extent);
                paddingReported = true;
            }
        }

        return true;
    }

    /// <summary>Options as the messages and comments name them, such as "5×5 kernel, stride 1, padding 2" or "window 2, stride 2".</summary>
    public static string Describe(WindowAxis[] axes, string window = "kernel")
    {
        var parts = new List<string>
        {
            axes.Length == 1
                ? window + " " + axes[0].Kernel
                : string.Join("×", System.Linq.Enumerable.Select(axes, a => a.Kernel)) + " " + window,
            "stride " + axes[0].Stride,
        };
        bool symmetric = System.Linq.Enumerable.All(axes, a => a.PadBefore == axes[0].PadBefore && a.PadAfter == axes[0].PadBefore);
        if (symmetric)
        {
            if (axes[0].PadBefore > 0)
            {
                parts.Add("padding " + axes[0].PadBefore);
            }
        }
        else
        {
            parts.Add("padding " + string.Join(", ", System.Linq.Enumerable.Select(axes, a => a.PadBefore + "/" + a.PadAfter)));
        }

        if (axes[0].Dilation > 1)
        {
            parts.Add("dilation " + axes[0].Dilation);
        }

        return string.Join(", ", parts);
    }

    private static bool HasSidePadding(AttributeSpec attribute, AxisNames[] axes)
    {
        foreach (AxisNames axis in axes)
        {
            if (attribute.Named(axis.PaddingBefore) is not null || attribute.Named(axis.PaddingAfter) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One side's padding: its own option, else <c>Padding</c> (<paramref name="shared"/>); both set is SN0043.</summary>
    private static int Side(AttributeSpec attribute, string name, string side, ArgumentSpec? shared, int fallback, string layer, DiagnosticBag diagnostics, ref bool valid)
    {
        ArgumentSpec? argument = attribute.Named(name);
        if (argument is null)
        {
            return fallback;
        }

        if (shared is not null)
        {
            diagnostics.Add(Descriptors.ConflictingOptions, argument.Location, layer, "Padding", name, side + " padding", $"{name} = {argument.Int}");
        }

        if (argument.Int < 0)
        {
            diagnostics.Add(Descriptors.NegativePadding, argument.Location, layer, name, argument.Int);
            valid = false;
        }

        return argument.Int;
    }
}
