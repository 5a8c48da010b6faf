using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Parsing;

namespace StaticNet.Generator.Analysis;

/// <summary>The range a real-valued option must lie in, as the checks state it.</summary>
internal sealed record RealRange(double Low, bool IncludesLow, double High, bool IncludesHigh, string Text)
{
    public static readonly RealRange Positive = new(0, false, double.PositiveInfinity, false, "greater than 0");

    public static readonly RealRange NonNegative = new(0, true, double.PositiveInfinity, false, "0 or more");

    /// <summary>[0, 1): momentum, β, ρ, a dropout rate, a leaky slope.</summary>
    public static readonly RealRange Fraction = new(0, true, 1, false, "[0, 1)");

    /// <summary>[0, 1]: batch norm's momentum.</summary>
    public static readonly RealRange UnitInterval = new(0, true, 1, true, "[0, 1]");

    public static readonly RealRange Finite = new(double.NegativeInfinity, false, double.PositiveInfinity, false, "finite");

    public bool Contains(double value) =>
        (IncludesLow ? value >= Low : value > Low) && (IncludesHigh ? value <= High : value < High);
}

/// <summary>
/// Declared values as a single-precision network holds them. Options are doubles in the attributes, but a float network
/// computes with floats: 1e39 becomes infinity, 1e-50 becomes 0, 0.99999999 becomes 1 (a momentum of 1 never forgets).
/// Each option's own check sees the declared value; this one then says when the float changes what it means, instead
/// of letting the network train with another value than the one declared.
/// </summary>
internal static class SinglePrecision
{
    /// <summary>The smallest normal float: below it a float keeps fewer than its 24 significant bits.</summary>
    public const double MinNormal = 1.1754943508222875E-38;

    /// <summary>
    /// Reports SN0042 when <paramref name="value"/>, declared by <paramref name="argument"/> and inside
    /// <paramref name="range"/>, changes meaning as a float: it overflows, flushes to 0, loses precision below the
    /// normal range, or rounds out of <paramref name="range"/>. Defaults (no argument) and double networks always pass.
    /// </summary>
    /// <returns>Whether the value survives.</returns>
    public static bool Check(PrecisionKind precision, string owner, string option, ArgumentSpec? argument, double value, RealRange range, DiagnosticBag diagnostics)
    {
        if (precision != PrecisionKind.Single || argument is null || double.IsNaN(value) || double.IsInfinity(value))
        {
            return true;
        }

        float single = (float)value;
        string? becomes = null, consequence = "";
        if (float.IsInfinity(single))
        {
            becomes = single > 0 ? "infinity" : "-infinity";
        }
        else if (value != 0 && single == 0)
        {
            becomes = "0";
        }
        else if (value != 0 && System.Math.Abs(single) < MinNormal)
        {
            becomes = DiagnosticBag.Format((double)single);
            consequence = " (a subnormal float, which keeps only some of its digits)";
        }
        else if (!range.Contains(single))
        {
            becomes = DiagnosticBag.Format((double)single);
            consequence = ", outside " + range.Text;
        }

        if (becomes is null)
        {
            return true;
        }

        diagnostics.Add(Descriptors.ValueChangesInSinglePrecision, argument.Location, owner, option, DiagnosticBag.Format(value), becomes, consequence);
        return false;
    }
}
