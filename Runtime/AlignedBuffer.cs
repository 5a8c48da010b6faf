using System;
using System.Runtime.CompilerServices;

namespace StaticNet;

/// <summary>
/// A buffer whose first value sits on a 64-byte boundary (a cache line, one AVX-512 vector) and stays there: a generated
/// network's parameters, gradients and optimizer state, and its layers' outputs and output gradients. A .NET array
/// starts wherever the allocator puts it, 8-byte aligned; this one is a slightly longer array on the pinned object heap,
/// which never moves its objects, viewed from its first aligned element.
/// </summary>
/// <remarks>
/// <para>
/// <b>Why.</b> Where a training step is split across threads (<see cref="Kernels.ProductThreads"/>), the threads write
/// side by side: each its band of units in every row of a layer's output and its gradient, each its part (a multiple of
/// 16 floats from the start) of the parameters and the optimizer state in the update. In an aligned buffer the cuts fall
/// between cache lines wherever a row is a whole number of lines (128 or 256 float units, 784 inputs). In an array as
/// allocated, one line at each cut holds both threads' values, and the two cores pass it back and forth.
/// </para>
/// <para>
/// Measured on a Zen 4 (two vCPUs sharing a level-3 cache), batch-32 training steps on two threads, 10th-percentile and
/// median calls, the two networks in one process alternating call by call: with the parameter-sized buffers aligned and
/// the layer buffers 24 bytes off a line (as .NET had put them), mlp took 109–112 µs and deep-tanh 844–882 µs; with
/// everything aligned, 85–86 and 785–812. With the parameter-sized buffers 24 bytes off and the layer buffers as
/// allocated, 108–110 and 898–970; aligned, 82–83 and 801–848. One thread gained 0–2 %.
/// </para>
/// <para>
/// The buffer is a view: copying it copies the view, not the values, and both copies read and write the same memory
/// (a data-parallel shard shares its network's parameters so).
/// </para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct AlignedBuffer<T>
    where T : unmanaged
{
    /// <summary>The boundary the first value sits on: 64 bytes.</summary>
    public const int Alignment = 64;

    private readonly T[]? array;
    private readonly int start;

    /// <summary>Allocates <paramref name="length"/> values, all zero, the first on a 64-byte boundary.</summary>
    /// <param name="length">The values it holds, 0 or more.</param>
    public AlignedBuffer(int length)
        : this(length, zeroed: true)
    {
    }

    private AlignedBuffer(int length, bool zeroed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        if (length == 0)
        {
            return;
        }

        int slack = Alignment / Unsafe.SizeOf<T>();
        array = zeroed
            ? GC.AllocateArray<T>(checked(length + slack), pinned: true)
            : GC.AllocateUninitializedArray<T>(checked(length + slack), pinned: true);
        start = FirstAligned(array);
    }

    /// <summary>
    /// <paramref name="length"/> values whatever the memory held, the first on a 64-byte boundary: scratch that is
    /// written before it is read (<see cref="Kernels.GemmScratch{T}"/>).
    /// </summary>
    internal static AlignedBuffer<T> Uninitialized(int length) => new(length, zeroed: false);

    /// <summary>The values it holds.</summary>
    public int Length { get; }

    /// <summary>Views the whole buffer.</summary>
    /// <param name="buffer">The buffer.</param>
    public static implicit operator Span<T>(AlignedBuffer<T> buffer) => buffer.AsSpan();

    /// <summary>Views the whole buffer, read only.</summary>
    /// <param name="buffer">The buffer.</param>
    public static implicit operator ReadOnlySpan<T>(AlignedBuffer<T> buffer) => buffer.AsSpan();

    /// <summary>Views the whole buffer as memory, which (unlike a span) can be kept in a field.</summary>
    /// <param name="buffer">The buffer.</param>
    public static implicit operator ReadOnlyMemory<T>(AlignedBuffer<T> buffer) => buffer.AsMemory();

    /// <summary>The whole buffer as memory, which (unlike a span) can be kept in a field.</summary>
    /// <returns>Memory over its <see cref="Length"/> values.</returns>
    public Memory<T> AsMemory() => array is null ? Memory<T>.Empty : array.AsMemory(start, Length);

    /// <summary>The whole buffer.</summary>
    /// <returns>A span over its <see cref="Length"/> values.</returns>
    public Span<T> AsSpan() => array is null ? Span<T>.Empty : array.AsSpan(start, Length);

    /// <summary><paramref name="length"/> values from <paramref name="offset"/>.</summary>
    /// <param name="offset">The first value's index.</param>
    /// <param name="length">How many.</param>
    /// <returns>A span over those values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the buffer.</exception>
    public Span<T> AsSpan(int offset, int length) => AsSpan().Slice(offset, length);

    /// <summary>Sets every value to zero.</summary>
    public void Clear() => AsSpan().Clear();

    /// <summary>The index of the first element of <paramref name="array"/> (pinned) that sits on a 64-byte boundary.</summary>
    private static unsafe int FirstAligned(T[] array)
    {
        fixed (T* first = array)
        {
            int misalignment = (int)((nuint)first % Alignment);
            if (misalignment % Unsafe.SizeOf<T>() != 0)
            {
                return 0; // elements that do not divide the boundary: nothing to align them to
            }

            return ((Alignment - misalignment) % Alignment) / Unsafe.SizeOf<T>();
        }
    }
}
