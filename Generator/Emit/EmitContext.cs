using System.Globalization;
using StaticNet.Generator.Analysis;

namespace StaticNet.Generator.Emit;

/// <summary>What every emitter needs to know about the network as a whole.</summary>
internal sealed class EmitContext
{
    public EmitContext(PrecisionKind precision, LossKind loss)
    {
        Precision = precision;
        Loss = loss;
    }

    public PrecisionKind Precision { get; }

    public LossKind Loss { get; }

    /// <summary><see cref="ShapedNetwork.DefersOuterProducts"/>: dense layers' backward methods then take <c>bool weightGradients</c>.</summary>
    public bool DefersOuterProducts { get; init; }

    /// <summary>The element type's C# keyword.</summary>
    public string T => Precision == PrecisionKind.Double ? "double" : "float";

    /// <summary>A literal of the element type, written shortest-round-trip.</summary>
    public string Literal(double value)
    {
        if (Precision == PrecisionKind.Double)
        {
            return Double(value);
        }

        return ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    /// <summary>A double literal, written shortest-round-trip.</summary>
    public static string Double(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") ? text : text + ".0";
    }

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
