using System;
using System.Linq;
using StaticNet;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Layers;

/// <summary>Three dense layers wide enough to run swapped: at inference they run as a chain (Gemm.MultiplyTransposedChained).</summary>
[Network(BatchCapacity = 40, Seed = 3)]
[Input(50)]
[Dense(64, Activation = Activation.Tanh)]
[Dense(48, Activation = Activation.ReLU)]
[Dense(32)]
[Loss(LossKind.SquaredError)]
[Sgd(LearningRate = 0.01)]
public partial class DenseChain;

public class DenseChainTests
{
    [Fact]
    public void Inference_through_the_chain_gives_the_layers_outputs_bit_for_bit()
    {
        // Batches of 1 (never chained), 15 and 16 (a 256-bit panel), 31, 32, 40 (the capacity, not a multiple of 32), and
        // 73 samples (two full batches and a short one). The training-mode outputs come through the layers one by one.
        var network = new DenseChain();
        var random = new Random(8);
        foreach (int samples in new[] { 1, 15, 16, 31, 32, 40, 73 })
        {
            float[] inputs = Enumerable.Range(0, samples * DenseChain.InputLength).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
            inputs[Math.Min(samples - 1, 3) * DenseChain.InputLength] = float.NaN; // a NaN stays in its sample
            float[] inferred = new float[samples * DenseChain.OutputLength];
            network.Forward(inputs, inferred);

            float[] expected = new float[samples * DenseChain.OutputLength];
            for (int start = 0; start < samples; start += DenseChain.BatchCapacity)
            {
                int batch = Math.Min(DenseChain.BatchCapacity, samples - start);
                float[] targets = new float[batch * DenseChain.OutputLength];
                network.ComputeGradients(inputs.AsSpan(start * DenseChain.InputLength, batch * DenseChain.InputLength), targets, expected.AsSpan(start * DenseChain.OutputLength, batch * DenseChain.OutputLength));
            }

            Assert.Equal(expected, inferred);
        }

        // Where floats have AVX, a batch of 32 takes the chain through all three layers, so the comparison above covered it.
        bool chained = Gemm.ChainRuns<float>(32, 64, 50) && Gemm.ChainRuns<float>(32, 48, 64) && Gemm.ChainRuns<float>(32, 32, 48);
        Assert.Equal(GemmTranspose.StoresBiasActivation<float>(), chained);
    }
}
