using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Tests.Infrastructure;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>
/// The generator never throws: a crash reaches the user only as warning CS8785 with no output. Malformed
/// declarations (the compiler's errors included) and a few hundred random ones must each end in
/// diagnostics or generated code, never in an exception or SN0019.
/// </summary>
public class RobustnessTests
{
    private const string Tail = """

        [Loss(LossKind.SquaredError)]
        [Momentum]
        public partial class Net;
        """;

    private static readonly Dictionary<string, string> Malformed = new()
    {
        // Arguments missing, or of the wrong type: the compiler reports them; StaticNet adds nothing.
        ["Dense without units"] = "[Input(4)] [Dense]" + Tail,
        ["Dense with empty parentheses"] = "[Input(4)] [Dense()]" + Tail,
        ["Input without shape"] = "[Input] [Dense(2)]" + Tail,
        ["Loss without kind"] = "[Input(4)] [Dense(2)] [Loss] [Momentum] public partial class Net;",
        ["string units"] = "[Input(4)] [Dense(\"ten\")]" + Tail,
        ["double units"] = "[Input(4)] [Dense(1.5)]" + Tail,
        ["string input"] = "[Input(\"784\")] [Dense(2)]" + Tail,
        ["typeof units"] = "[Input(4)] [Dense(typeof(int))]" + Tail,
        ["typeof input"] = "[Input(typeof(string))] [Dense(2)]" + Tail,
        ["typeof loss"] = "[Input(4)] [Dense(2)] [Loss(typeof(LossKind))] [Momentum] public partial class Net;",
        ["typeof learning rate"] = "[Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum(LearningRate = typeof(int))] public partial class Net;",
        ["unknown named argument"] = "[Input(4)] [Dense(2, Units = 3)]" + Tail,
        ["non-constant argument"] = "[Input(4)] [Dense(System.Environment.ProcessorCount)]" + Tail,
        ["unknown attribute"] = "[Input(4)] [Dropout(0.5)] [Dense(2)]" + Tail,

        // Values out of range.
        ["negative units"] = "[Input(4)] [Dense(-5)]" + Tail,
        ["int.MinValue units"] = "[Input(4)] [Dense(int.MinValue)]" + Tail,
        ["undefined loss"] = "[Input(4)] [Dense(2)] [Loss((LossKind)7)] [Momentum] public partial class Net;",
        ["undefined activation"] = "[Input(4)] [Dense(2, Activation = (Activation)99)]" + Tail,
        ["negative activation"] = "[Input(4)] [Dense(2, Activation = (Activation)(-1))]" + Tail,
        ["undefined initializer"] = "[Input(4)] [Dense(2, WeightInit = (WeightInit)(-1))]" + Tail,
        ["undefined precision"] = "[Network(Precision = (Precision)5)] [Input(4)] [Dense(2)]" + Tail,
        ["NaN learning rate"] = "[Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum(LearningRate = double.NaN, Momentum = double.NaN, WeightDecay = double.NaN)] public partial class Net;",
        ["infinite learning rate"] = "[Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum(LearningRate = double.PositiveInfinity, WeightDecay = double.PositiveInfinity)] public partial class Net;",
        ["NaN initializer values"] = "[Input(4)] [Dense(2, Activation = Activation.LeakyReLU, LeakySlope = double.NaN, WeightInit = WeightInit.Normal, InitValue = double.NaN, BiasInit = double.NaN)]" + Tail,
        ["infinite initializer values"] = "[Input(4)] [Dense(2, WeightInit = WeightInit.Uniform, InitValue = double.PositiveInfinity, BiasInit = double.NegativeInfinity)]" + Tail,
        ["extreme seed"] = "[Network(Seed = int.MinValue, BatchCapacity = 1)] [Input(4)] [Dense(2)]" + Tail,

        // Sizes whose products overflow int.
        ["int.MaxValue units"] = "[Input(4)] [Dense(int.MaxValue)]" + Tail,
        ["int.MaxValue input"] = "[Input(int.MaxValue)] [Dense(2)]" + Tail,
        ["int.MaxValue image"] = "[Input(int.MaxValue, int.MaxValue, int.MaxValue)] [Flatten] [Dense(2)]" + Tail,
        ["input product overflows to zero"] = "[Input(65536, 65536)] [Flatten] [Dense(2)]" + Tail,
        ["weights overflow"] = "[Input(65536)] [Dense(65536)]" + Tail,
        ["batch times input overflows"] = "[Network(BatchCapacity = int.MaxValue)] [Input(784)] [Dense(10)]" + Tail,
        ["int.MaxValue channels"] = "[Input(1, 8, 8)] [Conv2D(int.MaxValue, Kernel = 3)] [Flatten] [Dense(2)]" + Tail,
        ["int.MaxValue kernel"] = "[Input(1, 8, 8)] [Conv2D(2, Kernel = int.MaxValue)] [Flatten] [Dense(2)]" + Tail,
        ["int.MaxValue dilation"] = "[Input(1, 8, 8)] [Conv2D(2, Kernel = 3, Dilation = int.MaxValue)] [Flatten] [Dense(2)]" + Tail,
        ["int.MaxValue stride"] = "[Input(1, 8, 8)] [Conv2D(2, Kernel = 3, Stride = int.MaxValue)] [Flatten] [Dense(2)]" + Tail,
        ["int.MaxValue padding"] = "[Input(1, 8, 8)] [Conv2D(2, Kernel = 3, Padding = int.MaxValue)] [Flatten] [Dense(2)]" + Tail,
        ["int.MaxValue side padding"] = "[Input(2, 8)] [Conv1D(2, Kernel = 3, PaddingLeft = int.MaxValue, PaddingRight = int.MaxValue)] [Flatten] [Dense(2)]" + Tail,
        ["int.MaxValue same padding"] = "[Input(2, 8)] [Conv1D(2, Kernel = int.MaxValue, SamePadding = true)] [Flatten] [Dense(2)]" + Tail,
        ["int.MaxValue transposed stride"] = "[Input(1, 4, 4)] [ConvTranspose2D(2, Kernel = 3, Stride = int.MaxValue)] [Flatten]" + Tail,
        ["int.MaxValue transposed kernel"] = "[Input(1, 4, 4)] [ConvTranspose2D(2, Kernel = int.MaxValue, Dilation = int.MaxValue)] [Flatten]" + Tail,
        ["int.MaxValue transposed padding"] = "[Input(1, 4, 4)] [ConvTranspose2D(2, Kernel = 3, Padding = int.MaxValue)] [Flatten]" + Tail,
        ["int.MaxValue pooling window"] = "[Input(1, 8, 8)] [MaxPool2D(int.MaxValue, Padding = 1073741823)] [Flatten] [Dense(2)]" + Tail,
        ["int.MaxValue pooling stride"] = "[Input(1, 8, 8)] [AvgPool2D(2, Stride = int.MaxValue)] [Flatten] [Dense(2)]" + Tail,
        ["blocks sum overflows"] = "[Input(1, 10)] [MaxPool1D(Blocks = new[] { int.MaxValue, int.MaxValue, 12 })] [Flatten] [Dense(2)]" + Tail,
        ["negative blocks"] = "[Input(1, 10)] [MaxPool1D(Blocks = new[] { -5, 15 })] [Flatten] [Dense(2)]" + Tail,
        ["null blocks"] = "[Input(1, 10)] [AvgPool1D(Blocks = null)] [Flatten] [Dense(2)]" + Tail,
        ["empty blocks"] = "[Input(1, 10)] [AvgPool1D(Blocks = new int[0])] [Flatten] [Dense(2)]" + Tail,
        ["row blocks only"] = "[Input(1, 4, 4)] [MaxPool2D(RowBlocks = new[] { 2, 2 })] [Flatten] [Dense(2)]" + Tail,
        ["blocks and window"] = "[Input(1, 4, 4)] [MaxPool2D(2, RowBlocks = new[] { 2, 2 }, ColumnBlocks = new[] { 2, 2 })] [Flatten] [Dense(2)]" + Tail,
        ["same padding and padding"] = "[Input(1, 8, 8)] [Conv2D(2, Kernel = 3, SamePadding = true, Padding = 1)] [Flatten] [Dense(2)]" + Tail,
        ["kernel height without width"] = "[Input(1, 8, 8)] [Conv2D(2, KernelHeight = 3)] [Flatten] [Dense(2)]" + Tail,
        ["softmax convolution"] = "[Input(1, 8, 8)] [Conv2D(2, Kernel = 3, Activation = Activation.Softmax)] [Flatten] [Dense(2)]" + Tail,

        // Input shapes.
        ["empty input array"] = "[Input(new int[0])] [Dense(2)]" + Tail,
        ["empty input collection"] = "[Input([])] [Dense(2)]" + Tail,
        ["null input"] = "[Input(null)] [Dense(2)]" + Tail,
        ["null input array"] = "[Input((int[])null)] [Dense(2)]" + Tail,
        ["input rank 5"] = "[Input(1, 1, 1, 1, 1)] [Dense(2)]" + Tail,
        ["input twice"] = "[Input(4)] [Input(8)] [Dense(2)]" + Tail,
        ["input after layers"] = "[Dense(2)] [Input(4)]" + Tail,
        ["only flatten"] = "[Input(1, 4, 4)] [Flatten]" + Tail,
        ["only pooling"] = "[Input(1, 4, 4)] [GlobalAvgPool]" + Tail,
        ["global pooling on flat input"] = "[Input(4)] [GlobalAvgPool] [Dense(2)]" + Tail,
        ["pooling on flat input"] = "[Input(4)] [MaxPool1D(2)] [Dense(2)]" + Tail,
        ["two-dimensional layer on a signal"] = "[Input(2, 8)] [MaxPool2D(2)] [Conv2D(2, Kernel = 1)] [Flatten] [Dense(2)]" + Tail,
        ["transposed convolution on a flat input"] = "[Input(4)] [ConvTranspose2D(2, Kernel = 3)] [Flatten]" + Tail,
    };

