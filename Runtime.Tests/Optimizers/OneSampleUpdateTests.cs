using System;
using System.Linq;
using StaticNet.Kernels;
using StaticNet.Optimizers;
using Xunit;

namespace StaticNet.Runtime.Tests.Optimizers;

/// <summary>
/// Dense layers after a convolution, a pooling and a dropout: the first dense layer's x is the pooling's output (36
/// values, not a whole number of float vectors, so row by row), the second's the dropout's (16, whole vectors).
/// </summary>
[Network(BatchCapacity = 4, Seed = 3)]
[Input(1, 8, 8)]
[Conv2D(4, Kernel = 3, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(16, Activation = Activation.Tanh)]
[Dropout(0.25)]
[Dense(5)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Adam(LearningRate = 0.01)]
public partial class ConvDenseAdam;

/// <summary>
/// A one-sample TrainStep leaves the dense layers' weight gradients unstored and the update computes them as it reads
/// them (GradientBlocks, OuterProductRow): the step must be the stored step bit for bit, and nothing may be lost.
/// </summary>
public sealed class OneSampleUpdateTests
{
    public static TheoryData<string> Names => new(OptimizerNetworkTests.Networks.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_one_sample_step_is_the_stored_step_bit_for_bit(string name)
    {
        // Against ComputeGradients then ApplyGradients, which store every gradient and update from the buffer.
        IClassifier<double> deferred = OptimizerNetworkTests.Networks[name]();
        IClassifier<double> stored = OptimizerNetworkTests.Networks[name]();
        var random = new Random(3);
        double[] output = new double[deferred.OutputLength];
        for (int step = 0; step < 6; step++)
        {
            double[] x = Enumerable.Range(0, deferred.InputLength).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            int[] label = [random.Next(deferred.OutputLength)];
            double deferredLoss = deferred.TrainStep(x, label);
            double storedLoss = stored.ComputeGradients(x, label);
            stored.ApplyGradients();
            Assert.Equal(storedLoss, deferredLoss);
            if (step == 2)
            {
                // Inference overwrites the layer outputs the unstored gradients come from: they must be stored first.
                deferred.Forward(x, output);
            }

            Assert.Equal(stored.Gradients.ToArray(), deferred.Gradients.ToArray());
            Assert.Equal(stored.Parameters.ToArray(), deferred.Parameters.ToArray());
            Assert.Equal(stored.OptimizerState.ToArray(), deferred.OptimizerState.ToArray());
        }
    }

    [Fact]
    public void Floats_with_relu_zeros_and_784_inputs_match_too()
    {
        // ReLU outputs exact zeros, so ∂L/∂z·x has products of −0, which the stored product turns into +0.
        var deferred = new Networks.FashionMlp();
        var stored = new Networks.FashionMlp();
        var random = new Random(8);
        for (int step = 0; step < 4; step++)
        {
            float[] x = Enumerable.Range(0, Networks.FashionMlp.InputLength).Select(_ => random.Next(4) == 0 ? 0f : (float)random.NextDouble()).ToArray();
            int[] label = [random.Next(10)];
            deferred.TrainStep(x, label);
            stored.ComputeGradients(x, label);
            stored.ApplyGradients();
            Assert.Equal(stored.Parameters.ToArray(), deferred.Parameters.ToArray());
            Assert.Equal(stored.OptimizerState.ToArray(), deferred.OptimizerState.ToArray());
        }

        Assert.Equal(stored.Gradients.ToArray(), deferred.Gradients.ToArray());
    }

    [Fact]
    public void Dense_layers_after_convolution_pooling_and_dropout_match_too()
    {
        var deferred = new ConvDenseAdam();
        var stored = new ConvDenseAdam();
        var random = new Random(21);
        float[] probabilities = new float[ConvDenseAdam.OutputLength];
        for (int step = 0; step < 5; step++)
        {
            float[] x = Enumerable.Range(0, ConvDenseAdam.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            int[] label = [random.Next(ConvDenseAdam.OutputLength)];
            deferred.TrainStep(x, label);
            stored.ComputeGradients(x, label);
            stored.ApplyGradients();
            if (step == 3)
            {
                deferred.Predict(x, [0], probabilities);
            }

            Assert.Equal(stored.Parameters.ToArray(), deferred.Parameters.ToArray());
            Assert.Equal(stored.OptimizerState.ToArray(), deferred.OptimizerState.ToArray());
            Assert.Equal(stored.Gradients.ToArray(), deferred.Gradients.ToArray());
        }
    }

    [Fact]
    public void A_non_finite_one_sample_step_changes_nothing_and_leaves_its_gradients_readable()
    {
        var deferred = new MomentumNet();
        var stored = new MomentumNet();
        double[] before = deferred.Parameters.ToArray();
        double[] x = [0.5, double.NaN, -2, 1];
        Assert.Throws<NonFiniteTrainingException>(() => deferred.TrainStep(x, [2]));
        stored.ComputeGradients(x, [2]);
        Assert.Equal(before, deferred.Parameters.ToArray());
        Assert.Equal(0, deferred.Step);
        Assert.Equal(stored.Gradients.ToArray(), deferred.Gradients.ToArray());
    }

    [Fact]
    public void A_step_refused_for_a_bad_label_keeps_the_last_steps_gradients()
    {
        var deferred = new MomentumNet();
        var stored = new MomentumNet();
        double[] x = [0.5, -1, 2, 0.25];
        deferred.TrainStep(x, [1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => deferred.TrainStep(x, [3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => deferred.ComputeGradients(x, [-1]));
        // The gradients of the one step that went through, taken at the parameters it started from.
        stored.ComputeGradients(x, [1]);
        Assert.Equal(stored.Gradients.ToArray(), deferred.Gradients.ToArray());
    }

    [Fact]
    public void ApplyGradients_after_a_one_sample_step_applies_its_gradients()
    {
        var deferred = new MomentumNet();
        var stored = new MomentumNet();
        double[] x = [0.5, -1, 2, 0.25];
        deferred.TrainStep(x, [1]);
        stored.ComputeGradients(x, [1]);
        stored.ApplyGradients();
        deferred.ApplyGradients();
        stored.ApplyGradients();
        Assert.Equal(stored.Parameters.ToArray(), deferred.Parameters.ToArray());
        Assert.Equal(stored.OptimizerState.ToArray(), deferred.OptimizerState.ToArray());
    }

    [Theory]
    [InlineData(typeof(float))]
    [InlineData(typeof(double))]
    public void Every_optimizer_updates_from_an_outer_product_as_from_the_stored_product(Type type)
    {
        if (type == typeof(float))
        {
            CompareBlocks<float>();
        }
        else
        {
            CompareBlocks<double>();
        }
    }

    private static void CompareBlocks<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(12);
        // Values whose products are −0, underflow to ±0, are exact, or are NaN: every sign of zero must match.
        T[] specials = [T.Zero, T.NegativeZero, T.CreateTruncating(1e-30), T.CreateTruncating(-1e-30), T.CreateTruncating(-1e-200), T.One, -T.One, T.CreateTruncating(3.5)];
        T Value() => random.Next(3) == 0 ? specials[random.Next(specials.Length)] : T.CreateTruncating(random.NextDouble() * 2 - 1);
        for (int trial = 0; trial < 120; trial++)
        {
            // A buffer: stored gradients, an outer product, more stored, another outer product, stored.
            int rows1 = random.Next(1, 7), columns1 = random.Next(1, 40), rows2 = random.Next(1, 5), columns2 = random.Next(1, 23);
            int gap0 = random.Next(0, 5), gap1 = random.Next(0, 9), gap2 = random.Next(0, 5);
            int offset1 = gap0, offset2 = offset1 + (rows1 * columns1) + gap1, length = offset2 + (rows2 * columns2) + gap2;
            T[] d1 = Enumerable.Range(0, rows1 + 2).Select(_ => Value()).ToArray(), x1 = Enumerable.Range(0, columns1 + 1).Select(_ => Value()).ToArray();
            T[] d2 = Enumerable.Range(0, rows2).Select(_ => Value()).ToArray(), x2 = Enumerable.Range(0, columns2).Select(_ => Value()).ToArray();
            T[] gradients = Enumerable.Range(0, length).Select(_ => Value()).ToArray();
            OuterProductGradient<T>[] unstored = [new(offset1, rows1, columns1, d1, x1), new(offset2, rows2, columns2, d2, x2)];
            // What the backward pass stores.
            T[] full = (T[])gradients.Clone();
            Gemm.TransposedMultiply<T>(d1.AsSpan(0, rows1), x1.AsSpan(0, columns1), full.AsSpan(offset1, rows1 * columns1), rows1, columns1, 1);
            Gemm.TransposedMultiply<T>(d2, x2, full.AsSpan(offset2, rows2 * columns2), rows2, columns2, 1);

            int start = random.Next(0, length), end = random.Next(start, length + 1);
            T[] stored = (T[])gradients.Clone();
            foreach (OuterProductGradient<T> product in unstored)
            {
                product.Store(stored);
            }

            Assert.Equal(Bits(full), Bits(stored));
            T[] copied = new T[end - start];
            int at = 0;
            foreach (GradientBlock<T> block in new GradientBlocks<T>(gradients, start, end, unstored))
            {
                Assert.Equal(start + at, block.Start);
                block.CopyTo(copied.AsSpan(at));
                at += block.Length;
            }

            Assert.Equal(end - start, at);
            Assert.Equal(Bits(full.AsSpan(start, end - start).ToArray()), Bits(copied));

            // Each optimizer from the blocks, and from the stored gradients.
            GradientAdjustment<T> adjustment = trial % 2 == 0 ? GradientAdjustment<T>.None : new(T.CreateTruncating(0.5), T.CreateTruncating(0.7), T.CreateTruncating(0.01), T.CreateTruncating(0.001));
            T[] parameters = Enumerable.Range(0, length).Select(_ => Value()).ToArray();
            T[] state1 = Enumerable.Range(0, length).Select(_ => T.Abs(Value())).ToArray(), state2 = Enumerable.Range(0, length).Select(_ => T.Abs(Value())).ToArray();
            T lr = T.CreateTruncating(0.1), mu = T.CreateTruncating(0.9), eps = T.CreateTruncating(1e-8);
            foreach (int optimizer in Enumerable.Range(0, 6))
            {
                (T[] W, T[] S1, T[] S2) Run(bool blocks)
                {
                    T[] w = (T[])parameters.Clone(), s1 = (T[])state1.Clone(), s2 = (T[])state2.Clone();
                    if (blocks)
                    {
                        foreach (GradientBlock<T> block in new GradientBlocks<T>(gradients, start, end, unstored))
                        {
                            Update(optimizer, w.AsSpan(block.Start, block.Length), s1.AsSpan(block.Start, block.Length), s2.AsSpan(block.Start, block.Length), block);
                        }
                    }
                    else
                    {
                        Update(optimizer, w.AsSpan(start, end - start), s1.AsSpan(start, end - start), s2.AsSpan(start, end - start), new GradientBlock<T>(full.AsSpan(start, end - start)));
                    }

                    return (w, s1, s2);
                }

                (T[] w1, T[] a1, T[] b1) = Run(blocks: true);
                (T[] w2, T[] a2, T[] b2) = Run(blocks: false);
                Assert.Equal(Bits(w2), Bits(w1));
                Assert.Equal(Bits(a2), Bits(a1));
                Assert.Equal(Bits(b2), Bits(b1));
            }

            void Update(int optimizer, Span<T> w, Span<T> s1, Span<T> s2, GradientBlock<T> g)
            {
                switch (optimizer)
                {
                    case 0: Sgd.Update(w, g, lr, adjustment); break;
                    case 1: Momentum.Update(w, s1, g, lr, mu, adjustment); break;
                    case 2: Nesterov.Update(w, s1, g, lr, mu, adjustment); break;
                    case 3: AdaGrad.Update(w, s1, g, lr, eps, adjustment); break;
                    case 4: RMSProp.Update(w, s1, g, lr, mu, eps, adjustment); break;
                    default: Adam.Update(w, s1, s2, g, lr, mu, T.CreateTruncating(0.99), eps, 3, T.CreateTruncating(0.01), adjustment); break;
                }
            }
        }
    }

    [Fact]
    public void Blocks_refuse_unstored_gradients_out_of_order_or_beyond_the_buffer()
    {
        float[] gradients = new float[20], d = new float[2], x = new float[3];
        Assert.Throws<ArgumentException>(() => new GradientBlocks<float>(gradients, 0, 20, [new(8, 2, 3, d, x), new(0, 2, 3, d, x)]));
        Assert.Throws<ArgumentException>(() => new GradientBlocks<float>(gradients, 0, 20, [new(16, 2, 3, d, x)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBlocks<float>(gradients, 5, 21, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OuterProductGradient<float>(0, 3, 3, d, x));
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (GradientBlock<float> block in new GradientBlocks<float>(gradients, 0, 20, [new(2, 2, 3, d, x)]))
            {
                if (block.IsOuterProduct)
                {
                    _ = block.Gradients;
                }
            }
        });
    }

    private static string[] Bits<T>(T[] values)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
        values.Select(v => typeof(T) == typeof(float)
            ? BitConverter.SingleToInt32Bits(float.CreateTruncating(v)).ToString("X8")
            : BitConverter.DoubleToInt64Bits(double.CreateTruncating(v)).ToString("X16")).ToArray();
}
