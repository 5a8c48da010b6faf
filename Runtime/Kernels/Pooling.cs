using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StaticNet.Kernels;

/// <summary>
/// A pooling window walked over a plane: window <see cref="WindowHeight"/>×<see cref="WindowWidth"/> moved by the
/// stride, output (i, j) covering input rows <c>i·StrideHeight − PaddingTop</c> onward and columns
/// <c>j·StrideWidth − PaddingLeft</c> onward.
/// </summary>
/// <param name="Height">Input rows.</param>
/// <param name="Width">Input columns.</param>
/// <param name="OutputHeight">Output rows.</param>
/// <param name="OutputWidth">Output columns.</param>
/// <param name="WindowHeight">Window rows.</param>
/// <param name="WindowWidth">Window columns.</param>
/// <param name="StrideHeight">Rows between windows.</param>
/// <param name="StrideWidth">Columns between windows.</param>
/// <param name="PaddingTop">Padding rows above the input.</param>
/// <param name="PaddingLeft">Padding columns left of the input.</param>
public readonly record struct PoolGeometry(
    int Height, int Width, int OutputHeight, int OutputWidth, int WindowHeight, int WindowWidth, int StrideHeight, int StrideWidth, int PaddingTop, int PaddingLeft);

/// <summary>
/// Max and average pooling over planes (<c>planes</c> = samples × channels, each plane contiguous). Pooling
/// partitions (or covers) each plane with blocks and reduces each block to one value; the gradient goes to the
/// block's arg-max, or is spread evenly over it for the mean.
/// </summary>
public static class Pooling
{
    /// <summary>The maximum of each window, ignoring padding; <paramref name="argMax"/> records the flat input index it came from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MaxForward<T>(ReadOnlySpan<T> input, Span<T> output, Span<int> argMax, int planes, in PoolGeometry geometry)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(input.Length, planes * geometry.Height * geometry.Width, output.Length, planes * geometry.OutputHeight * geometry.OutputWidth);
        if (IsPlain2x2(geometry, planes) && argMax.Length >= planes * geometry.OutputHeight * geometry.OutputWidth)
        {
            MaxForward2x2<T, RecordArgMax>(input, output, argMax, planes, geometry);
            return;
        }

