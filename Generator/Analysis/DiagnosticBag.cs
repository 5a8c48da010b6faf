using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Analysis;

/// <summary>Collects the diagnostics of one network's analysis.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<DiagnosticInfo> _items = new();

    public bool HasErrors { get; private set; }

    public void Add(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments)
    {
        _items.Add(new DiagnosticInfo(descriptor.Id, location, arguments.Select(Format).ToEquatableArray()));
        HasErrors |= descriptor.DefaultSeverity == DiagnosticSeverity.Error;
    }

    public EquatableArray<DiagnosticInfo> ToEquatableArray() => _items.ToEquatableArray();

    /// <summary>Numbers in messages are written as the user wrote them: invariant culture, shortest round trip.</summary>
    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
