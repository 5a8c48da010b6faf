using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.Intrinsics;
using StaticNet.Kernels;
using Xunit;

namespace StaticNet.Runtime.Tests.Kernels;

/// <summary>
/// The three products against a naive triple loop in double, with and without <c>accumulate</c>, over
/// shapes that hit every tail of the tiles (6 rows × 2 vectors for <c>A·B</c> and <c>Aᵀ·B</c>, 3 × 4 dot
/// products for <c>A·Bᵀ</c>, the 1-row strips), of the vectors (4 to 16 lanes) and of the 256-deep
/// blocks of k. Besides the public entry points (the widest vectors this machine accelerates, or the
/// portable loops with <c>DOTNET_EnableHWIntrinsic=0</c>), each width's kernels are called directly, so
/// the AVX-512 and 128-bit code runs (emulated where the hardware lacks it) on any machine.
/// </summary>
public class GemmTests
{
    /// <summary>The vector widths of <see cref="GemmBlocked{T, TVector, TOps}"/>, in bits.</summary>
    public static TheoryData<Product, int> ProductsAndWidths
    {
        get
        {
            var data = new TheoryData<Product, int>();
            foreach (Product product in Enum.GetValues<Product>())
            {
                foreach (int width in new[] { 128, 256, 512 })
                {
                    data.Add(product, width);
                }
            }

            return data;
        }
    }

    public enum Product
    {
        /// <summary><c>A·Bᵀ</c>.</summary>
        MultiplyTransposed,

        /// <summary><c>A·B</c>.</summary>
        Multiply,

        /// <summary><c>Aᵀ·B</c>.</summary>
        TransposedMultiply,
    }

    private static readonly int[] Sizes = [1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 32, 33, 64, 100, 129];
    private static readonly int[] SmallSizes = [1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 32, 33];

    /// <summary>Every combination of the sizes up to 33, and a fixed sample of those involving 64, 100 or 129.</summary>
    private static readonly (int M, int N, int K)[] Shapes = BuildShapes();

    public static TheoryData<Product> Products => new(Enum.GetValues<Product>());

    [Theory]
    [MemberData(nameof(Products))]
    public void Float_products_match_the_naive_loop(Product product) => CheckAllShapes<float>(product);

    [Theory]
    [MemberData(nameof(Products))]
    public void Double_products_match_the_naive_loop(Product product) => CheckAllShapes<double>(product);

    [Theory]
    [MemberData(nameof(ProductsAndWidths))]
    public void Float_kernels_of_every_width_match_the_naive_loop(Product product, int width) =>
        CheckShapes<float>(product, WidthShapes, (p, a, b, c, m, n, k, accumulate) => RunAt<float>(width, p, a, b, c, m, n, k, accumulate));

    [Theory]
    [MemberData(nameof(ProductsAndWidths))]
    public void Double_kernels_of_every_width_match_the_naive_loop(Product product, int width) =>
        CheckShapes<double>(product, WidthShapes, (p, a, b, c, m, n, k, accumulate) => RunAt<double>(width, p, a, b, c, m, n, k, accumulate));

    [Theory]
    [MemberData(nameof(Products))]
    public void Float_products_of_sizes_up_to_70_match_the_naive_loop(Product product) =>
        CheckShapes<float>(product, RandomShapes(70, 400, seed: 11), Run<float>);

    [Theory]
    [MemberData(nameof(Products))]
    public void Double_products_of_sizes_up_to_70_match_the_naive_loop(Product product) =>
        CheckShapes<double>(product, RandomShapes(70, 400, seed: 12), Run<double>);

    [Theory]
    [MemberData(nameof(Products))]
    public void Products_deeper_than_one_block_of_k_match_the_naive_loop(Product product) =>
        CheckShapes<float>(product, [(7, 37, 600), (1, 70, 513), (13, 9, 257), (32, 33, 256), (6, 16, 784)], Run<float>);

    /// <summary>
    /// Shapes that run as <c>Cᵀ = B̃ᵀ·Aᵀ</c> (a batch of at least one panel against a wider operand) at every
    /// width: batch rows left over from panels, Cᵀ rows left over from 6-row tiles, k across blocks.
    /// </summary>
    private static readonly (int M, int N, int K)[] SwappedShapes =
    [
        (16, 24, 1), (16, 24, 8), (17, 25, 257), (31, 100, 600), (32, 256, 784), (33, 40, 3), (47, 30, 513),
        (64, 24, 300), (65, 97, 31), (32, 128, 10), (40, 70, 9),
    ];

