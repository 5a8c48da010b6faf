using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StaticNet.Generator.Analysis;
using StaticNet.Generator.Layers;

namespace StaticNet.Generator.Emit;

/// <summary>The comment table that opens the generated file: every layer's shapes, parameters and offsets.</summary>
internal static class LayerTable
{
    public static void Emit(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        bool hasState = network.StateCount > 0;
        var rows = new List<string[]> { new[] { "#", "layer", "kind", "input", "output", "activation", "parameters", "offset", hasState ? "state" : "" } };
        foreach (Layer layer in network.Layers)
        {
            string activation = layer.IsWeighted && layer.Activation != ActivationKind.Identity ? layer.Activation.ToString() : "";
            rows.Add(new[]
            {
                EmitContext.Int(layer.Index), layer.Name, layer.Kind, layer.Input.Compact, layer.Output.Compact, activation,
                Thousands(layer.ParameterCount), layer.Parameters.Count == 0 ? "" : Thousands(layer.Parameters[0].Offset),
                layer.StateCount == 0 ? "" : Thousands(layer.StateCount),
            });
        }

        int[] widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        string state = network.StateCount > 0 ? $" and {Thousands(network.StateCount)} of state" : "";
        writer.Comment($"{network.ClassName}: {network.Layers.Count} layers, {Thousands(network.ParameterCount)} {context.T} parameters{state}, batch capacity {network.Options.BatchCapacity}.");
        writer.Line("//");
        foreach (string[] row in rows)
        {
            writer.Line(("//  " + string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c])))).TrimEnd());
        }

        writer.Line("//");
        writer.Comment("Shapes are per sample, channel first; buffers hold up to BatchCapacity samples, sample-major.");
        writer.Comment("Loss: " + LossLine(network));
        writer.Comment($"Optimizer: {network.Optimizer.Describe()}.");
    }

    /// <summary>
    /// The <c>Summary()</c> method, like Keras' <c>summary()</c>: the layer table as text, built here once and emitted as
    /// one constant, one literal per line so the generated file shows the table as it prints.
    /// </summary>
    public static void EmitSummary(CodeWriter writer, ShapedNetwork network, EmitContext context)
    {
        var rows = new List<string[]> { new[] { "layer", "kind", "output shape", "activation", "parameters" } };
        rows.Add(new[] { "input", "Input", network.Input.Compact, "", "" });
        foreach (Layer layer in network.Layers)
        {
            string activation = layer.IsWeighted && layer.Activation != ActivationKind.Identity ? layer.Activation.ToString() : "";
            rows.Add(new[] { layer.Key, layer.Kind, layer.Output.Compact, activation, Thousands(layer.ParameterCount) });
        }

        int[] widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        string Row(string[] row) => string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
        int elementSize = context.Precision == PrecisionKind.Double ? 8 : 4;
        string kib = (network.ParameterCount * (double)elementSize / 1024).ToString("N1", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            $"{network.ClassName}: {network.Layers.Count} layers, {context.T}, batch capacity {network.Options.BatchCapacity}",
            Row(rows[0]),
            new string('─', widths.Sum() + (2 * (widths.Length - 1))),
        };
        lines.AddRange(rows.Skip(1).Select(Row));
        lines.Add(new string('─', widths.Sum() + (2 * (widths.Length - 1))));
        lines.Add($"parameters: {Thousands(network.ParameterCount)} ({kib} KiB), trained by {network.Optimizer.Describe()}");
        if (network.StateCount > 0)
        {
            lines.Add($"state (not trained): {Thousands(network.StateCount)}");
        }

        writer.Line();
        writer.Comment("The layer table Summary() returns.");
        writer.Line("private const string SummaryTable =");
        for (int i = 0; i < lines.Count; i++)
        {
            string end = i == lines.Count - 1 ? ";" : " +";
            writer.Line($"    \"{Escape(lines[i])}\\n\"{end}");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public string Summary() => SummaryTable;");
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    private static string LossLine(ShapedNetwork network) => network.Loss switch
    {
        LossKind.SoftmaxCrossEntropy => "softmax cross-entropy on class labels; training folds the output softmax into it (∂L/∂z = softmax(z) − onehot).",
        LossKind.BinaryCrossEntropy => "binary cross-entropy on targets in [0, 1]; training folds the output sigmoid into it (∂L/∂z = σ(z) − y).",
        _ => "squared error, mean over the batch of ½‖ŷ − y‖².",
    };

    private static string Thousands(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
