using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace StaticNet.Kernels;

/// <summary>
/// The few vector operations the matrix-product kernels need, at one vector width. Kernels are written
/// once against <typeparamref name="TVector"/> and <c>TOps : IVectorOps</c>; the implementations below
/// are empty structs, so the JIT compiles one specialized copy of a kernel per width and inlines these
/// static calls into plain <c>vfmadd</c>, <c>vbroadcastss</c>, <c>vmovups</c> instructions, as if the
/// kernel had been written against <see cref="Vector256{T}"/> directly.
/// </summary>
/// <typeparam name="TVector">The vector type, e.g. <see cref="Vector256{T}"/>.</typeparam>
/// <typeparam name="T">The element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface IVectorOps<TVector, T>
    where TVector : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    /// <summary>Loads a vector from <paramref name="source"/> (no alignment needed).</summary>
    static abstract TVector Load(ref readonly T source);

    /// <summary>Stores a vector at <paramref name="destination"/> (no alignment needed).</summary>
    static abstract void Store(TVector value, ref T destination);

    /// <summary>A vector with every lane <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary><c>left·right + addend</c>, fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    static abstract TVector Add(TVector left, TVector right);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TVector value);

    /// <summary><paramref name="value"/> with the lanes below <paramref name="first"/> set to zero.</summary>
    static abstract TVector ZeroBelow(TVector value, int first);

    /// <summary>
    /// Writes the lane sums of four vectors to <c>destination[0..3]</c>, or adds them to it: four reductions
    /// in one tree of pairwise additions (3 <c>vhaddps</c> and one add for 256-bit floats, instead of
    /// four separate shuffle-and-add trees).
    /// </summary>
    static abstract void StoreSums(TVector s0, TVector s1, TVector s2, TVector s3, ref T destination, bool accumulate);
}