    /// <summary>Declarations the C# compiler rejects, or that StaticNet does not take: the generator must still not throw.</summary>
    private static readonly Dictionary<string, string> MalformedTypes = new()
    {
        ["struct"] = "using StaticNet; [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial struct Net;",
        ["record"] = "using StaticNet; [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial record Net;",
        ["record struct"] = "using StaticNet; [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial record struct Net;",
        ["interface"] = "using StaticNet; [Network] public partial interface INet;",
        ["static class"] = "using StaticNet; [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public static partial class Net;",
        ["abstract class"] = "using StaticNet; [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public abstract partial class Net;",
        ["generic class"] = "using StaticNet; [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net<T>;",
        ["nested in generic class"] = "using StaticNet; public partial class Outer<T> { [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net; }",
        ["nested two deep in generic class"] = "using StaticNet; public partial class Outer<T> { public partial class Middle { [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net; } }",
        ["nested in struct"] = "using StaticNet; public partial struct Outer { [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net; }",
        ["nested in record"] = "using StaticNet; public partial record Outer { [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net; }",
        ["nested in non-partial struct"] = "using StaticNet; public struct Outer { [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net; }",
        ["file-local class"] = "using StaticNet; [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] file partial class Net;",
        ["network twice"] = "using StaticNet; [Network] [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net;",
        ["two partial declarations"] = "using StaticNet; [Network] [Input(4)] public partial class Net; [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net;",
        ["on a method"] = "using StaticNet; public partial class Net { [Network] [Input(4)] public void M() { } }",
        ["on an enum"] = "using StaticNet; [Network] public enum Net { A }",
        ["on a delegate"] = "using StaticNet; [Network] public delegate void Net();",
        ["fully qualified attributes"] = "[StaticNet.Network] [StaticNet.Input(4)] [StaticNet.Dense(2)] [StaticNet.Loss(StaticNet.LossKind.SquaredError)] [StaticNet.Momentum] public partial class Net;",
        ["aliased attribute"] = "using N = StaticNet.NetworkAttribute; using StaticNet; [N] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net;",
        ["named constructor arguments"] = "using StaticNet; [Network] [Input(shape: new[] { 4 })] [Dense(units: 2)] [Loss(kind: LossKind.SquaredError)] [Momentum] public partial class Net;",
        ["other namespace's Network attribute"] = "namespace Other { public sealed class NetworkAttribute : System.Attribute { } } namespace Demo { [Other.Network] public partial class Net; }",

        // Syntax errors.
        ["unclosed argument list"] = "using StaticNet; [Network] [Input(784)] [Dense(10 [Loss(LossKind.SquaredError)] [Momentum] public partial class Net;",
        ["missing argument value"] = "using StaticNet; [Network] [Input(784)] [Dense(10, Activation = )] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net;",
        ["unclosed attribute"] = "using StaticNet; [Network [Input(784)] [Dense(10)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net;",
        ["missing class name"] = "using StaticNet; [Network] [Input(784)] [Dense(10)] [Loss(LossKind.SquaredError)] [Momentum] public partial class;",
        ["missing semicolon"] = "using StaticNet; [Network] [Input(784)] [Dense(10)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net",
        ["unclosed body"] = "using StaticNet; [Network] [Input(784)] [Dense(10)] [Loss(LossKind.SquaredError)] [Momentum] public partial class Net {",
        ["stray tokens"] = "using StaticNet; [Network] [Input(784,,)] [Dense(10)) [Loss(LossKind.)] [Momentum(=)] public partial class Net; }}}",
        ["attribute list without class"] = "using StaticNet; [Network] [Input(784)]",
        ["undefined names"] = "using StaticNet; [Network] [Input(Size)] [Dense(Units, Activation = Activation.Swish)] [Loss(LossKind.Hinge)] [Momentum] public partial class Net;",
    };

