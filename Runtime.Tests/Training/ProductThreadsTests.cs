using System;
using System.Linq;
using System.Numerics;
using System.Threading;
using StaticNet.Runtime.Tests.Kernels;
using StaticNet.Data;
using StaticNet.Kernels;
using StaticNet.Training;
using Xunit;

namespace StaticNet.Runtime.Tests.Training;

/// <summary>A dense network whose products are large enough to split, with batch norm (which shards cannot train).</summary>
[Network(BatchCapacity = 32, Seed = 5)]
[Input(1, 8, 8)]
[Flatten]
[Dense(512, Activation = Activation.Tanh)]
[BatchNorm]
[Dense(256, Activation = Activation.ReLU)]
[Dropout(0.2)]
[Dense(3)]
[Loss(LossKind.SoftmaxCrossEntropy)]
[Adam(LearningRate = 0.001)]
public partial class WideDense;

/// <summary>
/// Products split across <see cref="ProductThreads"/>: bit-identical to one thread's, whole training runs included,
/// and the scope rules.
/// </summary>
public class ProductThreadsTests
{
    /// <summary>Shapes of each product that split (swapped or not, bands of whole panels or tiles, uneven last bands, inner dimensions of 1 and past a depth block).</summary>
    private static readonly (GemmTests.Product Product, int M, int N, int K)[] Cases =
    [
        (GemmTests.Product.MultiplyTransposed, 32, 256, 784),
        (GemmTests.Product.MultiplyTransposed, 40, 100, 300),
        (GemmTests.Product.MultiplyTransposed, 64, 30, 100),
        (GemmTests.Product.Multiply, 32, 256, 256),
        (GemmTests.Product.Multiply, 64, 300, 40),
        (GemmTests.Product.Multiply, 100, 70, 30),
        (GemmTests.Product.TransposedMultiply, 256, 784, 32),
        (GemmTests.Product.TransposedMultiply, 130, 70, 33),
        (GemmTests.Product.TransposedMultiply, 64, 600, 300), // wide enough that each band copies its columns, all 300 rows (past a depth block)
        (GemmTests.Product.TransposedMultiply, 512, 600, 1), // a batch of one: the outer product, in bands that copy their columns
    ];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Split_products_equal_one_threads_bit_for_bit(int threads)
    {
        Check<float>(threads);
        Check<double>(threads);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Training_on_split_products_gives_one_threads_weights(int threads)
    {
        // Batch norm, dropout, Adam and a short last batch (100 = 3 × 32 + 4): the whole step, several epochs.
        float[] alone = Train(threads: 1, split: false);
        float[] split = Train(threads, split: true);
        Assert.Equal(alone, split);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_update_is_split_across_the_threads_each_parameter_updated_once(int threadCount)
    {
        // WideDense has 165,635 parameters: inside Use, TrainStep's Adam update runs on every thread, each its part of
        // every tensor; the parameters and the optimizer's moments must be one thread's, bit for bit, step after step.
        var random = new Random(4);
        float[] inputs = Enumerable.Range(0, 32 * WideDense.InputLength).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, 32).Select(i => i % 3).ToArray();
        var alone = new WideDense();
        var split = new WideDense();
        using var threads = new ProductThreads(threadCount);
        for (int step = 1; step <= 3; step++)
        {
            alone.TrainStep(inputs, labels);
            using (threads.Use())
            {
                split.TrainStep(inputs, labels);
            }

            Assert.Equal(step, threads.SplitUpdates);
            Assert.Equal(alone.Parameters.ToArray(), split.Parameters.ToArray());
            Assert.Equal(alone.OptimizerState.ToArray(), split.OptimizerState.ToArray());
        }

        // Outside a Use scope, and for networks under ProductThreads.MinimumUpdate parameters, the update is one call.
        split.TrainStep(inputs, labels);
        Assert.Equal(3, threads.SplitUpdates);
        Assert.True(WideDense.ParameterCount >= ProductThreads.MinimumUpdate);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Each_thread_updates_a_cache_line_aligned_part_and_the_calling_thread_the_small_tensors_whole(int threads)
    {
        // mlp's tensors (100,352 and 128, 1,280, 10), a tensor just at the limit and one just under it, and odd lengths.
        foreach (int length in new[] { 100_352, 128, 1_280, 10, ProductThreads.WholeUpdateBelow, ProductThreads.WholeUpdateBelow - 1, 4_097, 12_345, 1 })
        {
            var parts = Enumerable.Range(0, threads).Select(band => ProductThreads.UpdatePart(length, band, threads)).ToArray();
            Assert.Equal(0, parts[0].From);
            Assert.Equal(length, parts[^1].To);
            for (int band = 0; band < threads; band++)
            {
                Assert.True(parts[band].From <= parts[band].To, $"{length}: band {band} ends before it starts");
                if (band > 0)
                {
                    Assert.Equal(parts[band - 1].To, parts[band].From); // consecutive: every value once
                }
            }

            if (length < ProductThreads.WholeUpdateBelow)
            {
                Assert.Equal((0, length), parts[0]);
            }
            else
            {
                // Every thread has a part, each boundary on a cache line of floats.
                Assert.All(parts, part => Assert.True(part.From < part.To && part.From % 16 == 0, $"{length}: {part}"));
            }
        }

        // mlp's first layer on two threads: the update's parts are the weight gradient's bands of 64 units.
        Assert.Equal((64 * 784, 100_352), ProductThreads.UpdatePart(100_352, 1, 2));
    }

    [Fact]
    public void Parameter_sized_buffers_end_in_unused_space_where_the_update_splits_and_show_only_their_values()
    {
        Assert.Equal(100, ProductThreads.BufferLength<float>(100));
        Assert.Equal(ProductThreads.MinimumUpdate - 1, ProductThreads.BufferLength<double>(ProductThreads.MinimumUpdate - 1));
        Assert.Equal(ProductThreads.MinimumUpdate + 65_536, ProductThreads.BufferLength<float>(ProductThreads.MinimumUpdate));
        Assert.Equal(ProductThreads.MinimumUpdate + 32_768, ProductThreads.BufferLength<double>(ProductThreads.MinimumUpdate));
        Assert.Throws<OverflowException>(() => ProductThreads.BufferLength<float>(int.MaxValue - 10));

        // WideDense (165,635 parameters, Adam's two moments): the buffers are longer, the spans are exactly the values.
        var network = new WideDense();
        Assert.Equal(WideDense.ParameterCount, network.Parameters.Length);
        Assert.Equal(WideDense.ParameterCount, network.Gradients.Length);
        Assert.Equal(2 * WideDense.ParameterCount, network.OptimizerState.Length);
        foreach ((string field, int length) in new[] { ("_parameters", WideDense.ParameterCount), ("_gradients", WideDense.ParameterCount), ("_optimizerState", 2 * WideDense.ParameterCount) })
        {
            var buffer = (AlignedBuffer<float>)typeof(WideDense).GetField(field, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(network)!;
            Assert.Equal(ProductThreads.BufferLength<float>(length), buffer.Length);
        }

        // A network under the threshold keeps exact buffers.
        var small = new StaticNet.Runtime.Tests.Networks.ReLUCrossEntropySingle();
        Assert.True(StaticNet.Runtime.Tests.Networks.ReLUCrossEntropySingle.ParameterCount < ProductThreads.MinimumUpdate);
        var parameters = (AlignedBuffer<float>)typeof(StaticNet.Runtime.Tests.Networks.ReLUCrossEntropySingle).GetField("_parameters", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(small)!;
        Assert.Equal(small.Parameters.Length, parameters.Length);
    }

    [Fact]
    public void The_trainer_refuses_split_products_with_shards()
    {
        var data = new Dataset<float>(new float[40 * 64], Enumerable.Range(0, 40).Select(i => i % 3).ToArray(), 3, 1, 8, 8);
        var trainer = new Trainer<float>(new WideDense(), data, null, 8, seed: 1) { Threads = 2, SplitProducts = true };
        Assert.Equal(1, trainer.Shards);
        trainer.Shards = 2;
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => trainer.Train(1));
        Assert.Contains("needs Shards = 1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_is_one_thread_at_a_time_and_ends_with_its_scope()
    {
        using var threads = new ProductThreads(2);
        using (threads.Use())
        {
            Assert.Throws<InvalidOperationException>(() => threads.Use());
            Assert.Throws<InvalidOperationException>(() => new ProductThreads(1).Use());
            Exception? other = OnAnotherThread(() => threads.Use());
            Assert.Contains("another call", Assert.IsType<InvalidOperationException>(other).Message, StringComparison.Ordinal);
        }

        // Closed: another thread may use it now.
        long splits = threads.Splits;
        Assert.Null(OnAnotherThread(() =>
        {
            using (threads.Use())
            {
                Multiply(GemmTests.Product.Multiply, new float[32 * 256], new float[256 * 256], new float[32 * 256], 32, 256, 256, false);
            }
        }));
        Assert.Equal(splits + 1, threads.Splits);

        threads.Dispose();
        Assert.Throws<ObjectDisposedException>(() => threads.Use());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProductThreads(0));
    }

    [Fact]
    public void A_split_product_allocates_nothing_after_the_first()
    {
        using var threads = new ProductThreads(2);
        float[] a = new float[32 * 256], b = new float[256 * 256], c = new float[32 * 256];
        using (threads.Use())
        {
            Multiply(GemmTests.Product.MultiplyTransposed, a, b, c, 32, 256, 256, false);
            long splitsBefore = threads.Splits;
            int calls = 0;
            long allocated = Allocations.Steady(() =>
            {
                for (int i = 0; i < 10; i++, calls++)
                {
                    Multiply(GemmTests.Product.MultiplyTransposed, a, b, c, 32, 256, 256, false);
                }
            });
            Assert.Equal(0, allocated);
            Assert.Equal(splitsBefore + calls, threads.Splits);
        }
    }

    private static Exception? OnAnotherThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure;
    }

    private static void Check<T>(int threadCount)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(5);
        using var threads = new ProductThreads(threadCount);
        foreach ((GemmTests.Product product, int m, int n, int k) in Cases)
        {
            foreach (bool accumulate in new[] { false, true })
            {
                int aLength = m * k, bLength = product == GemmTests.Product.MultiplyTransposed ? n * k : k * n;
                T[] a = Numbers.Uniform<T>(random, aLength), b = Numbers.Uniform<T>(random, bLength), c0 = Numbers.Uniform<T>(random, m * n);
                T[] alone = [.. c0], split = [.. c0];
                Multiply(product, a, b, alone, m, n, k, accumulate);
                long splitsBefore = threads.Splits;
                using (threads.Use())
                {
                    Multiply(product, a, b, split, m, n, k, accumulate);
                }

                Assert.True(threads.Splits == splitsBefore + 1, $"{product} {m}×{n}×{k} was not split");
                Assert.True(alone.SequenceEqual(split), $"{typeof(T).Name} {product} {m}×{n}×{k} accumulate={accumulate} on {threadCount} threads differs from one thread");
            }
        }
    }

    private static void Multiply<T>(GemmTests.Product product, T[] a, T[] b, T[] c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (product)
        {
            case GemmTests.Product.MultiplyTransposed: Gemm.MultiplyTransposed<T>(a, b, c, m, n, k, accumulate); break;
            case GemmTests.Product.Multiply: Gemm.Multiply<T>(a, b, c, m, n, k, accumulate); break;
            default: Gemm.TransposedMultiply<T>(a, b, c, m, n, k, accumulate); break;
        }
    }

    private static float[] Train(int threads, bool split)
    {
        var random = new Random(9);
        float[] images = Enumerable.Range(0, 100 * 64).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, 100).Select(i => i % 3).ToArray();
        var data = new Dataset<float>(images, labels, 3, 1, 8, 8);
        var network = new WideDense();
        var trainer = new Trainer<float>(network, data, data, 32, seed: 2) { Threads = threads, SplitProducts = split };
        trainer.Train(3);
        return [.. network.Parameters.ToArray(), .. network.State.ToArray(), .. network.OptimizerState.ToArray()];
    }
}