    [Theory]
    [MemberData(nameof(ProductsAndWidths))]
    public void Swapped_products_match_the_naive_loop(Product product, int width)
    {
        CheckShapes<float>(product, SwappedShapes, (p, a, b, c, m, n, k, accumulate) => RunAt<float>(width, p, a, b, c, m, n, k, accumulate));
        CheckShapes<double>(product, SwappedShapes, (p, a, b, c, m, n, k, accumulate) => RunAt<double>(width, p, a, b, c, m, n, k, accumulate));
    }

    public static TheoryData<Product, int> OuterProductsAndWidths
    {
        get
        {
            var data = new TheoryData<Product, int>();
            foreach (Product product in new[] { Product.Multiply, Product.TransposedMultiply })
            {
                foreach (int width in new[] { 128, 256, 512 })
                {
                    data.Add(product, width);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(OuterProductsAndWidths))]
    public void Outer_products_are_exact_at_every_width(Product product, int width)
    {
        // k = 1 (a batch of one's weight gradient) runs its own loop: every entry is one product a·b, rounded once,
        // added to C when accumulating. Factors in [0.5, 2) keep every product normal, so the result is exact to the bit.
        CheckOuterProducts<float>(product, width);
        CheckOuterProducts<double>(product, width);
    }

    private static void CheckOuterProducts<T>(Product product, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(width);
        foreach ((int m, int n) in new[] { (2, 16), (7, 35), (6, 100), (13, 64), (3, 8), (5, 17), (4, 33) })
        {
            foreach (bool accumulate in new[] { false, true })
            {
                T[] a = Enumerable.Range(0, m).Select(_ => T.CreateChecked(0.5 + (1.5 * random.NextDouble()))).ToArray();
                T[] b = Enumerable.Range(0, n).Select(_ => T.CreateChecked(0.5 + (1.5 * random.NextDouble()))).ToArray();
                T[] c0 = Enumerable.Range(0, m * n).Select(_ => T.CreateChecked(random.NextDouble() - 0.5)).ToArray();
                T[] c = [.. c0];
                RunAt(width, product, a, b, c, m, n, 1, accumulate);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        T expected = accumulate ? c0[(i * n) + j] + (a[i] * b[j]) : a[i] * b[j];
                        Assert.True(expected == c[(i * n) + j], $"{product} {m}×{n}×1{(accumulate ? " +" : "")} at {width} bits, {typeof(T).Name}: C[{i}, {j}] is {c[(i * n) + j]}, expected {expected}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Where_512_bit_multiply_adds_run_at_half_rate_only_shapes_that_fill_the_wide_panels_take_them()
    {
        // Swapped products (a batch of 32 floats against weights): the batch fills a 512-bit panel.
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.MultiplyTransposed, 32, 256, 256));
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.Multiply, 32, 400, 120));

        // The dot-product tile: only a long inner dimension (LeNet-5's first kernel gradient, k = 784; not the second's, k = 100).
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.MultiplyTransposed, 6, 25, 784));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.MultiplyTransposed, 16, 150, 100));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.MultiplyTransposed, 1, 256, 256));
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.MultiplyTransposed, 1, 256, 512));

        // The outer-product tile: whole 32-float panels, or at least 8 of them; not a 10 × 10 plane's 100 columns or 120.
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.TransposedMultiply, 256, 256, 32));
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.TransposedMultiply, 256, 784, 32));
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.Multiply, 32, 128, 10));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.Multiply, 16, 100, 150));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.TransposedMultiply, 150, 100, 16));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.TransposedMultiply, 84, 120, 32));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.TransposedMultiply, 32, 248, 32));

        // A single row runs strips of four vectors (64 floats): 256 columns fill them, 400 do not.
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.Multiply, 1, 256, 256));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.Multiply, 1, 400, 120));

        // Data-parallel shards of 16 samples: they fill a 256-bit panel, not a 512-bit one, so they run swapped at 256
        // bits; and their weight gradients sum over 16 samples, fewer than a 512-bit panel is wide.
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.MultiplyTransposed, 16, 128, 784));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.Multiply, 16, 256, 256));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.TransposedMultiply, 256, 256, 16));
        Assert.True(GemmWidth.WidePays<float>(GemmProduct.TransposedMultiply, 256, 256, 1));

        // Doubles have half the lanes: 16-double panels, so 112 columns are whole panels for them and not for floats.
        Assert.True(GemmWidth.WidePays<double>(GemmProduct.TransposedMultiply, 64, 112, 32));
        Assert.False(GemmWidth.WidePays<float>(GemmProduct.TransposedMultiply, 64, 112, 32));
    }

    [Fact]
    public void The_width_of_a_product_depends_on_its_shape_only_where_512_bit_multiply_adds_run_at_half_rate()
    {
        int widest = Gemm.VectorBits<float>();
        int chosen = GemmWidth.For<float>(GemmProduct.Multiply, 16, 100, 150);
        Assert.Equal(widest == 512 && Gemm.WideVectorsAtHalfRate ? 256 : widest, chosen);
        Assert.Equal(widest, GemmWidth.For<float>(GemmProduct.MultiplyTransposed, 32, 256, 256));
    }

    [Fact]
    public void Zen_4_is_recognized_from_its_cpuid_signature_and_the_setting_overrides_it()
    {
        const int Auth = 0x68747541, EnticAmd = 0x69746E65, Camd = 0x444D4163; // "AuthenticAMD": EBX, EDX, ECX
        const int Genu = 0x756E6547, InteI = 0x49656E69, Ntel = 0x6C65746E;     // "GenuineIntel"
        Assert.True(GemmWidth.IsAmdFamily19h(Auth, Camd, EnticAmd, 0x00A10F11));    // EPYC 9004 (Zen 4, family 19h model 11h)
        Assert.False(GemmWidth.IsAmdFamily19h(Auth, Camd, EnticAmd, 0x00B00F21));   // Zen 5 (family 1Ah): full-width 512-bit units
        Assert.False(GemmWidth.IsAmdFamily19h(Auth, Camd, EnticAmd, 0x00800F12));   // Zen 1 (family 17h)
        Assert.False(GemmWidth.IsAmdFamily19h(Genu, Ntel, InteI, 0x00A10F11));      // the same signature from another vendor

        Assert.Null(GemmWidth.Setting(null));
        Assert.Null(GemmWidth.Setting(""));
        Assert.True(GemmWidth.Setting("half"));
        Assert.False(GemmWidth.Setting("full"));
        var error = Assert.Throws<InvalidOperationException>(() => GemmWidth.Setting("Half"));
        Assert.Contains("'half' or 'full'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_swap_is_taken_for_a_batch_against_weights_and_not_otherwise()
    {
        // AVX2 floats: panels of 16 batch rows. A·Bᵀ swaps whenever the batch fills a panel and the weights
        // have at least 4 tiles of rows; A·B only when it copies less than packing B would.
        Assert.True(GemmBlocked<float, Vector256<float>, Vector256Ops<float>>.SwapPays(32, 256, 256, packedElements: 0));
        Assert.True(GemmBlocked<float, Vector256<float>, Vector256Ops<float>>.SwapPays(16, 24, 1, packedElements: 0));
        Assert.False(GemmBlocked<float, Vector256<float>, Vector256Ops<float>>.SwapPays(15, 256, 256, packedElements: 0));
        Assert.False(GemmBlocked<float, Vector256<float>, Vector256Ops<float>>.SwapPays(32, 10, 256, packedElements: 0));
        Assert.True(GemmBlocked<float, Vector256<float>, Vector256Ops<float>>.SwapPays(32, 256, 256, packedElements: 256 * 256));
        Assert.False(GemmBlocked<float, Vector256<float>, Vector256Ops<float>>.SwapPays(32, 128, 10, packedElements: 10 * 128));

        // AVX-512 floats have panels of 32 rows, 128-bit doubles of 4.
        Assert.False(GemmBlocked<float, Vector512<float>, Vector512Ops<float>>.SwapPays(16, 256, 256, packedElements: 0));
        Assert.True(GemmBlocked<double, Vector128<double>, Vector128Ops<double>>.SwapPays(4, 24, 5, packedElements: 0));

        // Every swapped shape of the test above swaps at 256 bits, for A·Bᵀ at least.
        Assert.All(SwappedShapes, s => Assert.True(GemmBlocked<float, Vector256<float>, Vector256Ops<float>>.SwapPays(s.M, s.N, s.K, packedElements: 0), $"{s}"));
    }

    /// <summary>Transposes of whole 8 × 8 blocks, of edges in either direction or both, and of less than a block.</summary>
    public static TheoryData<int, int> TransposeShapes => new() { { 1, 1 }, { 8, 8 }, { 9, 17 }, { 16, 3 }, { 3, 16 }, { 24, 40 }, { 31, 33 } };

    [Theory]
    [MemberData(nameof(TransposeShapes))]
    public void Transpose_moves_every_element_and_nothing_else(int rows, int columns)
    {
        // Strides wider than the block, so a write to the wrong row or past a row's end shows as a changed sentinel.
        foreach (bool accumulate in new[] { false, true })
        {
            int sourceStride = columns + 3, destinationStride = rows + 5;
            float[] source = Enumerable.Range(0, rows * sourceStride).Select(i => (float)i).ToArray();
            float[] destination = Enumerable.Range(0, columns * destinationStride).Select(i => -1f - i).ToArray();
            float[] before = [.. destination];
            GemmTranspose.Transpose(ref source[0], sourceStride, ref destination[0], destinationStride, rows, columns, accumulate);
            for (int j = 0; j < columns; j++)
            {
                for (int i = 0; i < destinationStride; i++)
                {
                    int at = (j * destinationStride) + i;
                    float expected = i >= rows ? before[at] : (accumulate ? before[at] : 0) + source[(i * sourceStride) + j];
                    Assert.True(expected == destination[at], $"{rows}×{columns} accumulate={accumulate}: [{j},{i}] = {destination[at]}, expected {expected}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Products_allocate_nothing_after_the_first_call(Product product)
    {
        // The packing buffers are per thread and kept: a training step must not allocate.
        const int m = 32, n = 100, k = 70;
        float[] a = new float[m * k], b = new float[n * k], c = new float[m * n];
        Run<float>(product, a, b, c, m, n, k, false);
        Run<float>(product, a, b, c, 1, n, k, false);
        Assert.Equal(0, Allocations.Steady(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                Run<float>(product, a, b, c, m, n, k, false);
                Run<float>(product, a, b, c, 1, n, k, true);
            }
        }));
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Half_products_take_the_portable_path_and_are_exact_on_small_integers(Product product)
    {
        // Half has no 512-bit path, so this exercises the TensorPrimitives fallback. Products of small
        // integers are exact in Half as long as every partial sum stays below 2048.
        var random = new Random(7);
        foreach ((int m, int n, int k) in SmallSizes.SelectMany(m => SmallSizes.Select(n => (m, n, k: m % 5 + n % 7 + 1))))
        {
            foreach (bool accumulate in new[] { false, true })
            {
                Half[] a = Integers(random, m * k), b = Integers(random, k * n), c = Integers(random, m * n);
                double[] expected = Expected(product, Numbers.ToDouble<Half>(a), Numbers.ToDouble<Half>(b), accumulate ? Numbers.ToDouble<Half>(c) : null, m, n, k, out _);
                Run<Half>(product, a, b, c, m, n, k, accumulate);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(expected[i] == (double)c[i], $"{product} m={m} n={n} k={k} accumulate={accumulate}: C[{i}] = {c[i]}, expected {expected[i]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Too_short_spans_throw_argument_exceptions(Product product)
    {
        const int m = 5, n = 6, k = 7;
        (int a, int b) = product switch
        {
            Product.MultiplyTransposed => (m * k, n * k),
            Product.Multiply => (m * k, k * n),
            _ => (k * m, k * n),
        };
        Assert.Throws<ArgumentException>(() => Run<float>(product, new float[a - 1], new float[b], new float[m * n], m, n, k, false));
        Assert.Throws<ArgumentException>(() => Run<float>(product, new float[a], new float[b - 1], new float[m * n], m, n, k, false));
        Assert.Throws<ArgumentException>(() => Run<float>(product, new float[a], new float[b], new float[(m * n) - 1], m, n, k, true));
        Assert.Throws<ArgumentException>(() => Run<double>(product, new double[a], new double[b], new double[(m * n) - 1], m, n, k, false));
        Run<float>(product, new float[a], new float[b], new float[m * n], m, n, k, false); // exactly long enough is fine
    }

    [Fact]
    public void Shapes_cover_the_block_tails()
    {
        // The grids must contain rows left over from 6-row and 3-row blocks, columns left over from
        // panels of 2 vectors (AVX-512 floats: 32) and from 4-column dot tiles, and k not a whole number of vectors.
        foreach ((int M, int N, int K)[] shapes in new[] { Shapes, WidthShapes })
        {
            Assert.Contains(shapes, s => s.M > 6 && s.M % 6 == 5 && s.N > 32 && s.N % 32 == 1 && s.K % 16 == 15);
            Assert.Contains(shapes, s => s.M > 3 && s.M % 3 == 1 && s.N % 4 == 3 && s.K > 16 && s.K % 16 == 1);
            Assert.Contains(shapes, s => s.M == 1 && s.N > 16 && s.N % 8 != 0);
        }

        Assert.Contains(Shapes, s => s.M == 129 || s.N == 129 || s.K == 129);
        Assert.True(Shapes.Length > 1800, $"{Shapes.Length} shapes");
    }

    private static void CheckAllShapes<T>(Product product)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => CheckShapes<T>(product, Shapes, Run<T>);

    private delegate void Runner<T>(Product product, T[] a, T[] b, T[] c, int m, int n, int k, bool accumulate);

    private static void CheckShapes<T>(Product product, IEnumerable<(int M, int N, int K)> shapes, Runner<T> run)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(((int)product * 31) + typeof(T).Name.Length);
        double epsilon = Numbers.Epsilon<T>();
        T sentinel = T.CreateChecked(12345);
        foreach ((int m, int n, int k) in shapes)
        {
            foreach (bool accumulate in new[] { false, true })
            {
                // Longer spans than needed: input padding is NaN, so reading it would poison C; output
                // padding holds a sentinel that must survive.
                int padding = 1 + random.Next(5);
                T[] a = Padded(Numbers.Uniform<T>(random, m * k), padding, T.NaN);
                T[] b = Padded(Numbers.Uniform<T>(random, k * n), padding, T.NaN);
                T[] c0 = accumulate ? Numbers.Uniform<T>(random, m * n) : Enumerable.Repeat(T.NaN, m * n).ToArray();
                T[] c = Padded(c0, padding, sentinel);
                double[] expected = Expected(
                    product, Numbers.ToDouble<T>(a.AsSpan(0, m * k)), Numbers.ToDouble<T>(b.AsSpan(0, k * n)), accumulate ? Numbers.ToDouble<T>(c0) : null, m, n, k, out double[] magnitude);

                run(product, a, b, c, m, n, k, accumulate);

                for (int i = 0; i < m * n; i++)
                {
                    double tolerance = ((k + 2) * epsilon * magnitude[i]) + epsilon;
                    Numbers.Close(expected[i], double.CreateChecked(c[i]), tolerance, $"{typeof(T).Name} {product} m={m} n={n} k={k} accumulate={accumulate} C[{i / n},{i % n}]");
                }

                for (int i = m * n; i < c.Length; i++)
                {
                    Assert.True(c[i] == sentinel, $"{typeof(T).Name} {product} m={m} n={n} k={k}: wrote past C at {i}");
                }
            }
        }
    }

    /// <summary>One width's kernels directly (the public entry points have checked shapes and k &gt; 0 by then).</summary>
    private static void RunAt<T>(int width, Product product, T[] a, T[] b, T[] c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (width)
        {
            case 128: RunAt<T, Vector128<T>, Vector128Ops<T>>(product, a, b, c, m, n, k, accumulate); break;
            case 256: RunAt<T, Vector256<T>, Vector256Ops<T>>(product, a, b, c, m, n, k, accumulate); break;
            default: RunAt<T, Vector512<T>, Vector512Ops<T>>(product, a, b, c, m, n, k, accumulate); break;
        }
    }

    private static void RunAt<T, TVector, TOps>(Product product, T[] a, T[] b, T[] c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOps<TVector, T>
    {
        switch (product)
        {
            case Product.MultiplyTransposed: GemmBlocked<T, TVector, TOps>.MultiplyTransposed(a, b, c, m, n, k, accumulate); break;
            case Product.Multiply: GemmBlocked<T, TVector, TOps>.Multiply(a, b, c, m, n, k, accumulate); break;
            default: GemmBlocked<T, TVector, TOps>.TransposedMultiply(a, b, c, m, n, k, accumulate); break;
        }
    }

    private static void Run<T>(Product product, T[] a, T[] b, T[] c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (product)
        {
            case Product.MultiplyTransposed: Gemm.MultiplyTransposed<T>(a, b, c, m, n, k, accumulate); break;
            case Product.Multiply: Gemm.Multiply<T>(a, b, c, m, n, k, accumulate); break;
            default: Gemm.TransposedMultiply<T>(a, b, c, m, n, k, accumulate); break;
        }
    }

    /// <summary>The naive product, plus Σ|A||B| per entry (the scale of its rounding error).</summary>
    private static double[] Expected(Product product, double[] a, double[] b, double[]? c0, int m, int n, int k, out double[] magnitude)
    {
        var c = new double[m * n];
        magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = c0?[(i * n) + j] ?? 0, size = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double x = product == Product.TransposedMultiply ? a[(p * m) + i] : a[(i * k) + p];
                    double y = product == Product.MultiplyTransposed ? b[(j * k) + p] : b[(p * n) + j];
                    sum += x * y;
                    size += Math.Abs(x * y);
                }

                c[(i * n) + j] = sum;
                magnitude[(i * n) + j] = size;
            }
        }

        return c;
    }

    private static T[] Padded<T>(T[] values, int padding, T fill)
    {
        var result = new T[values.Length + padding];
        values.CopyTo(result, 0);
        result.AsSpan(values.Length).Fill(fill);
        return result;
    }

    private static Half[] Integers(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (Half)random.Next(-2, 3)).ToArray();

    /// <summary>
    /// For the direct per-width runs (AVX-512 emulated is slow): sizes around 1, 2, 3 and 4 vectors of 2 to 16
    /// lanes, around multiples of 5 and 6 rows and of 3 and 4 columns, and one shape deeper than a block of k.
    /// </summary>
    private static readonly (int M, int N, int K)[] WidthShapes =
    [
        .. RandomShapes(70, 120, seed: 5),
        (1, 1, 1), (1, 70, 70), (70, 1, 70), (70, 70, 1), (1, 33, 17), (1, 64, 3), (1, 7, 9), (2, 31, 16),
        (5, 16, 8), (6, 32, 16), (7, 47, 15), (12, 48, 33), (13, 17, 31), (17, 65, 64), (33, 3, 65), (4, 4, 4),
        (3, 5, 2), (9, 40, 1), (11, 8, 300), (11, 33, 31), (10, 11, 49),
    ];

    /// <summary><paramref name="count"/> shapes with sizes uniform in 1..<paramref name="largest"/>.</summary>
    private static (int M, int N, int K)[] RandomShapes(int largest, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (random.Next(1, largest + 1), random.Next(1, largest + 1), random.Next(1, largest + 1))).ToArray();
    }

    private static (int M, int N, int K)[] BuildShapes()
    {
        var shapes = new List<(int, int, int)>();
        foreach (int m in SmallSizes)
        {
            foreach (int n in SmallSizes)
            {
                foreach (int k in SmallSizes)
                {
                    shapes.Add((m, n, k));
                }
            }
        }

        var random = new Random(2024);
        while (shapes.Count < SmallSizes.Length * SmallSizes.Length * SmallSizes.Length + 150)
        {
            (int, int, int) shape = (Sizes[random.Next(Sizes.Length)], Sizes[random.Next(Sizes.Length)], Sizes[random.Next(Sizes.Length)]);
            if ((shape.Item1 >= 64 || shape.Item2 >= 64 || shape.Item3 >= 64) && !shapes.Contains(shape))
            {
                shapes.Add(shape);
            }
        }

        shapes.Add((129, 129, 129));
        shapes.Add((100, 129, 64));
        return [.. shapes];
    }
}
