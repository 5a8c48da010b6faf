using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using StaticNet.Generator.Tests.Infrastructure;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md compiles, with the generator run on it and the runtime referenced, as a
/// reader would paste it into a console project. The convention:
/// <list type="bullet">
/// <item>Each block is one C# file of its own compilation: statements at the top level (before any type declaration, as C#
/// requires), type declarations, or both.</item>
/// <item>The project has the SDK's implicit usings (System, System.IO, System.Linq, …) and the StaticNet namespaces a user
/// program needs (StaticNet, StaticNet.Data, StaticNet.Training, StaticNet.IO), so a block may continue the one before it
/// without repeating them.</item>
/// <item>Types declared in any other block are visible (Mlp, LeNet5, …), their statements are not.</item>
/// <item>A fragment may use the names in <see cref="Context"/> without declaring them: a mini-batch (<c>images</c>,
/// <c>labels</c>, <c>outputs</c>, <c>image</c>), a network <c>net</c>, a <c>trainer</c>, and the network type
/// <c>MyConvNet</c> (3×32×32 images). A block that declares one of these names uses its own.</item>
/// <item>A block meant not to compile (a wrong example, pseudo-code) has <c>&lt;!-- not compiled: reason --&gt;</c> on
/// the line before its fence. Keep that rare.</item>
/// </list>
/// A failure names the block's line in README.md and the compiler's errors at README lines.
/// </summary>
public partial class ReadmeTests
{
    /// <summary>What a block may assume: global usings, the context names, and MyConvNet.</summary>
    internal const string Context = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using StaticNet;
        global using StaticNet.Data;
        global using StaticNet.IO;
        global using StaticNet.Training;
        global using static ReadmeContext;

        internal static class ReadmeContext
        {
            public static float[] images = [];
            public static int[] labels = [];
            public static float[] outputs = [];
            public static float[] image = [];
            public static INetwork<float> net = null!;
            public static Trainer<float> trainer = null!;
        }

        [Network]
        [Input(3, 32, 32)]
        [Conv2D(16, Kernel = 3, Padding = 1, Activation = Activation.ReLU)]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(10)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [Adam]
        public partial class MyConvNet;
        """;

    private static readonly Lazy<IReadOnlyList<CodeBlock>> ReadmeBlocks = new(() =>
        CodeBlock.Read(File.ReadAllLines(Path.Combine(DescriptorConsistencyTests.RepositoryRoot, "README.md"))));

    public static TheoryData<int> Blocks => new(ReadmeBlocks.Value.Where(b => b.Compiled).Select(b => b.FenceLine));

    [Fact]
    public void The_readme_has_compiled_csharp_blocks() =>
        Assert.True(ReadmeBlocks.Value.Count(b => b.Compiled) >= 3, "no ```csharp blocks found in README.md");

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Csharp_block_compiles(int line)
    {
        CodeBlock block = ReadmeBlocks.Value.Single(b => b.FenceLine == line);
        SyntaxTree tree = block.Parse();
        var declared = Declared(tree).ToHashSet(StringComparer.Ordinal);

        var trees = new List<SyntaxTree> { tree, CSharpSyntaxTree.ParseText(Context, GeneratorHarness.ParseOptions, path: "ReadmeContext.cs") };
        foreach (CodeBlock other in ReadmeBlocks.Value.Where(b => b.Compiled && b != block))
        {
            // Another block's types, without its statements, unless a name is taken already.
            SyntaxTree types = other.TypesOnly();
            string[] names = Declared(types).ToArray();
            if (names.Length > 0 && !names.Any(declared.Contains))
            {
                trees.Add(types);
                declared.UnionWith(names);
            }
        }

        bool program = tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "ReadmeBlock",
            trees,
            GeneratorHarness.References,
            new CSharpCompilationOptions(
                program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.Driver(trackSteps: false).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        // The block's own problems: compiler errors in it or in the code generated for it, and anything the generator reports on it.
        string[] problems = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && (d.Location.SourceTree is null || d.Location.SourceTree == tree || !compilation.SyntaxTrees.Contains(d.Location.SourceTree)))
            .Concat(generatorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree == tree))
            .Select(d => block.Describe(d, tree))
            .ToArray();

        Assert.True(problems.Length == 0, $"README.md, the ```csharp block at line {block.FenceLine} does not compile:\n" + string.Join("\n", problems));
    }

    private static IEnumerable<string> Declared(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<BaseTypeDeclarationSyntax>()
            .Select(type => type.Identifier.ValueText);

    /// <summary>One fenced <c>csharp</c> block: the 1-based README line of its opening fence, its text, whether it is compiled.</summary>
    internal sealed partial record CodeBlock(int FenceLine, string Code, bool Compiled)
    {
        public static IReadOnlyList<CodeBlock> Read(string[] lines)
        {
            var blocks = new List<CodeBlock>();
            for (int i = 0; i < lines.Length; i++)
            {
                Match open = Fence().Match(lines[i]);
                if (!open.Success || open.Groups["language"].Value is not ("csharp" or "cs" or "c#"))
                {
                    continue;
                }

                string indent = open.Groups["indent"].Value;
                int end = i + 1;
                while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    end++;
                }

                string code = string.Join("\n", lines[(i + 1)..end].Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l.TrimStart()));
                int previous = i - 1;
                while (previous >= 0 && string.IsNullOrWhiteSpace(lines[previous]))
                {
                    previous--;
                }

                bool skipped = previous >= 0 && NotCompiled().IsMatch(lines[previous]);
                blocks.Add(new CodeBlock(i + 1, code, !skipped));
                i = end;
            }

            return blocks;
        }

        public SyntaxTree Parse() => CSharpSyntaxTree.ParseText(Code, GeneratorHarness.ParseOptions, path: "README.md");

        /// <summary>The block's type declarations and usings, its statements removed.</summary>
        public SyntaxTree TypesOnly()
        {
            SyntaxNode root = Parse().GetRoot();
            SyntaxNode types = root.RemoveNodes(root.ChildNodes().OfType<GlobalStatementSyntax>(), SyntaxRemoveOptions.KeepNoTrivia) ?? root;
            return CSharpSyntaxTree.Create((CSharpSyntaxNode)types, GeneratorHarness.ParseOptions, path: $"README.md, block at line {FenceLine}");
        }

        /// <summary>The diagnostic with its position as a README line and column when it is in this block.</summary>
        public string Describe(Diagnostic diagnostic, SyntaxTree tree)
        {
            string message = $"{diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            if (diagnostic.Location.SourceTree != tree)
            {
                return $"  {diagnostic.Location.GetLineSpan()}: {message}";
            }

            LinePosition start = diagnostic.Location.GetLineSpan().StartLinePosition;
            string source = Code.Split('\n')[start.Line].Trim();
            return $"  README.md({FenceLine + 1 + start.Line},{start.Character + 1}): {message}\n      {source}";
        }

        [GeneratedRegex(@"^(?<indent>\s*)```\s*(?<language>[A-Za-z#]+)\s*$")]
        private static partial Regex Fence();

        [GeneratedRegex(@"^\s*<!--\s*not compiled:.+-->\s*$")]
        private static partial Regex NotCompiled();
    }
}