    public static TheoryData<string> MalformedNames => new(Malformed.Keys);

    public static TheoryData<string> MalformedTypeNames => new(MalformedTypes.Keys);

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public void Malformed_layer_declaration_does_not_crash(string name)
    {
        string source = "using StaticNet;\n\nnamespace Demo;\n\n[Network]\n" + Malformed[name].Replace("] [", "]\n[", StringComparison.Ordinal);
        AssertGeneratorSurvives(source);
    }

    [Theory]
    [MemberData(nameof(MalformedTypeNames))]
    public void Malformed_type_declaration_does_not_crash(string name) => AssertGeneratorSurvives(MalformedTypes[name]);

    [Theory]
    [InlineData("[Input(int.MaxValue)] [Dense(2)]")]
    [InlineData("[Input(int.MaxValue, int.MaxValue, int.MaxValue)] [Flatten] [Dense(2)]")]
    [InlineData("[Input(65536, 65536)] [Flatten] [Dense(2)]")]
    [InlineData("[Input(65536)] [Dense(65536)]")]
    [InlineData("[Input(4)] [Dense(int.MaxValue)]")]
    [InlineData("[Input(1, 8, 8)] [Conv2D(int.MaxValue, Kernel = 3)] [Flatten] [Dense(2)]")]
    [InlineData("[Input(1, 8, 8)] [Conv2D(2, Kernel = 3, Padding = int.MaxValue)] [Flatten] [Dense(2)]")]
    [InlineData("[Input(1, 4, 4)] [ConvTranspose2D(2, Kernel = 3, Stride = int.MaxValue)] [Flatten]")]
    [InlineData("[Input(1, 10)] [MaxPool1D(Blocks = new[] { int.MaxValue, int.MaxValue, 12 })] [Flatten] [Dense(2)]")]
    public void Sizes_that_overflow_are_errors_not_generated_code(string layers)
    {
        string source = "using StaticNet;\n[Network]\n" + layers + Tail;
        GeneratorOutcome outcome = AssertGeneratorSurvives(source);

        Assert.Contains(outcome.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("SN", StringComparison.Ordinal));
        Assert.Equal(0, outcome.SourceCount);
    }

