using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace StaticNet.Generator.Model;

/// <summary>
/// The framework and runtime types the generated code names, and how it binds them. The generated file imports
/// their namespaces with plain <c>using</c>s and writes short names (<c>Gemm.Multiply</c>, <c>Span&lt;float&gt;</c>), so it
/// reads like hand-written code. A name that something of the user's would hide or make ambiguous at the class
/// (a member, a type or namespace in an enclosing namespace, a global using: <see cref="Parsing.SpecParser"/> looks)
/// is written fully qualified with <c>global::</c> instead.
/// </summary>
internal static class RuntimeNames
{
    /// <summary>Simple name → its namespace.</summary>
    public static readonly IReadOnlyList<(string Name, string Namespace)> All =
    [
        ("Span", "System"), ("ReadOnlySpan", "System"), ("Math", "System"), ("Array", "System"), ("NotSupportedException", "System"),
        ("IReadOnlyList", "System.Collections.Generic"),
        ("INetwork", "StaticNet"), ("IClassifier", "StaticNet"), ("IRegressor", "StaticNet"), ("BatchGuard", "StaticNet"), ("ExclusiveUse", "StaticNet"), ("LayerStatistics", "StaticNet"), ("NonFiniteTrainingException", "StaticNet"),
        ("TensorInfo", "StaticNet"), ("TensorKind", "StaticNet"), ("AlignedBuffer", "StaticNet"),
        ("Gemm", "StaticNet.Kernels"), ("Bias", "StaticNet.Kernels"), ("Activations", "StaticNet.Kernels"),
        ("Convolution", "StaticNet.Kernels"), ("Pooling", "StaticNet.Kernels"), ("Normalization", "StaticNet.Kernels"),
        ("Dropout", "StaticNet.Kernels"), ("NonFinite", "StaticNet.Kernels"), ("PlaneGeometry", "StaticNet.Kernels"), ("PoolGeometry", "StaticNet.Kernels"),
        ("ProductThreads", "StaticNet.Kernels"),
        ("Initializers", "StaticNet.Init"), ("SeededRandom", "StaticNet.Init"),
        ("LossFunctions", "StaticNet.Losses"), ("Metrics", "StaticNet.Training"), ("IShardable", "StaticNet.Training"),
        ("Momentum", "StaticNet.Optimizers"), ("Sgd", "StaticNet.Optimizers"), ("Nesterov", "StaticNet.Optimizers"),
        ("AdaGrad", "StaticNet.Optimizers"), ("RMSProp", "StaticNet.Optimizers"), ("Adam", "StaticNet.Optimizers"),
        ("Clipping", "StaticNet.Optimizers"), ("ParameterRange", "StaticNet.Optimizers"), ("GradientAdjustment", "StaticNet.Optimizers"),
    ];

    /// <summary>
    /// Extension methods the generated code calls (<c>array.AsSpan(start, length)</c>, System's). An extension method of the
    /// same name in the class's namespace or one enclosing it is found first, so the call would go to it: reported as a clash.
    /// </summary>
    public static readonly IReadOnlyList<string> ExtensionMethods = ["AsSpan"];

    /// <summary>
    /// The first segments of the namespaces the generated code imports. A type of that name in the global namespace hides
    /// the namespace everywhere, <c>global::</c> included; the parse step reports it as a clash.
    /// </summary>
    public static readonly IReadOnlyList<string> RootNamespaces = ["System", "StaticNet"];

    private static readonly Regex Word = new(@"(?<![\w.:@])[A-Z]\w*", RegexOptions.CultureInvariant);

    /// <summary>
    /// Binds the code in <paramref name="body"/>: qualifies every <paramref name="shadowed"/> name with <c>global::</c>,
    /// and returns the <c>using</c>s the rest need. Comments and string literals are left alone.
    /// </summary>
    public static (string Usings, string Body) Bind(string body, EquatableArray<string> shadowed)
    {
        // System always: the span extension methods (AsSpan, CopyTo) are found through it even when every System type
        // name in the body is written with global:: because the user's code hides it.
        var namespaces = new SortedSet<string>(System.StringComparer.Ordinal) { "System" };
        var lookup = All.ToDictionary(n => n.Name, n => n.Namespace);
        var result = new StringBuilder(body.Length + 256);
        foreach (string line in body.Split('\n'))
        {
            if (line.TrimStart().StartsWith("//", System.StringComparison.Ordinal))
            {
                result.Append(line).Append('\n');
                continue;
            }

            // Even segments are code, odd ones string literals (generated strings hold no escaped quotes).
            string[] segments = line.Split('"');
            for (int i = 0; i < segments.Length; i += 2)
            {
                segments[i] = Word.Replace(segments[i], match =>
                {
                    if (!lookup.TryGetValue(match.Value, out string? ns))
                    {
                        return match.Value;
                    }

                    if (shadowed.Contains(match.Value))
                    {
                        return "global::" + ns + "." + match.Value;
                    }

                    namespaces.Add(ns);
                    return match.Value;
                });
            }

            result.Append(string.Join("\"", segments)).Append('\n');
        }

        string usings = string.Concat(namespaces.OrderBy(n => n == "System" ? 0 : n.StartsWith("System.", System.StringComparison.Ordinal) ? 1 : 2).ThenBy(n => n, System.StringComparer.Ordinal).Select(n => "using " + n + ";\n"));
        return (usings, result.ToString(0, result.Length - 1));
    }
}
