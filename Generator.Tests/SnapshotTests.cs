using StaticNet.Generator.Tests.Infrastructure;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>The generated code is the product: each of these is reviewed as a diff in Snapshots/.</summary>
public class SnapshotTests
{
    [Fact]
    public void OneLayerNetwork() => Check(Declarations.OneLayer);

    [Fact]
    public void MlpWithSoftmaxCrossEntropy() => Check(Declarations.Mlp);

    [Fact]
    public void MlpWithEachActivation() => Check(Declarations.EachActivation);

    [Fact]
    public void BinaryCrossEntropyOnSigmoidOutput() => Check(Declarations.BinaryCrossEntropy);

    [Fact]
    public void SquaredErrorWithWeightDecay() => Check(Declarations.SquaredErrorTanh);

    [Fact]
    public void DoublePrecisionNetwork() => Check(Declarations.DoublePrecision);

    [Fact]
    public void ExplicitInitializers() => Check(Declarations.ExplicitInitializers);

    [Fact]
    public void NestedClass() => Check(Declarations.Nested);

    [Fact]
    public void LeNet5() => Check(Declarations.LeNet5);

    [Fact]
    public void LeNet5WithBatchNormAndDropout() => Check(Declarations.LeNet5BatchNorm);

    [Fact]
    public void AdamWWithClippingAndRegularization() => Check(Declarations.AdamClipped);

    [Fact]
    public void ActivationLayers() => Check(Declarations.ActivationLayers);

    [Fact]
    public void OneDimensionalSignalLayers() => Check(Declarations.SignalLayers);

    [Fact]
    public void TransposedConvolutionAndPartitionPooling() => Check(Declarations.Upsampling);

    private static void Check(string source, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(source);
        Assert.Equal(1, outcome.SourceCount);
        Snapshot.Verify(outcome, method: method);
        Assert.Empty(outcome.CompilationProblems);
    }
}