    [Fact]
    public void Batch_capacity_that_overflows_a_buffer_is_an_error()
    {
        GeneratorOutcome outcome = AssertGeneratorSurvives("using StaticNet;\n[Network(BatchCapacity = int.MaxValue)]\n[Input(784)] [Dense(10)]" + Tail);

        Assert.Contains(outcome.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("SN", StringComparison.Ordinal));
        Assert.Equal(0, outcome.SourceCount);
    }

    [Theory]
    [InlineData("public partial class Outer<T> { [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class [|Net|]; }")]
    [InlineData("public partial class Outer<T> { public partial class Middle { [Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial class [|Net|]; } }")]
    [InlineData("[Network] [Input(4)] [Dense(2)] [Loss(LossKind.SquaredError)] [Momentum] public partial record [|Net|];")]
    public void Unsupported_kinds_of_class_are_reported(string declaration)
    {
        MarkedSource marked = MarkedSource.Parse("using StaticNet;\n" + declaration);
        GeneratorOutcome outcome = AssertGeneratorSurvives(marked.Source);

        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("SN0010", diagnostic.Id);
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        Assert.Equal(0, outcome.SourceCount);
    }

    [Fact]
    public void Random_declarations_never_crash_the_generator()
    {
        var random = new Random(20260401);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        int generated = 0;
        for (int i = 0; i < 400; i++)
        {
            string source = i % 3 == 0 ? PlausibleDeclaration(random, i) : RandomDeclaration(random, i);
            GeneratorOutcome outcome = AssertGeneratorSurvives(source, $"random case {i}:\n{source}");
            reported.UnionWith(outcome.Diagnostics.Select(d => d.Id));
            generated += outcome.SourceCount;
        }

        // The cases reach past the first checks: some generate code, and many different checks fire.
        Assert.True(generated >= 20, $"only {generated} random declarations generated code");
        Assert.True(reported.Count >= 15, $"random declarations raised only {string.Join(", ", reported.Order(StringComparer.Ordinal))}");
    }

