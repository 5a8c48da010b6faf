using System;

namespace StaticNet;

/// <summary>Options shared by the pooling layers.</summary>
public abstract class PoolingAttribute : LayerAttribute
{
    /// <summary>Declares a pooling layer; window 0 means the layer is defined by blocks instead.</summary>
    protected PoolingAttribute(int window) => Window = window;

    /// <summary>Window size along every pooled axis.</summary>
    public int Window { get; }

    /// <summary>Step between windows. Default: the window size (non-overlapping).</summary>
    public int Stride { get; set; }

    /// <summary>Padding on every side, at most half the window. Max pooling pads with −∞, average pooling with zeros that count in the mean.</summary>
    public int Padding { get; set; }
}

/// <summary>
/// Max pooling over a <c>[C, L]</c> signal: windows with a stride, or an explicit partition into
/// consecutive <see cref="Blocks"/> (the course notes' definition; blocks may differ in size).
/// The gradient goes to each block's arg-max.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool1DAttribute : PoolingAttribute
{
    /// <summary>Windows of <paramref name="window"/> values.</summary>
    public MaxPool1DAttribute(int window) : base(window)
    {
    }

    /// <summary>A partition given by <see cref="Blocks"/>.</summary>
    public MaxPool1DAttribute() : base(0)
    {
    }

    /// <summary>Sizes of consecutive blocks that partition the signal, e.g. { 3, 2, 2, 3 } for length 10.</summary>
    public int[]? Blocks { get; set; }
}

/// <summary>Average pooling over a <c>[C, L]</c> signal: windows with a stride, or a partition into <see cref="Blocks"/>. The gradient is spread evenly.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool1DAttribute : PoolingAttribute
{
    /// <summary>Windows of <paramref name="window"/> values.</summary>
    public AvgPool1DAttribute(int window) : base(window)
    {
    }

    /// <summary>A partition given by <see cref="Blocks"/>.</summary>
    public AvgPool1DAttribute() : base(0)
    {
    }

    /// <summary>Sizes of consecutive blocks that partition the signal.</summary>
    public int[]? Blocks { get; set; }
}

/// <summary>
/// Max pooling over a <c>[C, H, W]</c> input: square windows with a stride, or the product of a row
/// partition (<see cref="RowBlocks"/>) and a column partition (<see cref="ColumnBlocks"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : PoolingAttribute
{
    /// <summary>Windows of <paramref name="window"/>×<paramref name="window"/>.</summary>
    public MaxPool2DAttribute(int window) : base(window)
    {
    }

    /// <summary>A partition given by <see cref="RowBlocks"/> and <see cref="ColumnBlocks"/>.</summary>
    public MaxPool2DAttribute() : base(0)
    {
    }

    /// <summary>Heights of consecutive row blocks that partition H.</summary>
    public int[]? RowBlocks { get; set; }

    /// <summary>Widths of consecutive column blocks that partition W.</summary>
    public int[]? ColumnBlocks { get; set; }
}

/// <summary>Average pooling over a <c>[C, H, W]</c> input: square windows with a stride, or a row × column partition.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute : PoolingAttribute
{
    /// <summary>Windows of <paramref name="window"/>×<paramref name="window"/>.</summary>
    public AvgPool2DAttribute(int window) : base(window)
    {
    }

    /// <summary>A partition given by <see cref="RowBlocks"/> and <see cref="ColumnBlocks"/>.</summary>
    public AvgPool2DAttribute() : base(0)
    {
    }

    /// <summary>Heights of consecutive row blocks that partition H.</summary>
    public int[]? RowBlocks { get; set; }

    /// <summary>Widths of consecutive column blocks that partition W.</summary>
    public int[]? ColumnBlocks { get; set; }
}

/// <summary>Global average pooling: the mean of each channel over all positions, <c>[C, …]</c> → <c>[C]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAvgPoolAttribute : LayerAttribute
{
}

/// <summary>Reinterprets a <c>[C, H, W]</c> or <c>[C, L]</c> sample as a flat vector in channel-first order (no copy).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
}
