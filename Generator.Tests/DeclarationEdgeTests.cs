using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaticNet.Generator.Tests.Infrastructure;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>
/// Declarations a fuzzer found that crashed the generator (CS8785, after which no network gets code) or produced
/// generated code that does not compile: each now gets compiling code or a clear StaticNet diagnostic.
/// </summary>
public partial class DeclarationEdgeTests
{
    private const string Layers = """
        [Network]
        [Input(4)]
        [Dense(3, Activation = Activation.ReLU)]
        [Dense(2)]
        [Loss(LossKind.SquaredError)]
        [Momentum]
        """;

    /// <summary>A network of every kind of member the generated code has: convolution, batch norm, dropout, Adam.</summary>
    private const string RichLayers = """
        [Network]
        [Input(1, 8, 8)]
        [Conv2D(2, Kernel = 3, Activation = Activation.ReLU)]
        [BatchNorm]
        [MaxPool2D(2)]
        [Dropout(0.5)]
        [Flatten]
        [Dense(3)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        [Adam(WeightDecay = 0.1, ClipNorm = 1)]
        """;

    [Fact]
    public void Class_names_that_differ_only_in_case_get_a_file_each()
    {
        GeneratorOutcome outcome = Run($"using StaticNet;\nnamespace Demo;\n{Layers}\npublic partial class Net;\n{Layers}\npublic partial class NET;\n{Layers}\npublic partial class nEt;");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(["Demo.NET.g.cs", "Demo.Net.2.g.cs", "Demo.nEt.3.g.cs"], HintNames(outcome));
        AssertCompiles(outcome);
    }

    [Fact]
    public void A_member_named_like_the_class_leaves_the_generated_code_compiling()
    {
        // The user's nested type is an error of its own (CS0542); inside the class its name then means that type, so
        // the generated code names its own class from global:: (the shard constructor and CreateShard do).
        GeneratorOutcome outcome = Run($"using StaticNet;\nnamespace Demo.Models;\n{RichLayers}\npublic partial class Net\n{{\n    public class N\\u0065t {{ }}\n}}");

        Assert.Empty(outcome.Diagnostics);
        Assert.Contains("new global::Demo.Models.Net(this, dropoutSeed)", outcome.Source(), StringComparison.Ordinal);
        AssertCompiles(outcome, "CS0542");
    }

    [Fact]
    public void Network_on_two_partial_declarations_generates_one_half()
    {
        // The compiler reports the duplicate attribute (CS0579); StaticNet reads the class once.
        GeneratorOutcome outcome = Run(
            $"using StaticNet;\nnamespace Demo;\n{Layers}\npublic partial class Net;",
            "using StaticNet;\nnamespace Demo;\n[Network]\npublic partial class Net;");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(["Demo.Net.g.cs"], HintNames(outcome));
        Assert.Equal(["CS0579"], outcome.CompilationProblems.Select(d => d.Id));
    }

