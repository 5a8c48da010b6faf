using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Emit;

/// <summary>What the generator adds for one class: its source text (when the declaration is valid) and its diagnostics.</summary>
internal sealed record GeneratedNetwork(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static GeneratedNetwork From(AnalysisResult analysis)
    {
        if (analysis.Network is null)
        {
            return new GeneratedNetwork(analysis.HintName, null, analysis.Diagnostics);
        }

        try
        {
            return new GeneratedNetwork(analysis.HintName, NetworkEmitter.Emit(analysis.Network), analysis.Diagnostics);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Never let an emitter bug surface as CS8785 with no output: say what failed instead.
            var failure = new DiagnosticInfo(
                Descriptors.InternalError.Id,
                null,
                new[] { analysis.Network.ClassName, exception.GetType().Name + ": " + exception.Message }.ToEquatableArray());
            return new GeneratedNetwork(analysis.HintName, null, analysis.Diagnostics.Items.Add(failure).ToEquatableArray());
        }
    }
}
