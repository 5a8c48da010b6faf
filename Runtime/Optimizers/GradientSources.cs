using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using StaticNet.Kernels;

namespace StaticNet.Optimizers;

/// <summary>
/// Where an optimizer's loop reads each gradient: stored in a buffer (<see cref="StoredGradients{T}"/>), or computed as
/// it goes from an outer product (<see cref="OuterProductRow{T}"/>, a one-sample step's dense weight gradient). The
/// loops are generic over it, as over the adjustment (<see cref="IGradientVectors{T}"/>), so each compiles to a loop of
/// its own with nothing in between.
/// </summary>
internal interface IGradientSource<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The gradients <c>[index, index + Vector&lt;T&gt;.Count)</c> of the block. Called with indices that never decrease.</summary>
    Vector<T> Load(nuint index);

    /// <summary>The gradient at <paramref name="index"/> of the block, one at a time (the scalar loops).</summary>
    T At(int index);
}

/// <summary>Gradients stored in a buffer, pinned by the caller for the loop.</summary>
internal readonly unsafe struct StoredGradients<T>(T* values) : IGradientSource<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Load(nuint index) => Vector.Load(values + index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T At(int index) => values[index];
}

/// <summary>
/// One row of the outer product <c>∂L/∂z·xᵀ</c> (a dense layer's weight gradient at one sample), or a piece of one,
/// computed as the loop reads it: each entry <see cref="Gemm.OuterProductEntry{T}"/> of the row's ∂L/∂z and an entry of
/// x, which is what the backward pass would have stored, bit for bit. x is pinned by the caller for the loop.
/// </summary>
internal readonly unsafe struct OuterProductRow<T>(T delta, T* inputs) : IGradientSource<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _delta = new(delta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Load(nuint index) => Gemm.OuterProductEntries(_delta, Vector.Load(inputs + index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T At(int index) => Gemm.OuterProductEntry(delta, inputs[index]);
}

/// <summary>
/// Whole rows of the outer product <c>∂L/∂z·xᵀ</c> in one loop, where each row is a whole number of vectors and the
/// block starts on a vector's boundary within its row, so no vector crosses a row's end. The loop reads the block in
/// order, so the source keeps the current row's broadcast ∂L/∂z and moves to the next row when the index reaches it: one
/// compare per vector, and one call of the optimizer's loop for the whole block instead of one per row. Each entry is
/// <see cref="Gemm.OuterProductEntries{T}"/>, as in <see cref="OuterProductRow{T}"/>. Both vectors are pinned by the caller.
/// </summary>
internal unsafe struct OuterProductRows<T> : IGradientSource<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T* _deltas;
    private readonly T* _inputs;
    private readonly nint _columns;
    private readonly nint _firstColumn;
    private T* _delta; // the current row's ∂L/∂z
    private T* _row; // x, shifted so that the current row's entry at block index i multiplies _row[i]
    private nuint _nextRow; // the block index where the next row starts
    private Vector<T> _broadcast;

    public OuterProductRows(T* deltas, T* inputs, int columns, int firstColumn)
    {
        _deltas = deltas;
        _inputs = inputs;
        _columns = columns;
        _firstColumn = firstColumn;
        _delta = deltas;
        _row = inputs + firstColumn;
        _nextRow = (nuint)(columns - firstColumn);
        _broadcast = new Vector<T>(*deltas);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Load(nuint index)
    {
        if (index == _nextRow)
        {
            _nextRow += (nuint)_columns;
            _row -= _columns;
            _delta++;
            _broadcast = new Vector<T>(*_delta);
        }

        return Gemm.OuterProductEntries(_broadcast, Vector.Load(_row + index));
    }

    public readonly T At(int index)
    {
        nint entry = _firstColumn + index;
        return Gemm.OuterProductEntry(_deltas[entry / _columns], _inputs[entry % _columns]);
    }
}
