using Microsoft.CodeAnalysis.CSharp;

namespace StaticNet.Generator.Analysis;

/// <summary>
/// The C# version the generated code compiles with. It uses file-scoped namespaces (C# 10) and nothing newer: no
/// collection expressions, primary constructors or <c>field</c>, so projects on C# 10 and later get code. Below that the
/// generator adds no files and reports SN0042 once, rather than a flood of errors inside generated files.
/// </summary>
internal static class LanguageSupport
{
    public const LanguageVersion Minimum = LanguageVersion.CSharp10;

    public static bool IsSupported(LanguageVersion version) => version >= Minimum;

    /// <summary>The version as <c>LangVersion</c> takes it: <c>10.0</c>.</summary>
    public static string Display(LanguageVersion version) => version.ToDisplayString();
}
