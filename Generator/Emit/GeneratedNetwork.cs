using StaticNet.Generator.Analysis;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Model;

namespace StaticNet.Generator.Emit;

/// <summary>What the generator adds for one class: its source text (when the declaration is valid) and its diagnostics.</summary>
internal sealed record GeneratedNetwork(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static GeneratedNetwork From(AnalysisResult analysis, System.Threading.CancellationToken cancellationToken)
    {
        if (analysis.Network is null)
        {
            return new GeneratedNetwork(analysis.HintName, null, analysis.Diagnostics);
        }

        try
        {
            string source = NetworkEmitter.Emit(analysis.Network);
            EquatableArray<DiagnosticInfo> clashes = MemberClashes.Find(source, analysis.DisplayName, analysis.UserMembers, analysis.Network.Layers, analysis.ClassLocation, cancellationToken);
            return clashes.Count == 0
                ? new GeneratedNetwork(analysis.HintName, source, analysis.Diagnostics)
                : new GeneratedNetwork(analysis.HintName, null, analysis.Diagnostics.Items.AddRange(clashes).ToEquatableArray());
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Never let an emitter bug surface as CS8785 with no output: say what failed instead.
            var failure = new DiagnosticInfo(
                Descriptors.InternalError.Id,
                analysis.ClassLocation,
                new[] { analysis.DisplayName, exception.GetType().Name + ": " + exception.Message }.ToEquatableArray());
            return new GeneratedNetwork(analysis.HintName, null, analysis.Diagnostics.Items.Add(failure).ToEquatableArray());
        }
    }
}
