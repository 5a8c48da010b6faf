using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;

namespace StaticNet.Data;

/// <summary>
/// Loads data sets from CSV files: one sample per row, a header row naming the columns (optional, see
/// <see cref="CsvOptions.HasHeader"/>), a label column or target columns, and every other column a feature.
/// Fields may be quoted (<c>"a, b"</c>, with <c>""</c> for a quote, line breaks allowed); numbers are read in the
/// invariant culture. Errors name the file, the row and the column, e.g.
/// <c>iris.csv, row 17, column 'petal_width': 'abc' is not a number.</c>
/// </summary>
/// <remarks>
/// Rows are counted as lines of the file from 1, the header included, so the row of a message is the line to open
/// in an editor (a quoted field with line breaks makes its row span several lines; the first counts). Columns in
/// messages are named by their header, or numbered from 1 without one. Blank lines are skipped. A missing value
/// (an empty field), NaN or infinity is an error, not a silent zero.
/// </remarks>
public static class Csv
{
    /// <summary>
    /// Loads a classification data set: the labels from the column named <paramref name="labelColumn"/>, the
    /// features from every other column. Labels are either whole numbers (0 or more) or class names, numbered in
    /// ordinal order or as in <see cref="CsvOptions.ClassNames"/>, and kept in <see cref="Dataset{T}.ClassNames"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The CSV file.</param>
    /// <param name="labelColumn">The header name of the label column.</param>
    /// <param name="options">How to read the file; null for <see cref="CsvOptions.Default"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The file has no header or no such column, or the sample shape does not fit.</exception>
    /// <exception cref="InvalidDataException">A row is malformed or a value is missing or not a number; the message names the row and column.</exception>
    public static Dataset<T> LoadLabelled<T>(string path, string labelColumn, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(labelColumn);
        Table table = Table.Read(path, options ?? CsvOptions.Default);
        return Labelled<T>(table, table.Resolve(labelColumn));
    }

    /// <summary>Loads a classification data set with the labels in column <paramref name="labelColumn"/>, counted from 0; see <see cref="LoadLabelled{T}(string, string, CsvOptions?)"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The CSV file.</param>
    /// <param name="labelColumn">The index of the label column, from 0.</param>
    /// <param name="options">How to read the file; null for <see cref="CsvOptions.Default"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The file has no such column, or the sample shape does not fit.</exception>
    /// <exception cref="InvalidDataException">A row is malformed or a value is missing or not a number; the message names the row and column.</exception>
    public static Dataset<T> LoadLabelled<T>(string path, int labelColumn, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Table table = Table.Read(path, options ?? CsvOptions.Default);
        return Labelled<T>(table, table.Resolve(labelColumn));
    }

    /// <summary>
    /// Loads a data set of target vectors (regression): the targets from the columns named in
    /// <paramref name="targetColumns"/>, in that order, shaped <c>[targets]</c>; the features from every other column.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The CSV file.</param>
    /// <param name="targetColumns">The header names of the target columns, at least one.</param>
    /// <param name="options">How to read the file; null for <see cref="CsvOptions.Default"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The file has no header or no such column, or the sample shape does not fit.</exception>
    /// <exception cref="InvalidDataException">A row is malformed or a value is missing or not a number; the message names the row and column.</exception>
    public static Dataset<T> LoadWithTargets<T>(string path, IReadOnlyList<string> targetColumns, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        Table table = Table.Read(path, options ?? CsvOptions.Default);
        return WithTargets<T>(table, targetColumns.Select(table.Resolve).ToArray());
    }

    /// <summary>Loads a data set of target vectors with the targets in the columns <paramref name="targetColumns"/>, counted from 0; see <see cref="LoadWithTargets{T}(string, IReadOnlyList{string}, CsvOptions?)"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The CSV file.</param>
    /// <param name="targetColumns">The indices of the target columns, from 0, at least one.</param>
    /// <param name="options">How to read the file; null for <see cref="CsvOptions.Default"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The file has no such column, or the sample shape does not fit.</exception>
    /// <exception cref="InvalidDataException">A row is malformed or a value is missing or not a number; the message names the row and column.</exception>
    public static Dataset<T> LoadWithTargets<T>(string path, IReadOnlyList<int> targetColumns, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        Table table = Table.Read(path, options ?? CsvOptions.Default);
        return WithTargets<T>(table, targetColumns.Select(table.Resolve).ToArray());
    }

