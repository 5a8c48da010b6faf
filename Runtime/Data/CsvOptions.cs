using System.Collections.Generic;

namespace StaticNet.Data;

/// <summary>How <see cref="Csv"/> reads a file. The defaults read a comma-separated file with a header row.</summary>
public sealed class CsvOptions
{
    /// <summary>The defaults.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>Whether the first row names the columns. Default true; without it, columns are chosen by index.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The field separator. Default <c>','</c>; numbers are always read in the invariant culture (decimal point <c>.</c>).</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Columns, by header name, that are neither features nor labels nor targets (an id, a date). Default none.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];

    /// <summary>
    /// One sample's shape, e.g. <c>[1, 28, 28]</c> for a file of 784 pixel columns; it must hold as many values as
    /// there are feature columns. Null (the default) gives <c>[features]</c>.
    /// </summary>
    public IReadOnlyList<int>? SampleShape { get; init; }

    /// <summary>
    /// The class names, in label order, when the label column holds names: each name must be one of them and gets
    /// its index as label. Pass the training set's <see cref="Dataset{T}.ClassNames"/> when loading its test set, so
    /// both number the classes alike. Null (the default) numbers the names found in ordinal order.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// The number of classes when the label column holds whole numbers: every label must be below it. 0 (the
    /// default) takes the largest label + 1.
    /// </summary>
    public int ClassCount { get; init; }
}