        MaxForwardAnyWindow<T, RecordArgMax>(input, output, argMax, planes, geometry);
    }

    /// <summary>
    /// The maximum of each window, ignoring padding, without recording where it came from: the forward pass of
    /// inference, which no backward pass follows. The maxima are those of the overload with arg-max, bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MaxForward<T>(ReadOnlySpan<T> input, Span<T> output, int planes, in PoolGeometry geometry)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(input.Length, planes * geometry.Height * geometry.Width, output.Length, planes * geometry.OutputHeight * geometry.OutputWidth);
        if (IsPlain2x2(geometry, planes))
        {
            MaxForward2x2<T, MaximaOnly>(input, output, Span<int>.Empty, planes, geometry);
            return;
        }

        MaxForwardAnyWindow<T, MaximaOnly>(input, output, Span<int>.Empty, planes, geometry);
    }

    private static bool IsPlain2x2(in PoolGeometry geometry, int planes) =>
        geometry is { WindowHeight: 2, WindowWidth: 2, StrideHeight: 2, StrideWidth: 2, PaddingTop: 0, PaddingLeft: 0 }
        && planes >= 0 && geometry.OutputHeight >= 0 && geometry.OutputWidth >= 0
        && 2 * geometry.OutputHeight <= geometry.Height && 2 * geometry.OutputWidth <= geometry.Width;

    /// <summary>Any window, stride and padding, one window at a time; <typeparamref name="TRecord"/> says whether to write <paramref name="argMax"/>.</summary>
    private static void MaxForwardAnyWindow<T, TRecord>(ReadOnlySpan<T> input, Span<T> output, Span<int> argMax, int planes, in PoolGeometry geometry)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRecord : struct, IConstant
    {
        int inputArea = geometry.Height * geometry.Width;
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            int planeStart = plane * inputArea;
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                (int rowStart, int rowEnd) = Window(i, geometry.StrideHeight, geometry.PaddingTop, geometry.WindowHeight, geometry.Height);
                for (int j = 0; j < geometry.OutputWidth; j++, o++)
                {
                    (int columnStart, int columnEnd) = Window(j, geometry.StrideWidth, geometry.PaddingLeft, geometry.WindowWidth, geometry.Width);
                    int best = planeStart + (rowStart * geometry.Width) + columnStart;
                    T max = input[best];
                    for (int r = rowStart; r < rowEnd; r++)
                    {
                        int rowIndex = planeStart + (r * geometry.Width);
                        for (int c = columnStart; c < columnEnd; c++)
                        {
                            if (input[rowIndex + c] > max)
                            {
                                max = input[rowIndex + c];
                                best = rowIndex + c;
                            }
                        }
                    }

                    output[o] = max;
                    if (TRecord.Value != 0)
                    {
                        argMax[o] = best;
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="MaxForward{T}(ReadOnlySpan{T}, Span{T}, Span{int}, int, in PoolGeometry)"/> for 2×2 windows at stride 2 without padding, every window inside the plane (checked
    /// by the caller): the same comparisons in the same order (row-major, a later value wins only when greater), as selects.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxForward2x2<T, TRecord>(ReadOnlySpan<T> input, Span<T> output, Span<int> argMax, int planes, in PoolGeometry geometry)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRecord : struct, IConstant
    {
        int width = geometry.Width, outputHeight = geometry.OutputHeight, outputWidth = geometry.OutputWidth;
        int inputArea = geometry.Height * width;
        ref T x = ref MemoryMarshal.GetReference(input);
        ref T y = ref MemoryMarshal.GetReference(output);
        ref int indices = ref MemoryMarshal.GetReference(argMax);
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            for (int i = 0; i < outputHeight; i++)
            {
                int top = (plane * inputArea) + (2 * i * width);
                ref T row0 = ref Unsafe.Add(ref x, top);
                ref T row1 = ref Unsafe.Add(ref row0, width);
                int j = 0;
                if (typeof(T) == typeof(float) && Avx2.IsSupported && outputWidth >= 8)
                {
                    // Eight windows at a time: the same comparisons in the same order, lane by lane. A row that is not
                    // a whole number of eights ends with the last eight windows, overlapping the ones before: they get
                    // the same values again (LeNet-5's first pooling has 14 windows a row).
                    for (int last = outputWidth - 8; j < outputWidth; j = j == last ? outputWidth : Math.Min(j + 8, last))
                    {
                        MaxForward2x2Vector8(
                            ref Unsafe.As<T, float>(ref Unsafe.Add(ref row0, 2 * j)),
                            ref Unsafe.As<T, float>(ref Unsafe.Add(ref row1, 2 * j)),
                            top + (2 * j),
                            width,
                            ref Unsafe.As<T, float>(ref Unsafe.Add(ref y, o + j)),
                            ref Unsafe.Add(ref indices, o + j),
                            TRecord.Value != 0);
                    }
                }

                if (typeof(T) == typeof(float) && Sse.IsSupported && outputWidth >= 4 && j < outputWidth)
                {
                    // Four at a time, the same way (LeNet-5's second pooling has 5 windows a row).
                    for (int last = outputWidth - 4; j < outputWidth; j = j == last ? outputWidth : Math.Min(j + 4, last))
                    {
                        MaxForward2x2Vector4(
                            ref Unsafe.As<T, float>(ref Unsafe.Add(ref row0, 2 * j)),
                            ref Unsafe.As<T, float>(ref Unsafe.Add(ref row1, 2 * j)),
                            top + (2 * j),
                            width,
                            ref Unsafe.As<T, float>(ref Unsafe.Add(ref y, o + j)),
                            ref Unsafe.Add(ref indices, o + j),
                            TRecord.Value != 0);
                    }
                }

                o += j;
                for (; j < outputWidth; j++, o++)
                {
                    int c = 2 * j;
                    T max = Unsafe.Add(ref row0, c);
                    int best = top + c;
                    T v = Unsafe.Add(ref row0, c + 1);
                    bool greater = v > max;
                    best = greater ? top + c + 1 : best;
                    max = greater ? v : max;
                    v = Unsafe.Add(ref row1, c);
                    greater = v > max;
                    best = greater ? top + width + c : best;
                    max = greater ? v : max;
                    v = Unsafe.Add(ref row1, c + 1);
                    greater = v > max;
                    best = greater ? top + width + c + 1 : best;
                    max = greater ? v : max;
                    Unsafe.Add(ref y, o) = max;
                    if (TRecord.Value != 0)
                    {
                        Unsafe.Add(ref indices, o) = best;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Eight 2×2 windows whose top-left corners are <c>row0[0], row0[2], …, row0[14]</c>: their maxima and where
    /// each came from (<paramref name="first"/> is the flat index of <c>row0[0]</c>). Candidates are compared in
    /// the scalar loop's order with the same strict <c>&gt;</c>, so ties and NaN give the same results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxForward2x2Vector8(ref float row0, ref float row1, int first, int width, ref float output, ref int argMax, bool record)
    {
        (Vector256<float> leftTop, Vector256<float> rightTop) = Deinterleave(Vector256.LoadUnsafe(ref row0), Vector256.LoadUnsafe(ref row0, 8));
        (Vector256<float> leftBottom, Vector256<float> rightBottom) = Deinterleave(Vector256.LoadUnsafe(ref row1), Vector256.LoadUnsafe(ref row1, 8));
        Vector256<int> index = Vector256.Create(first) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        Vector256<float> max = leftTop;
        Vector256<int> best = index;
        Candidate(ref max, ref best, rightTop, index + Vector256.Create(1));
        Candidate(ref max, ref best, leftBottom, index + Vector256.Create(width));
        Candidate(ref max, ref best, rightBottom, index + Vector256.Create(width + 1));
        max.StoreUnsafe(ref output);
        if (record)
        {
            best.StoreUnsafe(ref argMax);
        }

        static void Candidate(ref Vector256<float> max, ref Vector256<int> best, Vector256<float> value, Vector256<int> at)
        {
            Vector256<float> greater = Vector256.GreaterThan(value, max);
            max = Vector256.ConditionalSelect(greater, value, max);
            best = Vector256.ConditionalSelect(greater.AsInt32(), at, best);
        }
    }

    /// <summary>
    /// Four 2×2 windows (<c>row0[0], row0[2], row0[4], row0[6]</c>), as <see cref="MaxForward2x2Vector8"/>
    /// does eight, in 128-bit vectors: SSE's shuffle splits 8 floats into the even and the odd ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxForward2x2Vector4(ref float row0, ref float row1, int first, int width, ref float output, ref int argMax, bool record)
    {
        Vector128<float> top0 = Vector128.LoadUnsafe(ref row0), top1 = Vector128.LoadUnsafe(ref row0, 4);
        Vector128<float> bottom0 = Vector128.LoadUnsafe(ref row1), bottom1 = Vector128.LoadUnsafe(ref row1, 4);
        Vector128<int> index = Vector128.Create(first) + Vector128.Create(0, 2, 4, 6);
        Vector128<float> max = Sse.Shuffle(top0, top1, 0x88);
        Vector128<int> best = index;
        Candidate(ref max, ref best, Sse.Shuffle(top0, top1, 0xDD), index + Vector128.Create(1));
        Candidate(ref max, ref best, Sse.Shuffle(bottom0, bottom1, 0x88), index + Vector128.Create(width));
        Candidate(ref max, ref best, Sse.Shuffle(bottom0, bottom1, 0xDD), index + Vector128.Create(width + 1));
        max.StoreUnsafe(ref output);
        if (record)
        {
            best.StoreUnsafe(ref argMax);
        }

        static void Candidate(ref Vector128<float> max, ref Vector128<int> best, Vector128<float> value, Vector128<int> at)
        {
            Vector128<float> greater = Vector128.GreaterThan(value, max);
            max = Vector128.ConditionalSelect(greater, value, max);
            best = Vector128.ConditionalSelect(greater.AsInt32(), at, best);
        }
    }

    /// <summary>The even and the odd elements of 16 consecutive floats, each in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) Deinterleave(Vector256<float> low, Vector256<float> high)
    {
        Vector256<int> order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        Vector256<float> a = Avx2.PermuteVar8x32(low, order);  // 0 2 4 6 | 1 3 5 7
        Vector256<float> b = Avx2.PermuteVar8x32(high, order); // 8 10 12 14 | 9 11 13 15
        return (Avx.Permute2x128(a, b, 0x20), Avx.Permute2x128(a, b, 0x31));
    }

    /// <summary>Clears <paramref name="inputGradient"/>, then adds each output's gradient to the input it came from.</summary>
    public static void MaxBackward<T>(ReadOnlySpan<T> outputGradient, ReadOnlySpan<int> argMax, Span<T> inputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (argMax.Length != outputGradient.Length)
        {
            throw new ArgumentException($"The output gradient holds {outputGradient.Length} values but the arg-max record {argMax.Length}.");
        }

        inputGradient.Clear();
        for (int o = 0; o < outputGradient.Length; o++)
        {
            inputGradient[argMax[o]] += outputGradient[o];
        }
    }

    /// <summary>The mean of each window, padding counted as zeros (PyTorch's <c>count_include_pad</c>), so every output divides by the window area.</summary>
    public static void AverageForward<T>(ReadOnlySpan<T> input, Span<T> output, int planes, in PoolGeometry geometry)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(input.Length, planes * geometry.Height * geometry.Width, output.Length, planes * geometry.OutputHeight * geometry.OutputWidth);
        int inputArea = geometry.Height * geometry.Width;
        T scale = T.One / T.CreateChecked(geometry.WindowHeight * geometry.WindowWidth);
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<T> x = input.Slice(plane * inputArea, inputArea);
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                (int rowStart, int rowEnd) = Window(i, geometry.StrideHeight, geometry.PaddingTop, geometry.WindowHeight, geometry.Height);
                for (int j = 0; j < geometry.OutputWidth; j++, o++)
                {
                    (int columnStart, int columnEnd) = Window(j, geometry.StrideWidth, geometry.PaddingLeft, geometry.WindowWidth, geometry.Width);
                    T sum = T.Zero;
                    for (int r = rowStart; r < rowEnd; r++)
                    {
                        for (int c = columnStart; c < columnEnd; c++)
                        {
                            sum += x[(r * geometry.Width) + c];
                        }
                    }

                    output[o] = sum * scale;
                }
            }
        }
    }

    /// <summary>Clears <paramref name="inputGradient"/>, then spreads each output's gradient evenly over its window (the padding's share is dropped).</summary>
    public static void AverageBackward<T>(ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int planes, in PoolGeometry geometry)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(inputGradient.Length, planes * geometry.Height * geometry.Width, outputGradient.Length, planes * geometry.OutputHeight * geometry.OutputWidth);
        inputGradient.Clear();
        int inputArea = geometry.Height * geometry.Width;
        T scale = T.One / T.CreateChecked(geometry.WindowHeight * geometry.WindowWidth);
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            Span<T> dx = inputGradient.Slice(plane * inputArea, inputArea);
            for (int i = 0; i < geometry.OutputHeight; i++)
            {
                (int rowStart, int rowEnd) = Window(i, geometry.StrideHeight, geometry.PaddingTop, geometry.WindowHeight, geometry.Height);
                for (int j = 0; j < geometry.OutputWidth; j++, o++)
                {
                    (int columnStart, int columnEnd) = Window(j, geometry.StrideWidth, geometry.PaddingLeft, geometry.WindowWidth, geometry.Width);
                    T share = outputGradient[o] * scale;
                    for (int r = rowStart; r < rowEnd; r++)
                    {
                        for (int c = columnStart; c < columnEnd; c++)
                        {
                            dx[(r * geometry.Width) + c] += share;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The maximum of each block of a partition: block (a, b) covers rows <c>[rowBounds[a], rowBounds[a+1])</c> and
    /// columns <c>[columnBounds[b], columnBounds[b+1])</c>. Blocks may differ in size, as in the course notes.
    /// </summary>
    public static void MaxPartitionForward<T>(ReadOnlySpan<T> input, Span<T> output, Span<int> argMax, int planes, int height, int width, ReadOnlySpan<int> rowBounds, ReadOnlySpan<int> columnBounds)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int blockRows = rowBounds.Length - 1, blockColumns = columnBounds.Length - 1;
        Check(input.Length, planes * height * width, output.Length, planes * blockRows * blockColumns);
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            int planeStart = plane * height * width;
            for (int a = 0; a < blockRows; a++)
            {
                for (int b = 0; b < blockColumns; b++, o++)
                {
                    int best = planeStart + (rowBounds[a] * width) + columnBounds[b];
                    T max = input[best];
                    for (int r = rowBounds[a]; r < rowBounds[a + 1]; r++)
                    {
                        for (int c = columnBounds[b]; c < columnBounds[b + 1]; c++)
                        {
                            int index = planeStart + (r * width) + c;
                            if (input[index] > max)
                            {
                                max = input[index];
                                best = index;
                            }
                        }
                    }

                    output[o] = max;
                    argMax[o] = best;
                }
            }
        }
    }

    /// <summary>The mean of each block of a partition (see <see cref="MaxPartitionForward{T}"/>), divided by that block's own size.</summary>
    public static void AveragePartitionForward<T>(ReadOnlySpan<T> input, Span<T> output, int planes, int height, int width, ReadOnlySpan<int> rowBounds, ReadOnlySpan<int> columnBounds)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int blockRows = rowBounds.Length - 1, blockColumns = columnBounds.Length - 1;
        Check(input.Length, planes * height * width, output.Length, planes * blockRows * blockColumns);
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            int planeStart = plane * height * width;
            for (int a = 0; a < blockRows; a++)
            {
                for (int b = 0; b < blockColumns; b++, o++)
                {
                    T sum = T.Zero;
                    for (int r = rowBounds[a]; r < rowBounds[a + 1]; r++)
                    {
                        for (int c = columnBounds[b]; c < columnBounds[b + 1]; c++)
                        {
                            sum += input[planeStart + (r * width) + c];
                        }
                    }

                    output[o] = sum / T.CreateChecked((rowBounds[a + 1] - rowBounds[a]) * (columnBounds[b + 1] - columnBounds[b]));
                }
            }
        }
    }

    /// <summary>Clears <paramref name="inputGradient"/>, then spreads each block's gradient evenly over the block.</summary>
    public static void AveragePartitionBackward<T>(ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int planes, int height, int width, ReadOnlySpan<int> rowBounds, ReadOnlySpan<int> columnBounds)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int blockRows = rowBounds.Length - 1, blockColumns = columnBounds.Length - 1;
        Check(inputGradient.Length, planes * height * width, outputGradient.Length, planes * blockRows * blockColumns);
        inputGradient.Clear();
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            int planeStart = plane * height * width;
            for (int a = 0; a < blockRows; a++)
            {
                for (int b = 0; b < blockColumns; b++, o++)
                {
                    T share = outputGradient[o] / T.CreateChecked((rowBounds[a + 1] - rowBounds[a]) * (columnBounds[b + 1] - columnBounds[b]));
                    for (int r = rowBounds[a]; r < rowBounds[a + 1]; r++)
                    {
                        for (int c = columnBounds[b]; c < columnBounds[b + 1]; c++)
                        {
                            inputGradient[planeStart + (r * width) + c] += share;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The mean of each whole plane of <paramref name="area"/> values.</summary>
    public static void GlobalAverageForward<T>(ReadOnlySpan<T> input, Span<T> output, int planes, int area)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(input.Length, planes * area, output.Length, planes);
        T count = T.CreateChecked(area);
        for (int p = 0; p < planes; p++)
        {
            output[p] = System.Numerics.Tensors.TensorPrimitives.Sum(input.Slice(p * area, area)) / count;
        }
    }

    /// <summary>Sets every position of each plane to that plane's output gradient divided by <paramref name="area"/>.</summary>
    public static void GlobalAverageBackward<T>(ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int planes, int area)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(inputGradient.Length, planes * area, outputGradient.Length, planes);
        T count = T.CreateChecked(area);
        for (int p = 0; p < planes; p++)
        {
            inputGradient.Slice(p * area, area).Fill(outputGradient[p] / count);
        }
    }

    /// <summary>The input rows (or columns) <c>[start, end)</c> that window <paramref name="index"/> covers, clipped to the input.</summary>
    private static (int Start, int End) Window(int index, int stride, int padding, int window, int size)
    {
        int start = (index * stride) - padding;
        return (Math.Max(start, 0), Math.Min(start + window, size));
    }

    private static void Check(int input, int inputNeeded, int output, int outputNeeded)
    {
        if (input != inputNeeded || output != outputNeeded)
        {
            throw new ArgumentException($"Pooling spans hold {input} input and {output} output values, but the shapes need {inputNeeded} and {outputNeeded}.");
        }
    }

    /// <summary>Write the arg-max of each window.</summary>
    private readonly struct RecordArgMax : IConstant
    {
        public static int Value => 1;
    }

    /// <summary>Write the maxima only.</summary>
    private readonly struct MaximaOnly : IConstant
    {
        public static int Value => 0;
    }
}
