using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using StaticNet.CodeFixes;
using StaticNet.Generator.Diagnostics;
using StaticNet.Generator.Tests.Infrastructure;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>
/// The code fixes shipped beside the generator (Generator/CodeFixes): each one applied to the generator's own diagnostic,
/// marked in the source before the fix as <c>{|SNxxxx:…|}</c>, gives the expected source, which then raises no diagnostic
/// at all (the generator's is gone, no new one appears, the generated code compiles). Fix All runs too.
/// </summary>
public class CodeFixTests
{
    private const string Header = """
        using StaticNet;

        namespace Demo;

        """;

    [Fact]
    public Task SN0001_adds_partial_after_the_other_modifiers() =>
        CodeFixVerifier<MakePartialCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public sealed class {|SN0001:Net|};
            """,
            Header + """
            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            public sealed partial class Net;
            """,
            MakePartialCodeFix.EquivalenceKey,
            "Declare 'Net' partial");

    [Fact]
    public Task SN0001_adds_partial_to_a_class_without_modifiers() =>
        CodeFixVerifier<MakePartialCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            class {|SN0001:Net|}
            {
            }
            """,
            Header + """
            [Network]
            [Input(4)]
            [Dense(2)]
            [Loss(LossKind.SquaredError)]
            [Momentum]
            partial class Net
            {
            }
            """,
            MakePartialCodeFix.EquivalenceKey);

    [Fact]
    public Task SN0001_adds_partial_to_the_containing_classes_too() =>
        CodeFixVerifier<MakePartialCodeFix>.VerifyAsync(
            Header + """
            public static class Models
            {
                internal class Inner
                {
                    [Network]
                    [Input(4)]
                    [Dense(2)]
                    [Loss(LossKind.SquaredError)]
                    [Momentum]
                    public partial class {|SN0001:Net|};
                }
            }
            """,
            Header + """
            public static partial class Models
            {
                internal partial class Inner
                {
                    [Network]
                    [Input(4)]
                    [Dense(2)]
                    [Loss(LossKind.SquaredError)]
                    [Momentum]
                    public partial class Net;
                }
            }
            """,
            MakePartialCodeFix.EquivalenceKey,
            "Declare 'Models' and 'Inner' partial");

    [Fact]
    public Task SN0011_zeros_on_a_ReLU_layer_become_He_normal() =>
        CodeFixVerifier<InitializationCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(784)]
            [Dense(128, Activation = Activation.ReLU, WeightInit = {|SN0011:WeightInit.Zeros|})]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            Header + """
            [Network]
            [Input(784)]
            [Dense(128, Activation = Activation.ReLU, WeightInit = WeightInit.HeNormal)]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            InitializationCodeFix.RandomKey,
            "Use He normal initialization (random, for ReLU)");

    [Fact]
    public Task SN0011_a_constant_on_a_tanh_layer_becomes_Xavier_normal_and_loses_its_value() =>
        CodeFixVerifier<InitializationCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(784)]
            [Dense(128, Activation = Activation.Tanh, WeightInit = {|SN0011:WeightInit.Constant|}, InitValue = 0.5, BiasInit = 0.1)]
            [Dense(10, WeightInit = {|SN0011:WeightInit.Constant|}, InitValue = 0.5)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            Header + """
            [Network]
            [Input(784)]
            [Dense(128, Activation = Activation.Tanh, WeightInit = WeightInit.XavierNormal, BiasInit = 0.1)]
            [Dense(10, WeightInit = WeightInit.XavierNormal)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            InitializationCodeFix.RandomKey);

    [Fact]
    public Task SN0011_follows_an_activation_layer_after_batch_norm() =>
        CodeFixVerifier<InitializationCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(1, 8, 8)]
            [Conv2D(4, Kernel = 3, WeightInit = {|SN0011:StaticNet.WeightInit.Zeros|})]
            [BatchNorm]
            [LeakyReLU(0.1)]
            [Flatten]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum]
            public partial class Conv;
            """,
            Header + """
            [Network]
            [Input(1, 8, 8)]
            [Conv2D(4, Kernel = 3, WeightInit = StaticNet.WeightInit.HeNormal)]
            [BatchNorm]
            [LeakyReLU(0.1)]
            [Flatten]
            [Dense(3)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum]
            public partial class Conv;
            """,
            InitializationCodeFix.RandomKey,
            "Use He normal initialization (random, for LeakyReLU)");

    [Fact]
    public Task SN0012_Xavier_uniform_on_ReLU_becomes_He_uniform() =>
        CodeFixVerifier<InitializationCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(784)]
            [Dense(128, Activation = Activation.ReLU, WeightInit = {|SN0012:WeightInit.XavierUniform|})]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            Header + """
            [Network]
            [Input(784)]
            [Dense(128, Activation = Activation.ReLU, WeightInit = WeightInit.HeUniform)]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            InitializationCodeFix.MatchingKey,
            "Use He uniform initialization, which matches ReLU");

    [Fact]
    public Task SN0012_He_on_sigmoid_and_tanh_becomes_Xavier() =>
        CodeFixVerifier<InitializationCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(30)]
            [Dense(16, WeightInit = {|SN0012:WeightInit.HeNormal|})]
            [Tanh]
            [Dense(1, Activation = Activation.Sigmoid, WeightInit = {|SN0012:(WeightInit)9|})]
            [Loss(LossKind.BinaryCrossEntropy)]
            [Adam]
            public partial class Detector;
            """,
            Header + """
            [Network]
            [Input(30)]
            [Dense(16, WeightInit = WeightInit.XavierNormal)]
            [Tanh]
            [Dense(1, Activation = Activation.Sigmoid, WeightInit = WeightInit.XavierUniform)]
            [Loss(LossKind.BinaryCrossEntropy)]
            [Adam]
            public partial class Detector;
            """,
            InitializationCodeFix.MatchingKey);

    [Fact]
    public Task SN0013_fused_sigmoids_become_ReLU_and_the_output_keeps_its_activation() =>
        CodeFixVerifier<SigmoidStackCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(784)]
            [Dense(256, Activation = Activation.Sigmoid)]
            [Dense(128, Activation = Activation.Sigmoid)]
            [Dense(64, Activation = {|SN0013:Activation.Sigmoid|})]
            [Dense(32, Activation = Activation.Sigmoid, Name = "last")]
            [Dense(1, Activation = Activation.Sigmoid)]
            [Loss(LossKind.BinaryCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            Header + """
            [Network]
            [Input(784)]
            [Dense(256, Activation = Activation.ReLU)]
            [Dense(128, Activation = Activation.ReLU)]
            [Dense(64, Activation = Activation.ReLU)]
            [Dense(32, Activation = Activation.ReLU, Name = "last")]
            [Dense(1, Activation = Activation.Sigmoid)]
            [Loss(LossKind.BinaryCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            SigmoidStackCodeFix.EquivalenceKey,
            "Use ReLU instead of sigmoid in Dense1, Dense2, Dense3, Last");

    [Fact]
    public Task SN0013_sigmoid_layers_become_ReLU_layers_and_Xavier_becomes_He() =>
        CodeFixVerifier<SigmoidStackCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(1, 12, 12)]
            [Conv2D(4, Kernel = 3, WeightInit = WeightInit.XavierUniform)]
            [Sigmoid]
            [MaxPool2D(2)]
            [Flatten]
            [Dense(32, WeightInit = WeightInit.XavierNormal)]
            [BatchNorm]
            [Sigmoid]
            [Dense(16, Activation = {|SN0013:Activation.Sigmoid|}, WeightInit = WeightInit.LeCunNormal)]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum]
            public partial class Mixed;
            """,
            Header + """
            [Network]
            [Input(1, 12, 12)]
            [Conv2D(4, Kernel = 3, WeightInit = WeightInit.HeUniform)]
            [ReLU]
            [MaxPool2D(2)]
            [Flatten]
            [Dense(32, WeightInit = WeightInit.HeNormal)]
            [BatchNorm]
            [ReLU]
            [Dense(16, Activation = Activation.ReLU, WeightInit = WeightInit.LeCunNormal)]
            [Dense(10)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Momentum]
            public partial class Mixed;
            """,
            SigmoidStackCodeFix.EquivalenceKey,
            "Use ReLU instead of sigmoid in Conv2D1, Dense1, Dense2");

    [Fact]
    public Task SN0013_changes_layers_declared_in_another_file_of_a_partial_network()
    {
        // Layers are read across partial declarations by file path, then position: Test0.cs comes first.
        var test = new GeneratorCodeFixTest<SigmoidStackCodeFix> { CodeActionEquivalenceKey = SigmoidStackCodeFix.EquivalenceKey };
        test.TestState.Sources.Add(("/0/Test0.cs", Header + """
            [Network]
            [Input(20)]
            [Dense(16, Activation = Activation.Sigmoid, WeightInit = WeightInit.XavierUniform)]
            [Dense(16, Activation = Activation.Sigmoid)]
            public partial class Split;
            """));
        test.TestState.Sources.Add(("/0/Test1.cs", Header + """
            [Dense(16, Activation = {|SN0013:Activation.Sigmoid|})]
            [Dense(2)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Sgd]
            public partial class Split;
            """));
        test.FixedState.Sources.Add(("/0/Test0.cs", Header + """
            [Network]
            [Input(20)]
            [Dense(16, Activation = Activation.ReLU, WeightInit = WeightInit.HeUniform)]
            [Dense(16, Activation = Activation.ReLU)]
            public partial class Split;
            """));
        test.FixedState.Sources.Add(("/0/Test1.cs", Header + """
            [Dense(16, Activation = Activation.ReLU)]
            [Dense(2)]
            [Loss(LossKind.SoftmaxCrossEntropy)]
            [Sgd]
            public partial class Split;
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task SN0014_squared_error_on_a_sigmoid_output_becomes_binary_cross_entropy() =>
        CodeFixVerifier<CrossEntropyCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(30)]
            [Dense(16, Activation = Activation.ReLU)]
            [Dense(1, Activation = Activation.Sigmoid)]
            [Loss({|SN0014:LossKind.SquaredError|})]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Detector;
            """,
            Header + """
            [Network]
            [Input(30)]
            [Dense(16, Activation = Activation.ReLU)]
            [Dense(1, Activation = Activation.Sigmoid)]
            [Loss(LossKind.BinaryCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Detector;
            """,
            CrossEntropyCodeFix.EquivalenceKey,
            "Use LossKind.BinaryCrossEntropy on the sigmoid output");

    [Fact]
    public Task SN0014_squared_error_on_a_softmax_output_becomes_softmax_cross_entropy() =>
        CodeFixVerifier<CrossEntropyCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(784)]
            [Dense(64, Activation = Activation.ReLU)]
            [Dense(10, Activation = Activation.Softmax)]
            [Loss(kind: {|SN0014:LossKind.SquaredError|})]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            Header + """
            [Network]
            [Input(784)]
            [Dense(64, Activation = Activation.ReLU)]
            [Dense(10, Activation = Activation.Softmax)]
            [Loss(kind: LossKind.SoftmaxCrossEntropy)]
            [Momentum(LearningRate = 0.01, Momentum = 0.9)]
            public partial class Classifier;
            """,
            CrossEntropyCodeFix.EquivalenceKey,
            "Use LossKind.SoftmaxCrossEntropy on the softmax output");

    [Fact]
    public Task SN0014_a_softmax_layer_keeps_its_place() =>
        CodeFixVerifier<CrossEntropyCodeFix>.VerifyAsync(
            Header + """
            [Network]
            [Input(784)]
            [Dense(10)]
            [Softmax]
            [Loss({|SN0014:StaticNet.LossKind.SquaredError|})]
            [Sgd]
            public partial class Classifier;
            """,
            Header + """
            [Network]
            [Input(784)]
            [Dense(10)]
            [Softmax]
            [Loss(StaticNet.LossKind.SoftmaxCrossEntropy)]
            [Sgd]
            public partial class Classifier;
            """,
            CrossEntropyCodeFix.EquivalenceKey);

    [Fact]
    public Task SN0020_inserts_Flatten_on_its_own_line() =>
        CodeFixVerifier<InsertFlattenCodeFix>.VerifyAsync(
            Header + """
            public static partial class Models
            {
                [Network]
                [Input(1, 28, 28)]
                [Conv2D(6, Kernel = 5, Activation = Activation.ReLU)]
                [MaxPool2D(2)]
                [{|SN0020:Dense(10)|}]
                [Loss(LossKind.SoftmaxCrossEntropy)]
                [Momentum(LearningRate = 0.01, Momentum = 0.9)]
                public partial class Classifier;
            }
            """,
            Header + """
            public static partial class Models
            {
                [Network]
                [Input(1, 28, 28)]
                [Conv2D(6, Kernel = 5, Activation = Activation.ReLU)]
                [MaxPool2D(2)]
                [Flatten]
                [Dense(10)]
                [Loss(LossKind.SoftmaxCrossEntropy)]
                [Momentum(LearningRate = 0.01, Momentum = 0.9)]
                public partial class Classifier;
            }
            """,
            InsertFlattenCodeFix.EquivalenceKey,
            "Insert [Flatten] before [Dense]");

    [Fact]
    public Task SN0020_inserts_Flatten_in_the_same_brackets_with_the_same_spelling() =>
        CodeFixVerifier<InsertFlattenCodeFix>.VerifyAsync(
            """
            namespace Demo;

            [StaticNet.Network]
            [StaticNet.Input(2, 4, 4)]
            [StaticNet.Dropout(0.5), {|SN0020:StaticNet.DenseAttribute(3)|}]
            [StaticNet.Loss(StaticNet.LossKind.SoftmaxCrossEntropy)]
            [StaticNet.Adam]
            public partial class Classifier;
            """,
            """
            namespace Demo;

            [StaticNet.Network]
            [StaticNet.Input(2, 4, 4)]
            [StaticNet.Dropout(0.5), StaticNet.FlattenAttribute, StaticNet.DenseAttribute(3)]
            [StaticNet.Loss(StaticNet.LossKind.SoftmaxCrossEntropy)]
            [StaticNet.Adam]
            public partial class Classifier;
            """,
            InsertFlattenCodeFix.EquivalenceKey);

    public static TheoryData<string> FixedIds => new(Fixes.Values.SelectMany(f => f.FixableDiagnosticIds).Order(StringComparer.Ordinal));

    /// <summary>Each fixed id's docs page: its fix, named in bold, turns the page's wrong example into its fixed one.</summary>
    [Theory]
    [MemberData(nameof(FixedIds))]
    public Task Fix_turns_the_docs_wrong_example_into_the_fixed_one(string id)
    {
        DescriptorConsistencyTests.DocPage page = DescriptorConsistencyTests.DocPage.Read(id);
        Match named = Regex.Match(page.Text, @"the code fix \*\*(?<title>.+?)\*\*");
        Assert.True(named.Success, $"{id}.md does not name its code fix as 'the code fix **title**'");

        return Fixes.Values.Single(f => f.FixableDiagnosticIds.Contains(id)) switch
        {
            MakePartialCodeFix => VerifyPage<MakePartialCodeFix>(page, named.Groups["title"].Value),
            InitializationCodeFix => VerifyPage<InitializationCodeFix>(page, named.Groups["title"].Value),
            SigmoidStackCodeFix => VerifyPage<SigmoidStackCodeFix>(page, named.Groups["title"].Value),
            CrossEntropyCodeFix => VerifyPage<CrossEntropyCodeFix>(page, named.Groups["title"].Value),
            InsertFlattenCodeFix => VerifyPage<InsertFlattenCodeFix>(page, named.Groups["title"].Value),
            CodeFixProvider other => throw new InvalidOperationException($"no page test for {other.GetType().Name}"),
        };
    }

    private static Task VerifyPage<TFix>(DescriptorConsistencyTests.DocPage page, string title)
        where TFix : CodeFixProvider, new()
    {
        var test = new GeneratorCodeFixTest<TFix>
        {
            TestCode = page.Wrong,
            FixedCode = page.Fixed,
            CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title),
        };

        // The page's wrong example raises exactly its id (DescriptorConsistencyTests): expect what the generator reports, message included.
        foreach (Diagnostic diagnostic in GeneratorHarness.Run(page.Wrong).Diagnostics)
        {
            FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
            test.ExpectedDiagnostics.Add(new DiagnosticResult(diagnostic.Id, diagnostic.Severity)
                .WithSpan("/0/Test0.cs", span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1)
                .WithMessage(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return test.RunAsync();
    }

    public static TheoryData<string> Providers => new(Fixes.Keys);

    private static readonly Dictionary<string, CodeFixProvider> Fixes = new CodeFixProvider[]
    {
        new MakePartialCodeFix(), new InitializationCodeFix(), new SigmoidStackCodeFix(), new CrossEntropyCodeFix(), new InsertFlattenCodeFix(),
    }.ToDictionary(fix => fix.GetType().Name);

    [Theory]
    [MemberData(nameof(Providers))]
    public void Fixes_only_ids_the_generator_reports_and_supports_Fix_All(string provider)
    {
        CodeFixProvider fix = Fixes[provider];

        Assert.NotEmpty(fix.FixableDiagnosticIds);
        Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, Descriptors.All.Select(d => d.Id)));
        Assert.Same(WellKnownFixAllProviders.BatchFixer, fix.GetFixAllProvider());
        var export = Assert.Single(fix.GetType().GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), inherit: false).Cast<ExportCodeFixProviderAttribute>());
        Assert.Equal([LanguageNames.CSharp], export.Languages);
    }

    [Fact]
    public void The_fixed_ids_are_the_ones_named_in_the_issue()
    {
        string[] ids = Fixes.Values.SelectMany(f => f.FixableDiagnosticIds).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            new[] { Descriptors.NotPartial, Descriptors.SymmetricInitialization, Descriptors.InitializationMismatch, Descriptors.DeepSigmoidStack, Descriptors.SquaredErrorOnClassifier, Descriptors.NeedsFlatInput }.Select(d => d.Id),
            ids);
    }

    [Fact]
    public void The_generator_assembly_compiles_none_of_the_fixes()
    {
        // The compiler loads the generator; it has no Workspaces, so Generator/CodeFixes must stay out of it.
        System.Reflection.Assembly generator = typeof(NetworkGenerator).Assembly;

        Assert.DoesNotContain(generator.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal));
        Assert.DoesNotContain(generator.GetTypes(), t => t.Namespace == typeof(MakePartialCodeFix).Namespace);
    }

    [Theory]
    [InlineData(typeof(Activation), typeof(StaticNet.CodeFixes.ActivationKind))]
    [InlineData(typeof(StaticNet.LossKind), typeof(StaticNet.CodeFixes.LossKind))]
    [InlineData(typeof(WeightInit), typeof(StaticNet.CodeFixes.WeightInitKind))]
    public void Enum_mirrors_match_the_runtime(Type runtime, Type mirror)
    {
        Assert.Equal(
            Enum.GetNames(runtime).Select(name => (name, Convert.ToInt32(Enum.Parse(runtime, name), System.Globalization.CultureInfo.InvariantCulture))),
            Enum.GetNames(mirror).Select(name => (name, Convert.ToInt32(Enum.Parse(mirror, name), System.Globalization.CultureInfo.InvariantCulture))));
    }
}