    private static Dataset<T> Labelled<T>(Table table, int labelColumn)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int[] features = table.Features([labelColumn]);
        int[] shape = table.SampleShape(features.Length);
        T[] inputs = table.Values<T>(features);
        (int[] labels, int classCount, IReadOnlyList<string>? names) = table.Labels(labelColumn);
        return new Dataset<T>(inputs, labels, classCount, shape) { ClassNames = names };
    }

    private static Dataset<T> WithTargets<T>(Table table, int[] targetColumns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (targetColumns.Length == 0)
        {
            throw new ArgumentException("A data set of targets needs at least one target column.", nameof(targetColumns));
        }

        int[] features = table.Features(targetColumns);
        int[] shape = table.SampleShape(features.Length);
        T[] inputs = table.Values<T>(features);
        T[] targets = table.Values<T>(targetColumns);
        return new Dataset<T>(inputs, targets, shape, [targetColumns.Length]);
    }

    /// <summary>One row of the file: where it starts and its fields.</summary>
    private sealed record Row(int Number, string[] Fields);

    /// <summary>A parsed CSV file: its header (if any) and its data rows, each with the same number of fields.</summary>
    private sealed class Table
    {
        private readonly string path;
        private readonly CsvOptions options;
        private readonly string[]? header;
        private readonly List<Row> rows;
        private readonly int columnCount;

        private Table(string path, CsvOptions options, string[]? header, List<Row> rows, int columnCount)
        {
            this.path = path;
            this.options = options;
            this.header = header;
            this.rows = rows;
            this.columnCount = columnCount;
        }

        public static Table Read(string path, CsvOptions options)
        {
            ArgumentNullException.ThrowIfNull(path);
            if (options.Separator is '"' or '\r' or '\n')
            {
                throw new ArgumentException($"The separator cannot be {(options.Separator == '"' ? "a quote" : "a line break")}.", nameof(options));
            }

            string text = File.ReadAllText(path);
            List<Row> rows = Parse(text, path, options.Separator);
            string[]? header = null;
            if (options.HasHeader)
            {
                if (rows.Count == 0)
                {
                    throw new InvalidDataException($"{path}: expected a header row, found an empty file.");
                }

                header = rows[0].Fields.Select(name => name.Trim()).ToArray();
                rows.RemoveAt(0);
            }

            if (rows.Count == 0)
            {
                throw new InvalidDataException($"{path}: expected at least one data row, found none.");
            }

            int columns = header?.Length ?? rows[0].Fields.Length;
            string reference = header is null ? $"the first row (row {rows[0].Number})" : "the header";
            foreach (Row row in rows)
            {
                if (row.Fields.Length != columns)
                {
                    throw new InvalidDataException($"{path}, row {row.Number}: expected {columns} fields as in {reference}, found {row.Fields.Length}.");
                }
            }

            return new Table(path, options, header, rows, columns);
        }

        /// <summary>The index of the column named <paramref name="name"/>.</summary>
        public int Resolve(string name)
        {
            if (header is null)
            {
                throw new ArgumentException($"{path} is read without a header row (HasHeader is false), so column '{name}' cannot be found by name; give its index instead.", nameof(name));
            }

            int[] matches = Enumerable.Range(0, header.Length).Where(c => header[c] == name.Trim()).ToArray();
            return matches.Length switch
            {
                1 => matches[0],
                0 => throw new ArgumentException($"{path} has no column '{name}'; its columns are {string.Join(", ", header.Select(h => $"'{h}'"))}.", nameof(name)),
                _ => throw new ArgumentException($"{path} has {matches.Length} columns named '{name}' (columns {string.Join(", ", matches.Select(c => c + 1))}); rename them or choose one by index.", nameof(name)),
            };
        }

        /// <summary>Checks the column index <paramref name="index"/>.</summary>
        public int Resolve(int index)
        {
            if ((uint)index >= (uint)columnCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"{path} has {columnCount} columns, indexed 0 to {columnCount - 1}.");
            }

            return index;
        }

        /// <summary>Every column but <paramref name="excluded"/> and the ignored ones, in file order.</summary>
        public int[] Features(int[] excluded)
        {
            var skip = new HashSet<int>(excluded);
            foreach (string name in options.IgnoredColumns)
            {
                skip.Add(Resolve(name));
            }

            int[] features = Enumerable.Range(0, columnCount).Where(c => !skip.Contains(c)).ToArray();
            if (features.Length == 0)
            {
                throw new ArgumentException($"{path} has no feature columns left: all {columnCount} are labels, targets or ignored.");
            }

            return features;
        }

        public int[] SampleShape(int features)
        {
            if (options.SampleShape is not { } shape)
            {
                return [features];
            }

            long length = shape.Aggregate(1L, (product, size) => product * size);
            if (length != features || shape.Any(size => size < 1))
            {
                throw new ArgumentException($"The sample shape [{string.Join(", ", shape)}] holds {length} values, but {path} has {features} feature columns.", nameof(options));
            }

            return shape.ToArray();
        }

        /// <summary>The numbers in <paramref name="columns"/>, row-major.</summary>
        public T[] Values<T>(int[] columns) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var values = new T[(long)rows.Count * columns.Length];
            int k = 0;
            foreach (Row row in rows)
            {
                foreach (int column in columns)
                {
                    values[k++] = T.CreateChecked(Number(row, column));
                }
            }

            return values;
        }

        /// <summary>The labels in <paramref name="column"/>: whole numbers, or names numbered by <see cref="CsvOptions.ClassNames"/> or in ordinal order.</summary>
        public (int[] Labels, int ClassCount, IReadOnlyList<string>? Names) Labels(int column)
        {
            var texts = new string[rows.Count];
            Row? firstNumber = null, firstName = null;
            for (int i = 0; i < rows.Count; i++)
            {
                string text = rows[i].Fields[column].Trim();
                if (text.Length == 0)
                {
                    throw Invalid(rows[i], column, "the label is missing");
                }

                texts[i] = text;
                if (WholeNumber(text) is not null)
                {
                    firstNumber ??= rows[i];
                }
                else
                {
                    firstName ??= rows[i];
                }
            }

            var labels = new int[rows.Count];
            if (options.ClassNames is { } classNames)
            {
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int c = 0; c < classNames.Count; c++)
                {
                    index.TryAdd(classNames[c], c);
                }

                for (int i = 0; i < rows.Count; i++)
                {
                    if (!index.TryGetValue(texts[i], out labels[i]))
                    {
                        throw Invalid(rows[i], column, $"'{texts[i]}' is not one of the classes {string.Join(", ", classNames.Select(n => $"'{n}'"))}");
                    }
                }

                return (labels, classNames.Count, classNames.ToArray());
            }

            if (firstNumber is not null && firstName is not null)
            {
                throw new InvalidDataException(
                    $"{path}, {ColumnName(column)}: expected all labels to be whole numbers or all to be class names, found a number in row {firstNumber.Number} "
                    + $"('{firstNumber.Fields[column].Trim()}') and a name in row {firstName.Number} ('{firstName.Fields[column].Trim()}').");
            }

            if (firstName is not null)
            {
                string[] names = texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int c = 0; c < names.Length; c++)
                {
                    index[names[c]] = c;
                }

                for (int i = 0; i < rows.Count; i++)
                {
                    labels[i] = index[texts[i]];
                }

                return (labels, names.Length, names);
            }

            int classCount = options.ClassCount;
            for (int i = 0; i < rows.Count; i++)
            {
                int label = WholeNumber(texts[i])!.Value;
                if (label < 0 || (classCount > 0 && label >= classCount))
                {
                    string range = classCount > 0 ? $"0 to {classCount - 1}" : "0 or more";
                    throw Invalid(rows[i], column, $"the label {label} is outside the classes {range}");
                }

                labels[i] = label;
            }

            return (labels, classCount > 0 ? classCount : labels.Max() + 1, null);
        }

        private double Number(Row row, int column)
        {
            string text = row.Fields[column];
            if (string.IsNullOrWhiteSpace(text))
            {
                throw Invalid(row, column, "the value is missing");
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw Invalid(row, column, $"'{text}' is not a number");
            }

            if (!double.IsFinite(value))
            {
                throw Invalid(row, column, $"'{text}' is not a finite number (missing values are not accepted)");
            }

            return value;
        }

        private static int? WholeNumber(string text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int whole) ? whole
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsInteger(value) && Math.Abs(value) <= int.MaxValue ? (int)value
            : null;

        private string ColumnName(int column) => header is null ? $"column {column + 1}" : $"column '{header[column]}'";

        private InvalidDataException Invalid(Row row, int column, string problem) => new($"{path}, row {row.Number}, {ColumnName(column)}: {problem}.");
    }

    /// <summary>Splits <paramref name="text"/> into rows of fields (RFC 4180, any line ending), skipping blank lines.</summary>
    private static List<Row> Parse(string text, string path, char separator)
    {
        var rows = new List<Row>();
        var fields = new List<string>();
        var quoted = new StringBuilder();
        int i = 0, line = 1;
        while (i < text.Length)
        {
            int start = line;
            fields.Clear();
            bool anyQuoted = false;
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    anyQuoted = true;
                    quoted.Clear();
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new InvalidDataException($"{path}, row {start}, column {fields.Count + 1}: a quoted field is never closed (expected a closing '\"').");
                        }

                        char c = text[i++];
                        if (c == '"')
                        {
                            if (i < text.Length && text[i] == '"')
                            {
                                quoted.Append('"');
                                i++;
                                continue;
                            }

                            break;
                        }

                        if (c == '\n' || (c == '\r' && (i >= text.Length || text[i] != '\n')))
                        {
                            line++;
                        }

                        quoted.Append(c);
                    }

                    if (i < text.Length && text[i] != separator && text[i] != '\r' && text[i] != '\n')
                    {
                        throw new InvalidDataException($"{path}, row {start}, column {fields.Count + 1}: expected a separator or the end of the row after a quoted field, found '{text[i]}'.");
                    }

                    fields.Add(quoted.ToString());
                }
                else
                {
                    int from = i;
                    while (i < text.Length && text[i] != separator && text[i] != '\r' && text[i] != '\n')
                    {
                        i++;
                    }

                    fields.Add(text[from..i]);
                }

                if (i < text.Length && text[i] == separator)
                {
                    i++;
                    continue;
                }

                break;
            }

            if (i < text.Length && text[i] == '\r')
            {
                i++;
            }

            if (i < text.Length && text[i] == '\n')
            {
                i++;
            }

            line++;
            bool blank = !anyQuoted && fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]);
            if (!blank)
            {
                rows.Add(new Row(start, fields.ToArray()));
            }
        }

        return rows;
    }
}