    [Fact]
    public void File_local_classes_of_one_name_are_reported_each_in_its_file()
    {
        string source = $"using StaticNet;\nnamespace Demo;\n{Layers}\nfile partial class Net;";
        GeneratorOutcome outcome = Run(source, source);

        Assert.Equal(2, outcome.Diagnostics.Length);
        Assert.All(outcome.Diagnostics, d => Assert.Equal("SN0010", d.Id));
        Assert.Equal(
            ["/src/File1.cs", GeneratorHarness.FilePath],
            outcome.Diagnostics.Select(d => d.Location.GetLineSpan().Path).Order(StringComparer.Ordinal));
        Assert.Contains("File-local network class 'Net' is not supported", outcome.Diagnostics[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(0, outcome.SourceCount);
    }

    [Fact]
    public void Network_nested_in_a_file_local_class_is_reported()
    {
        MarkedSource marked = MarkedSource.Parse($"using StaticNet;\nnamespace Demo;\nfile partial class Outer\n{{\n{Layers}\npublic partial class [|Net|];\n}}");
        GeneratorOutcome outcome = Run(marked.Source);

        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("SN0010", diagnostic.Id);
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "File-local network class 'Outer.Net' (in file-local 'Outer') is not supported: the generated half is in a file of its own, and a file-local type cannot span files; remove 'file'",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Nested_class_and_namespace_of_one_full_name_get_a_file_each()
    {
        // Demo.Outer.Net twice: a class nested in Outer, and a class in namespace Demo.Outer. The compiler rejects the pair
        // (CS0101); the generator must not throw on the two equal file names.
        GeneratorOutcome outcome = Run(
            $"using StaticNet;\nnamespace Demo;\npublic partial class Outer\n{{\n{Layers}\npublic partial class Net;\n}}",
            $"using StaticNet;\nnamespace Demo.Outer;\n{Layers}\npublic partial class Net;");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(["Demo.Outer.Net.2.g.cs", "Demo.Outer.Net.g.cs"], HintNames(outcome));
    }

    [Theory]
    [InlineData("namespace Demo.@event;", "@event", "Demo.event.event.g.cs")]
    [InlineData("namespace @class.@namespace;", "@record", "class.namespace.record.g.cs")]
    [InlineData("namespace Demo.var.async;", "@var", "Demo.var.async.var.g.cs")]
    [InlineData("namespace Demo;", "Réseau_\u00E9", "Demo.Réseau_\u00E9.g.cs")]
    [InlineData("namespace lower.models;", "net", "lower.models.net.g.cs")]
    public void Verbatim_and_keyword_names_compile(string ns, string name, string hint)
    {
        GeneratorOutcome outcome = Run($"using StaticNet;\n{ns}\n{RichLayers}\npublic partial class {name};");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal([hint], HintNames(outcome));
        AssertCompiles(outcome, "CS8981");

        // The user's lower-case class name is warned about once, in the user's file; the generated half writes it verbatim.
        Assert.DoesNotContain(outcome.CompilationProblems, d => d.Location.SourceTree is { } tree && outcome.Result.GeneratedTrees.Contains(tree));
        Assert.Contains(ns.Replace("@", "", StringComparison.Ordinal), outcome.Source().Replace("@", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Keyword_named_containing_types_compile()
    {
        GeneratorOutcome outcome = Run($"using StaticNet;\nnamespace Demo;\npublic partial class @class\n{{\npublic partial struct @record\n{{\n{Layers}\npublic partial class @event;\n}}\n}}");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(["Demo.class.record.event.g.cs"], HintNames(outcome));
        AssertCompiles(outcome);
    }

    [Theory]
    [InlineData("namespace Demo.;")]
    [InlineData("namespace ;")]
    [InlineData("namespace Demo..Models;")]
    [InlineData("namespace Demo { public partial class { ")]
    public void Namespace_being_typed_generates_nothing_and_does_not_throw(string ns)
    {
        GeneratorOutcome outcome = Run($"using StaticNet;\n{ns}\n{Layers}\npublic partial class Net;");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(0, outcome.SourceCount);
        Assert.Contains(outcome.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Primary_constructor_is_reported()
    {
        MarkedSource marked = MarkedSource.Parse($"using StaticNet;\nnamespace Demo;\n{Layers}\npublic partial class [|Net|](int size)\n{{\npublic int Size => size;\n}}");
        GeneratorOutcome outcome = Run(marked.Source);

        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("SN0010", diagnostic.Id);
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        Assert.StartsWith("Network class 'Net' with a primary constructor is not supported", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public class Base { public Base(int size) { } }")]
    [InlineData("public class Base { private Base() { } public Base(int size) { } }")]
    [InlineData("public class Base { public Base(int size = 1) { } public Base(string name = \"\") { } }")]
    public void Base_class_without_a_callable_parameterless_constructor_is_reported(string baseClass)
    {
        MarkedSource marked = MarkedSource.Parse($"using StaticNet;\nnamespace Demo;\n{baseClass}\n{Layers}\npublic partial class [|Net|] : Base;");
        GeneratorOutcome outcome = Run(marked.Source);

        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("SN0010", diagnostic.Id);
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "Network class 'Net' deriving from 'Base' is not supported: the generated constructor Net() calls the base class's parameterless constructor, which it lacks (or cannot reach); give the base class an accessible parameterless constructor",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(0, outcome.SourceCount);
    }

    [Theory]
    [InlineData("public abstract class Base { protected Base() { } }")]
    [InlineData("public class Base { public Base(int size = 1) { } }")]
    [InlineData("public class Base { public Base(params int[] sizes) { } public Base() { } }")]
    [InlineData("public class Base { protected internal Base(int size = 1, string name = \"\") { } }")]
    public void Base_class_with_a_callable_constructor_compiles(string baseClass)
    {
        GeneratorOutcome outcome = Run($"using StaticNet;\nnamespace Demo;\n{baseClass}\n{Layers}\npublic partial class Net : Base;");

        Assert.Empty(outcome.Diagnostics);
        AssertCompiles(outcome);
    }

    [Fact]
    public void Overloads_of_generated_methods_and_other_constructors_are_not_clashes()
    {
        GeneratorOutcome outcome = Run($$"""
            using System;
            using StaticNet;
            namespace Demo;
            {{Layers}}
            public partial class Net
            {
                public Net(int seed) : this() => Initialize(seed);
                public float[] Forward(float[] input)
                {
                    var output = new float[OutputLength];
                    Forward(input, output);
                    return output;
                }
                public float Loss(float[] inputs, float[] targets) => Loss(inputs.AsSpan(), targets.AsSpan());
                public void Initialize() => Initialize(DefaultSeed);
                public static int Predict<T>(T value) => 0;
            }
            """);

        Assert.Empty(outcome.Diagnostics);
        AssertCompiles(outcome);
    }

    [Fact]
    public void Every_clash_is_reported_with_both_members()
    {
        GeneratorOutcome outcome = Run($$"""
            using System;
            using StaticNet;
            namespace Demo;
            {{RichLayers}}
            public partial class Net
            {
                public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs) { }
                public int InputLength;
                public event EventHandler? Step;
                public int TrainStep { get; set; }
                public static void Conv2D1Weights() { }
                private int _parameters;
                public class ExpAvg;
                public int Use() => _parameters;
            }
            """);

        Assert.Equal(
            [
                "The event 'Net.Step' clashes with the property 'Step' in the code StaticNet generates for 'Net'; rename yours",
                "The field 'Net.InputLength' clashes with the constant 'InputLength' in the code StaticNet generates for 'Net'; rename yours",
                "The field 'Net._parameters' clashes with the field '_parameters' in the code StaticNet generates for 'Net'; rename yours",
                "The method 'Net.Conv2D1Weights()' clashes with the property 'Conv2D1Weights' in the code StaticNet generates for 'Net'; rename yours",
                "The method 'Net.Forward(ReadOnlySpan<float>, Span<float>)' clashes with the method 'Forward(ReadOnlySpan<float>, Span<float>)' in the code StaticNet generates for 'Net'; rename yours",
                "The nested type 'Net.ExpAvg' clashes with the property 'ExpAvg' in the code StaticNet generates for 'Net'; rename yours",
                "The property 'Net.TrainStep' clashes with the method 'TrainStep(ReadOnlySpan<float>, ReadOnlySpan<int>)' in the code StaticNet generates for 'Net'; rename yours",
            ],
            outcome.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
        Assert.All(outcome.Diagnostics, d => Assert.Equal("SN0040", d.Id));
        Assert.Equal(0, outcome.SourceCount);
    }

    [Theory]
    [InlineData("namespace App.Math.Array.Span;", "")]
    [InlineData("namespace App.System.StaticNet.MemoryExtensions;", "")]
    [InlineData("namespace App.var.@float;", "public class nameof;")]
    [InlineData("namespace App;", "public class Math; public class Array; public class Span<T>; public class ReadOnlySpan<T>; public class IReadOnlyList<T>; public class var; public class MemoryExtensions;")]
    [InlineData("namespace App.System.StaticNet.MemoryExtensions;", "public class Math; public class Array; public class Span<T>; public class ReadOnlySpan<T>; public class var;")]
    [InlineData("namespace App;", "public class Gemm; public class Bias; public class Adam; public class Initializers; public class SeededRandom; public class TensorInfo; public class LayerStatistics; public class BatchGuard; public class INetwork;")]
    [InlineData("namespace App.Kernels.Init.Losses.Optimizers.Training;", "public static class Extensions { public static int Slice(this float[] values) => values.Length; }")]
    [InlineData("namespace App;", "public static class Extensions { public static int AsSpan(this string text) => text.Length; }")]
    public void Names_in_the_users_code_do_not_change_what_generated_code_binds_to(string ns, string types)
    {
        GeneratorOutcome outcome = Run($"using StaticNet;\n{ns}\n{types}\n{RichLayers}\npublic partial class Net;");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(1, outcome.SourceCount);
        AssertCompiles(outcome, "CS8981");
    }

    [Fact]
    public void Aliases_named_like_runtime_and_framework_names_do_not_change_what_generated_code_binds_to()
    {
        GeneratorOutcome outcome = Run(
            $"using StaticNet;\nusing @float = System.Double;\nusing Single = System.Double;\nusing Span = System.String;\nnamespace App;\n{RichLayers}\npublic partial class Net;",
            "global using Math = System.String;\nglobal using Array = System.Collections.ArrayList;\nglobal using MemoryExtensions = System.String;\nglobal using Gemm = System.Object;\nglobal using TensorKind = System.DayOfWeek;");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(1, outcome.SourceCount);
        AssertCompiles(outcome);
    }

    [Fact]
    public void Members_of_the_class_and_its_base_named_like_runtime_types_do_not_change_what_generated_code_binds_to()
    {
        GeneratorOutcome outcome = Run($$"""
            using StaticNet;
            namespace App;
            public class Base
            {
                protected int Math;
                protected static void Gemm() { }
                public class Span { }
            }
            {{RichLayers}}
            public partial class Net : Base
            {
                private sealed class Array;
                private static int Initializers => 0;
                private sealed class MemoryExtensions;
            }
            """);

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(1, outcome.SourceCount);
        AssertCompiles(outcome, "CS0169");
    }

    [Theory]
    [InlineData("System")]
    public void Type_in_the_global_namespace_that_hides_a_namespace_is_reported(string name)
    {
        MarkedSource marked = MarkedSource.Parse($"namespace Demo\n{{\n{Layers.Replace("[", "[global::StaticNet.", StringComparison.Ordinal).Replace("LossKind", "global::StaticNet.LossKind", StringComparison.Ordinal).Replace("Activation.", "global::StaticNet.Activation.", StringComparison.Ordinal)}\npublic partial class [|Net|] {{ }}\n}}");
        GeneratorOutcome outcome = Run(marked.Source, $"public class {name} {{ }}");

        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("SN0040", diagnostic.Id);
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        Assert.Equal(
            $"The type 'global::{name}' clashes with the namespace '{name}' in the code StaticNet generates for 'Net'; rename yours or move it into a namespace: in the global namespace it hides the namespace everywhere",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    public static TheoryData<int> ValidDeclarations => new(Enumerable.Range(0, Declarations.AllValid.Length));

    [Theory]
    [MemberData(nameof(ValidDeclarations))]
    public void Generated_code_compiles_with_CSharp_10(int index)
    {
        // C# 10 has no body-less class declarations; the user's side is written with braces.
        string source = BodilessClass().Replace(Declarations.AllValid[index], "$1 { }");
        GeneratorOutcome outcome = GeneratorHarness.Run(LanguageVersion.CSharp10, source);

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(1, outcome.SourceCount);
        AssertCompiles(outcome);
    }

    [Theory]
    [InlineData("namespace App.nameof;", "")]
    [InlineData("namespace App;", "public static class Names { }\npublic partial class Base { protected static string nameof(object value) => \"\"; }")]
    [InlineData("namespace Fuzz89393.nameof.Bias;", "")]
    public void Something_named_nameof_in_scope_changes_nothing(string ns, string types)
    {
        // The generated code names its arguments with string literals, not nameof(...), which a namespace, method or value
        // named nameof in scope would turn into a call. The third case is the 100,000-declaration fuzz run's one finding,
        // where the class is named nameof too.
        string bases = types.Length == 0 ? "" : " : Base";
        string name = ns.StartsWith("namespace Fuzz", System.StringComparison.Ordinal) ? "nameof" : "Net";
        GeneratorOutcome outcome = Run($"using StaticNet;\n{ns}\n{types}\n{Layers}\npublic partial class {name}{bases};");

        Assert.Empty(outcome.Diagnostics);
        AssertCompiles(outcome, "CS8981"); // the lower-case class name, warned about in the user's own code
    }

    [Theory]
    [InlineData("namespace App;\npublic static class Extensions { public static System.Span<T> AsSpan<T>(this T[] array, int start, int length) => default; }")]
    [InlineData("namespace App.Models;\npublic static class Extensions { public static int AsSpan(this object value, int start, int length) => start; }")]
    public void Extension_method_that_would_take_the_generated_calls_is_reported(string declarations)
    {
        MarkedSource marked = MarkedSource.Parse($"using StaticNet;\n{declarations}\n{Layers}\npublic partial class [|Net|];");
        GeneratorOutcome outcome = Run(marked.Source);

        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("SN0040", diagnostic.Id);
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "The extension method 'AsSpan' clashes with the extension method 'AsSpan' (System's, on arrays) in the code StaticNet generates for 'Net'; rename yours, or move it out of the namespaces that enclose the network: there it is found before System's",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Old_language_version_is_reported_once_for_all_networks()
    {
        string first = "using StaticNet;\nnamespace Demo\n{\n" + Layers + "\npublic partial class B { }\n" + Layers + "\npublic partial class A { }\n}";
        string second = "using StaticNet;\nnamespace Other\n{\n" + Layers + "\npublic partial class C { }\n}";
        GeneratorOutcome outcome = GeneratorHarness.Run(LanguageVersion.CSharp7_3, first, second);

        // On the first class by file path (File1.cs sorts before Networks.cs), then position.
        Diagnostic diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("SN0041", diagnostic.Id);
        Assert.Equal("/src/File1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal("C", second.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("but the project compiles with C# 7.3", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(0, outcome.SourceCount);
    }

    [Theory]
    [InlineData("[Momentum(LearningRate = 1e39)]", "")]
    [InlineData("[Momentum(Momentum = 0.99999999)]", "")]
    [InlineData("[Momentum(LearningRate = 1e-50)]", "")]
    [InlineData("[Momentum(LearningRate = 1e-40, WeightDecay = 1e-45, ClipValue = 1e300)]", "")]
    [InlineData("[Adam(Beta1 = 0.999999999, Beta2 = 0.9999999999, Epsilon = 1e-300)]", "")]
    [InlineData("[Momentum]", ", WeightInit = WeightInit.Uniform, InitValue = 1e39, BiasInit = -1e39")]
    [InlineData("[Momentum]", ", WeightInit = WeightInit.Constant, InitValue = 1e-50, BiasInit = 1e-60")]
    [InlineData("[Momentum]", ", Activation = Activation.LeakyReLU, LeakySlope = 0.999999999")]
    public void Values_a_float_changes_are_errors_in_single_precision_and_fine_in_double(string optimizer, string dense)
    {
        string layers = $"[Input(4)]\n[Dense(3{dense})]\n[Dense(2)]\n[Loss(LossKind.SquaredError)]\n{optimizer}";
        GeneratorOutcome single = Run($"using StaticNet;\nnamespace Demo;\n[Network]\n{layers}\npublic partial class Net;");
        GeneratorOutcome @double = Run($"using StaticNet;\nnamespace Demo;\n[Network(Precision = Precision.Double)]\n{layers}\npublic partial class Net;");

        Diagnostic[] errors = single.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, d => Assert.Equal("SN0042", d.Id));
        Assert.Equal(0, single.SourceCount);
        Assert.DoesNotContain(@double.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(1, @double.SourceCount);
        AssertCompiles(@double, "SN0011");
    }

    [Fact]
    public void Network_on_another_partial_declaration_is_not_reported_as_missing()
    {
        GeneratorOutcome outcome = Run(
            "using StaticNet;\nnamespace Demo;\n[Input(4)]\n[Dense(2)]\npublic partial class Net;",
            "using StaticNet;\nnamespace Demo;\n[Network]\n[Loss(LossKind.SquaredError)]\n[Momentum]\npublic partial class Net;");

        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(1, outcome.SourceCount);
    }

    [Fact]
    public void Layers_without_network_are_reported_once_per_declaration_and_aliases_count()
    {
        GeneratorOutcome outcome = Run(
            "using StaticNet;\nusing D = StaticNet.DenseAttribute;\nnamespace Demo;\n[global::StaticNet.Input(4)]\n[D(2)]\npublic partial class Net;\n[Sigmoid] public partial class Net;\npublic class Plain;\n[System.Obsolete] public class Other;");

        Assert.Equal(2, outcome.Diagnostics.Length);
        Assert.All(outcome.Diagnostics, d => Assert.Equal("SN0045", d.Id));
        Assert.Equal(
            ["'Net' has StaticNet attributes ([Input], [Dense]) but no [Network], so nothing is generated for it; add [Network] or remove them", "'Net' has StaticNet attributes ([Sigmoid]) but no [Network], so nothing is generated for it; add [Network] or remove them"],
            outcome.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generating_a_long_signal_network_allocates_in_proportion_to_its_layers_not_its_sizes()
    {
        // 2^23 samples through 20 convolutions: the unused-input check once filled a 2^23-entry table several times per
        // layer (hundreds of megabytes, seconds in the IDE). Measured in bytes, not time: allocations do not depend on the machine.
        string layers = string.Concat(Enumerable.Repeat("[Conv1D(1, Kernel = 2)]\n", 20));
        string source = $"using StaticNet;\nnamespace Demo;\n[Network(BatchCapacity = 1)]\n[Input(1, 8388608)]\n{layers}[Flatten]\n[Dense(2)]\n[Loss(LossKind.SquaredError)]\n[Sgd]\npublic partial class Signal;";
        CSharpCompilation compilation = GeneratorHarness.Compilation(source);
        GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation("namespace Warm;"));

        long before = GC.GetAllocatedBytesForCurrentThread();
        GeneratorDriverRunResult result = GeneratorHarness.Driver(trackSteps: false).RunGenerators(compilation).GetRunResult();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedTrees);
        Assert.True(allocated < 64L << 20, $"generating allocated {allocated >> 20} MB");
    }

    [GeneratedRegex(@"(partial class \w+);")]
    private static partial Regex BodilessClass();

    private static GeneratorOutcome Run(params string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(sources);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(driverDiagnostics, d => d.Id is "CS8785" or "SN0019");
        return new GeneratorOutcome(result, output);
    }

    /// <summary>No error or warning anywhere, but the user code's own <paramref name="allowed"/> ones.</summary>
    private static void AssertCompiles(GeneratorOutcome outcome, params string[] allowed)
    {
        Diagnostic[] problems = outcome.CompilationProblems.Where(d => !allowed.Contains(d.Id)).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Select(d => d.ToString())));
    }

    private static List<string> HintNames(GeneratorOutcome outcome) =>
        outcome.Result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).Order(StringComparer.Ordinal).ToList();
}
