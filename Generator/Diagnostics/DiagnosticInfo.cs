using Microsoft.CodeAnalysis;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Diagnostics;

/// <summary>A diagnostic as plain values, so analysis results stay cacheable.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    /// <summary>The diagnostic, located in <paramref name="compilation"/>'s syntax tree for the file when it has one.</summary>
    public Diagnostic ToDiagnostic(Compilation compilation)
    {
        object[] arguments = new object[Arguments.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(Descriptors.ById(Id), Location?.ToLocation(compilation), arguments);
    }
}