    /// <summary>Runs the generator and fails on anything that would reach the user as a crash.</summary>
    private static GeneratorOutcome AssertGeneratorSurvives(string source, string? context = null)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(source);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        string what = context ?? source;

        foreach (GeneratorRunResult run in result.Results)
        {
            Assert.True(run.Exception is null, $"generator threw {run.Exception}\n{what}");
        }

        Assert.DoesNotContain(driverDiagnostics, d => d.Id == "CS8785");
        Assert.False(
            result.Diagnostics.Any(d => d.Id == Descriptors.InternalError.Id),
            $"generator failed: {string.Join("; ", result.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)))}\n{what}");

        // Whatever it emits is at least well-formed C#.
        foreach (SyntaxTree tree in result.GeneratedTrees)
        {
            Assert.Empty(tree.GetDiagnostics());
        }

        // An error of StaticNet's means no generated code; generated code means no errors of StaticNet's.
        bool reportedError = result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        Assert.False(reportedError && result.GeneratedTrees.Length > 0, $"generated code despite errors\n{what}");
        return new GeneratorOutcome(result, output);
    }

    private static readonly string[] Integers = ["0", "1", "2", "3", "4", "5", "8", "10", "28", "-1", "-7", "65536", "int.MaxValue", "int.MinValue", "1073741824"];

    private static readonly string[] Doubles = ["0", "0.01", "0.5", "0.9", "1", "-1", "1e308", "-0.0", "double.NaN", "double.PositiveInfinity", "double.Epsilon"];

    private static readonly string[] Layers = ["Dense", "Conv2D", "Conv1D", "ConvTranspose2D", "MaxPool2D", "AvgPool2D", "MaxPool1D", "AvgPool1D", "GlobalAvgPool", "Flatten"];

    /// <summary>Mostly small, plausible values, so that many declarations get past the first check.</summary>
    private static string Int(Random random) => random.Next(4) == 0 ? Integers[random.Next(Integers.Length)] : random.Next(1, 9).ToString(CultureInfo.InvariantCulture);

    private static string Double(Random random) => Doubles[random.Next(Doubles.Length)];

    private static string Enum(Random random, string type, int members) =>
        random.Next(6) == 0 ? $"({type})({random.Next(-2, members + 3)})" : $"{type}.{System.Enum.GetName(EnumType(type), random.Next(members))}";

    private static Type EnumType(string type) => type switch
    {
        "Activation" => typeof(Activation),
        "LossKind" => typeof(LossKind),
        "WeightInit" => typeof(WeightInit),
        _ => typeof(Precision),
    };

    private static string Blocks(Random random) =>
        random.Next(8) == 0 ? "null" : "new[] { " + string.Join(", ", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Int(random))) + " }";

    private static string RandomDeclaration(Random random, int index)
    {
        var attributes = new List<string>();
        var network = new List<string>();
        if (random.Next(2) == 0)
        {
            network.Add("BatchCapacity = " + Int(random));
        }

        if (random.Next(3) == 0)
        {
            network.Add("Seed = " + Int(random));
        }

        if (random.Next(3) == 0)
        {
            network.Add("Precision = " + Enum(random, "Precision", 2));
        }

        attributes.Add(network.Count == 0 ? "Network" : $"Network({string.Join(", ", network)})");
        if (random.Next(10) != 0)
        {
            int rank = random.Next(10) == 0 ? random.Next(0, 6) : random.Next(1, 4);
            attributes.Add("Input(" + string.Join(", ", Enumerable.Range(0, rank).Select(_ => random.Next(3) == 0 ? Int(random) : random.Next(1, 13).ToString(CultureInfo.InvariantCulture))) + ")");
        }

        int layers = random.Next(0, 7);
        for (int l = 0; l < layers; l++)
        {
            attributes.Add(RandomLayer(random));
        }

        if (random.Next(10) != 0)
        {
            attributes.Add($"Loss({Enum(random, "LossKind", 3)})");
        }

        if (random.Next(10) != 0)
        {
            var options = new List<string>();
            foreach (string option in new[] { "LearningRate", "Momentum", "WeightDecay" })
            {
                if (random.Next(2) == 0)
                {
                    options.Add($"{option} = {Double(random)}");
                }
            }

            attributes.Add(options.Count == 0 ? "Momentum" : $"Momentum({string.Join(", ", options)})");
        }

        if (random.Next(15) == 0)
        {
            attributes.Add(attributes[random.Next(attributes.Count)]);
        }

        // Declaration order matters to StaticNet; shuffle a few so layers also appear before the input.
        if (random.Next(8) == 0)
        {
            int a = random.Next(attributes.Count), b = random.Next(attributes.Count);
            (attributes[a], attributes[b]) = (attributes[b], attributes[a]);
        }

        var source = new StringBuilder("using StaticNet;\n\nnamespace Fuzz;\n\n");
        foreach (string attribute in attributes)
        {
            source.Append('[').Append(attribute).Append("]\n");
        }

        source.Append(CultureInfo.InvariantCulture, $"public partial class Net{index};\n");
        return source.ToString();
    }

    /// <summary>A declaration that is mostly valid, with random sizes and options, so code generation runs too.</summary>
    private static string PlausibleDeclaration(Random random, int index)
    {
        var attributes = new List<string> { $"Network(BatchCapacity = {random.Next(1, 65)}, Seed = {random.Next()})" };
        string[] activations = ["Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU"];
        string[] initializers = ["Default", "XavierUniform", "XavierNormal", "LeCunNormal", "HeNormal", "HeUniform"];
        string Dense(int units) =>
            $"Dense({units}, Activation = Activation.{activations[random.Next(activations.Length)]}, WeightInit = WeightInit.{initializers[random.Next(initializers.Length)]})";

        if (random.Next(2) == 0)
        {
            int channels = random.Next(1, 4), height = random.Next(4, 17), width = random.Next(4, 17);
            attributes.Add($"Input({channels}, {height}, {width})");
            int kernel = random.Next(1, Math.Min(height, width) + 1);
            attributes.Add($"Conv2D({random.Next(1, 5)}, Kernel = {kernel}, Stride = {random.Next(1, 3)}, Padding = {random.Next(0, kernel)}, Activation = Activation.ReLU)");
            if (random.Next(2) == 0)
            {
                attributes.Add(random.Next(2) == 0 ? "MaxPool2D(1)" : "GlobalAvgPool");
            }

            attributes.Add("Flatten");
        }
        else
        {
            attributes.Add($"Input({random.Next(1, 33)})");
        }

        for (int l = random.Next(0, 4); l > 0; l--)
        {
            attributes.Add(Dense(random.Next(1, 33)));
        }

        attributes.Add($"Dense({random.Next(1, 11)})");
        attributes.Add("Loss(LossKind.SquaredError)");
        attributes.Add($"Momentum(LearningRate = {random.Next(1, 100) / 1000.0:R}, Momentum = {random.Next(0, 10) / 10.0:R})");
        return "using StaticNet;\n\nnamespace Fuzz;\n\n" + string.Concat(attributes.Select(a => "[" + a + "]\n")) + $"public partial class Net{index};\n";
    }

    private static string RandomLayer(Random random)
    {
        string kind = Layers[random.Next(Layers.Length)];
        var arguments = new List<string>();
        bool trainable = kind is "Dense" or "Conv2D" or "Conv1D" or "ConvTranspose2D";
        bool pooling = kind.Contains("Pool", StringComparison.Ordinal) && kind != "GlobalAvgPool";
        if (trainable)
        {
            arguments.Add(Int(random));
            if (random.Next(2) == 0)
            {
                arguments.Add("Activation = " + Enum(random, "Activation", 6));
            }

            if (random.Next(4) == 0)
            {
                arguments.Add("WeightInit = " + Enum(random, "WeightInit", 10));
            }

            if (random.Next(5) == 0)
            {
                arguments.Add("InitValue = " + Double(random));
            }

            if (random.Next(6) == 0)
            {
                arguments.Add("LeakySlope = " + Double(random));
            }

            if (random.Next(6) == 0)
            {
                arguments.Add("BiasInit = " + Double(random));
            }
        }

        if (kind is "Conv2D" or "Conv1D" or "ConvTranspose2D")
        {
            if (random.Next(6) != 0)
            {
                arguments.Add("Kernel = " + Int(random));
            }

            foreach (string option in kind == "Conv1D"
                ? new[] { "Stride", "Padding", "PaddingLeft", "PaddingRight", "Dilation" }
                : kind == "Conv2D"
                    ? new[] { "KernelHeight", "KernelWidth", "Stride", "Padding", "PaddingTop", "PaddingBottom", "PaddingLeft", "PaddingRight", "Dilation" }
                    : new[] { "KernelHeight", "KernelWidth", "Stride", "Padding", "OutputPadding", "Dilation" })
            {
                if (random.Next(5) == 0)
                {
                    arguments.Add($"{option} = {Int(random)}");
                }
            }

            if (kind != "ConvTranspose2D" && random.Next(5) == 0)
            {
                arguments.Add("SamePadding = " + (random.Next(2) == 0 ? "true" : "false"));
            }

            if (random.Next(6) == 0)
            {
                arguments.Add("Bias = false");
            }
        }

        if (pooling)
        {
            bool blocks = random.Next(4) == 0;
            if (!blocks || random.Next(5) == 0)
            {
                arguments.Add(Int(random));
            }

            if (blocks)
            {
                if (kind.EndsWith("1D", StringComparison.Ordinal))
                {
                    arguments.Add("Blocks = " + Blocks(random));
                }
                else
                {
                    if (random.Next(6) != 0)
                    {
                        arguments.Add("RowBlocks = " + Blocks(random));
                    }

                    if (random.Next(6) != 0)
                    {
                        arguments.Add("ColumnBlocks = " + Blocks(random));
                    }
                }
            }

            if (random.Next(4) == 0)
            {
                arguments.Add("Stride = " + Int(random));
            }

            if (random.Next(4) == 0)
            {
                arguments.Add("Padding = " + Int(random));
            }
        }

        return arguments.Count == 0 ? kind : $"{kind}({string.Join(", ", arguments)})";
    }
}