/// <summary>128-bit vectors: SSE on x64 without AVX2, and AdvSimd on Arm64.</summary>
internal readonly struct Vector128Ops<T> : IVectorOps<Vector128<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref readonly T source) => Vector128.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> left, Vector128<T> right, Vector128<T> addend)
    {
        if (typeof(T) == typeof(float))
        {
            return VectorCompat.MultiplyAdd(left.As<T, float>(), right.As<T, float>(), addend.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return VectorCompat.MultiplyAdd(left.As<T, double>(), right.As<T, double>(), addend.As<T, double>()).As<double, T>();
        }

        return (left * right) + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> left, Vector128<T> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value) => Vector128.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ZeroBelow(Vector128<T> value, int first)
    {
        if (typeof(T) == typeof(float))
        {
            return value & Vector128.GreaterThanOrEqual(VectorCompat.IntIndices128, Vector128.Create(first)).As<int, T>();
        }

        return value & Vector128.GreaterThanOrEqual(VectorCompat.LongIndices128, Vector128.Create((long)first)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums(Vector128<T> s0, Vector128<T> s1, Vector128<T> s2, Vector128<T> s3, ref T destination, bool accumulate)
    {
        Vector128<T> low, high;
        if (typeof(T) == typeof(float) && Sse3.IsSupported)
        {
            // [a0+a1, a2+a3, b0+b1, b2+b3], [c…, d…] → [Σa, Σb, Σc, Σd]
            low = Sse3.HorizontalAdd(Sse3.HorizontalAdd(s0.AsSingle(), s1.AsSingle()), Sse3.HorizontalAdd(s2.AsSingle(), s3.AsSingle())).As<float, T>();
            GemmSums.Store(low, ref destination, accumulate);
            return;
        }

        if (typeof(T) == typeof(float) && AdvSimd.Arm64.IsSupported)
        {
            low = AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(s0.AsSingle(), s1.AsSingle()), AdvSimd.Arm64.AddPairwise(s2.AsSingle(), s3.AsSingle())).As<float, T>();
            GemmSums.Store(low, ref destination, accumulate);
            return;
        }

        if (typeof(T) == typeof(double) && Sse3.IsSupported)
        {
            low = Sse3.HorizontalAdd(s0.AsDouble(), s1.AsDouble()).As<double, T>();
            high = Sse3.HorizontalAdd(s2.AsDouble(), s3.AsDouble()).As<double, T>();
            GemmSums.Store(low, ref destination, accumulate);
            GemmSums.Store(high, ref Unsafe.Add(ref destination, 2), accumulate);
            return;
        }

        if (typeof(T) == typeof(double) && AdvSimd.Arm64.IsSupported)
        {
            low = AdvSimd.Arm64.AddPairwise(s0.AsDouble(), s1.AsDouble()).As<double, T>();
            high = AdvSimd.Arm64.AddPairwise(s2.AsDouble(), s3.AsDouble()).As<double, T>();
            GemmSums.Store(low, ref destination, accumulate);
            GemmSums.Store(high, ref Unsafe.Add(ref destination, 2), accumulate);
            return;
        }

        GemmSums.StoreEach(Vector128.Sum(s0), Vector128.Sum(s1), Vector128.Sum(s2), Vector128.Sum(s3), ref destination, accumulate);
    }
}

/// <summary>256-bit vectors: AVX2 with FMA.</summary>
internal readonly struct Vector256Ops<T> : IVectorOps<Vector256<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref readonly T source) => Vector256.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> left, Vector256<T> right, Vector256<T> addend)
    {
        if (typeof(T) == typeof(float))
        {
            return VectorCompat.MultiplyAdd(left.As<T, float>(), right.As<T, float>(), addend.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return VectorCompat.MultiplyAdd(left.As<T, double>(), right.As<T, double>(), addend.As<T, double>()).As<double, T>();
        }

        return (left * right) + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> left, Vector256<T> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Vector256.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ZeroBelow(Vector256<T> value, int first)
    {
        if (typeof(T) == typeof(float))
        {
            return value & Vector256.GreaterThanOrEqual(VectorCompat.IntIndices256, Vector256.Create(first)).As<int, T>();
        }

        return value & Vector256.GreaterThanOrEqual(VectorCompat.LongIndices256, Vector256.Create((long)first)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums(Vector256<T> s0, Vector256<T> s1, Vector256<T> s2, Vector256<T> s3, ref T destination, bool accumulate)
    {
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            // Within each 128-bit half: [a01, a23, b01, b23], [c01, c23, d01, d23] → [a, b, c, d]; then add the halves.
            Vector256<float> sums = Avx.HorizontalAdd(Avx.HorizontalAdd(s0.AsSingle(), s1.AsSingle()), Avx.HorizontalAdd(s2.AsSingle(), s3.AsSingle()));
            GemmSums.Store((sums.GetLower() + sums.GetUpper()).As<float, T>(), ref destination, accumulate);
            return;
        }

        if (typeof(T) == typeof(double) && Avx.IsSupported)
        {
            // [a01, b01 | a23, b23], [c01, d01 | c23, d23] → [a01, b01, c01, d01] + [a23, b23, c23, d23]
            Vector256<double> ab = Avx.HorizontalAdd(s0.AsDouble(), s1.AsDouble());
            Vector256<double> cd = Avx.HorizontalAdd(s2.AsDouble(), s3.AsDouble());
            Vector256<double> sums = Avx.Permute2x128(ab, cd, 0x20) + Avx.Permute2x128(ab, cd, 0x31);
            GemmSums.Store(sums.As<double, T>(), ref destination, accumulate);
            return;
        }

        Vector128Ops<T>.StoreSums(s0.GetLower() + s0.GetUpper(), s1.GetLower() + s1.GetUpper(), s2.GetLower() + s2.GetUpper(), s3.GetLower() + s3.GetUpper(), ref destination, accumulate);
    }
}

/// <summary>512-bit vectors: AVX-512.</summary>
internal readonly struct Vector512Ops<T> : IVectorOps<Vector512<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref readonly T source) => Vector512.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> left, Vector512<T> right, Vector512<T> addend)
    {
        if (typeof(T) == typeof(float))
        {
            return VectorCompat.MultiplyAdd(left.As<T, float>(), right.As<T, float>(), addend.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return VectorCompat.MultiplyAdd(left.As<T, double>(), right.As<T, double>(), addend.As<T, double>()).As<double, T>();
        }

        return (left * right) + addend;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> left, Vector512<T> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value) => Vector512.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ZeroBelow(Vector512<T> value, int first)
    {
        if (typeof(T) == typeof(float))
        {
            return value & Vector512.GreaterThanOrEqual(VectorCompat.IntIndices512, Vector512.Create(first)).As<int, T>();
        }

        return value & Vector512.GreaterThanOrEqual(VectorCompat.LongIndices512, Vector512.Create((long)first)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums(Vector512<T> s0, Vector512<T> s1, Vector512<T> s2, Vector512<T> s3, ref T destination, bool accumulate) =>
        Vector256Ops<T>.StoreSums(s0.GetLower() + s0.GetUpper(), s1.GetLower() + s1.GetUpper(), s2.GetLower() + s2.GetUpper(), s3.GetLower() + s3.GetUpper(), ref destination, accumulate);
}

/// <summary>Stores for <see cref="IVectorOps{TVector, T}.StoreSums"/>.</summary>
internal static class GemmSums
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector128<T> sums, ref T destination, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (accumulate)
        {
            sums += Vector128.LoadUnsafe(ref destination);
        }

        sums.StoreUnsafe(ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector256<T> sums, ref T destination, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (accumulate)
        {
            sums += Vector256.LoadUnsafe(ref destination);
        }

        sums.StoreUnsafe(ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreEach<T>(T s0, T s1, T s2, T s3, ref T destination, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ref T d1 = ref Unsafe.Add(ref destination, 1), d2 = ref Unsafe.Add(ref destination, 2), d3 = ref Unsafe.Add(ref destination, 3);
        destination = accumulate ? destination + s0 : s0;
        d1 = accumulate ? d1 + s1 : s1;
        d2 = accumulate ? d2 + s2 : s2;
        d3 = accumulate ? d3 + s3 : s3;
    }
}

/// <summary>
/// A small integer known to the JIT: a kernel generic over <c>TRows : IConstant</c> is compiled once per
/// row count, with <c>if (TRows.Value &gt; 3)</c> folded away, so one source covers every tile height.
/// </summary>
internal interface IConstant
{
    static abstract int Value { get; }
}

internal readonly struct Constant1 : IConstant
{
    public static int Value => 1;
}

internal readonly struct Constant2 : IConstant
{
    public static int Value => 2;
}

internal readonly struct Constant3 : IConstant
{
    public static int Value => 3;
}

internal readonly struct Constant4 : IConstant
{
    public static int Value => 4;
}

internal readonly struct Constant5 : IConstant
{
    public static int Value => 5;
}

internal readonly struct Constant6 : IConstant
{
    public static int Value => 6;
}

/// <summary>
/// The .NET 9 vector methods the kernels use, for .NET 8 as well: a multiply-add, fused where the hardware
/// has FMA (as <c>MultiplyAddEstimate</c> is), and the lane indices 0, 1, 2, … (<c>Indices</c>).
/// </summary>
internal static class VectorCompat
{
#if NET9_0_OR_GREATER
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MultiplyAdd(Vector<float> left, Vector<float> right, Vector<float> addend) => Vector.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend) => Vector128.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> left, Vector128<double> right, Vector128<double> addend) => Vector128.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) => Vector256.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> left, Vector256<double> right, Vector256<double> addend) => Vector256.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) => Vector512.MultiplyAddEstimate(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> left, Vector512<double> right, Vector512<double> addend) => Vector512.MultiplyAddEstimate(left, right, addend);

    public static Vector128<int> IntIndices128 => Vector128<int>.Indices;

    public static Vector128<long> LongIndices128 => Vector128<long>.Indices;

    public static Vector256<int> IntIndices256 => Vector256<int>.Indices;

    public static Vector256<long> LongIndices256 => Vector256<long>.Indices;

    public static Vector512<int> IntIndices512 => Vector512<int>.Indices;

    public static Vector512<long> LongIndices512 => Vector512<long>.Indices;

#else
    /// <summary>Not fused on .NET 8, which has no portable fused multiply-add for <see cref="Vector{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MultiplyAdd(Vector<float> left, Vector<float> right, Vector<float> addend) => (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(left, right, addend) : (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> left, Vector128<double> right, Vector128<double> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(left, right, addend) : (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(left, right, addend) : (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> left, Vector256<double> right, Vector256<double> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(left, right, addend) : (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> left, Vector512<double> right, Vector512<double> addend) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    public static Vector128<int> IntIndices128 => Vector128.Create(0, 1, 2, 3);

    public static Vector128<long> LongIndices128 => Vector128.Create(0L, 1);

    public static Vector256<int> IntIndices256 => Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);

    public static Vector256<long> LongIndices256 => Vector256.Create(0L, 1, 2, 3);

    public static Vector512<int> IntIndices512 => Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    public static Vector512<long> LongIndices512 => Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);

#endif
}
