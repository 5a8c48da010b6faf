using System;
using System.Numerics;
using StaticNet.Kernels;

namespace StaticNet.Optimizers;

/// <summary>
/// A weight gradient left unstored as the outer product it is: after a one-sample training step, a dense layer's
/// <c>∂L/∂W = ∂L/∂z·xᵀ</c>, a <see cref="Rows"/> × <see cref="Columns"/> matrix at <see cref="Offset"/> in the gradient
/// buffer, from the layer's output gradient ∂L/∂z (<see cref="Rows"/> values) and its input x (<see cref="Columns"/>).
/// </summary>
/// <remarks>
/// A one-sample step is bound by moving memory, not by arithmetic: storing the gradient only for the update to read it
/// back costs as much as reading and writing the weights. The update instead computes each vector of the gradient as it
/// reads it, one multiply-add of a row's ∂L/∂z with a vector of x (<see cref="GradientBlocks{T}"/>,
/// <see cref="OuterProductRows{T}"/>), each entry <see cref="Gemm.OuterProductEntry{T}"/>: the value
/// <see cref="Gemm.TransposedMultiply{T}"/> stores (<see cref="Store"/>), so the update is the same bit for bit.
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
public readonly struct OuterProductGradient<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlyMemory<T> _outputGradient;
    private readonly ReadOnlyMemory<T> _input;

    /// <summary>The outer product of the first <paramref name="rows"/> values of <paramref name="outputGradient"/> and the first <paramref name="columns"/> of <paramref name="input"/>.</summary>
    /// <param name="offset">Where the matrix starts in the gradient buffer.</param>
    /// <param name="rows">The layer's units: the rows of W.</param>
    /// <param name="columns">The layer's inputs: the columns of W.</param>
    /// <param name="outputGradient">The buffer holding ∂L/∂z, read when the gradient is computed, not now.</param>
    /// <param name="input">The buffer holding x, read when the gradient is computed, not now.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count or the offset is negative, or a buffer is shorter than its count.</exception>
    public OuterProductGradient(int offset, int rows, int columns, ReadOnlyMemory<T> outputGradient, ReadOnlyMemory<T> input)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, outputGradient.Length, nameof(rows));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, input.Length, nameof(columns));
        if ((long)rows * columns > int.MaxValue - (long)offset)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"A {rows} × {columns} matrix at {offset} ends beyond the largest buffer.");
        }

        Offset = offset;
        Rows = rows;
        Columns = columns;
        _outputGradient = outputGradient;
        _input = input;
    }

    /// <summary>Where the matrix starts in the gradient buffer.</summary>
    public int Offset { get; }

    /// <summary>Its rows: the layer's units.</summary>
    public int Rows { get; }

    /// <summary>Its columns: the layer's inputs.</summary>
    public int Columns { get; }

    /// <summary>Its values: <see cref="Rows"/> · <see cref="Columns"/>.</summary>
    public int Length => Rows * Columns;

    /// <summary>One past its last value in the gradient buffer.</summary>
    public int End => Offset + Length;

    /// <summary>Writes the whole matrix to its place in <paramref name="gradients"/>, as the backward pass would have.</summary>
    /// <param name="gradients">The gradient buffer.</param>
    /// <exception cref="ArgumentException">The buffer ends before the matrix does.</exception>
    public void Store(Span<T> gradients)
    {
        if (gradients.Length < End)
        {
            throw new ArgumentException($"The gradient buffer has {gradients.Length} values; this gradient ends at {End}.", nameof(gradients));
        }

        Compute(_outputGradient.Span[..Rows], _input.Span[..Columns], 0, gradients.Slice(Offset, Length));
    }

    /// <summary>The block of <paramref name="length"/> values from <paramref name="from"/> on (counted from <see cref="Offset"/>).</summary>
    internal GradientBlock<T> Block(int start, int from, int length) =>
        new(start, length, _outputGradient.Span[(from / Columns)..Rows], _input.Span[..Columns], from % Columns);

    /// <summary>
    /// Entries of the outer product <c>deltas·inputsᵀ</c> from column <paramref name="firstColumn"/> of the row of
    /// <c>deltas[0]</c> on, as many as <paramref name="block"/> holds, with the product the backward pass stores them with.
    /// </summary>
    internal static void Compute(ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, int firstColumn, Span<T> block)
    {
        int columns = inputs.Length, row = 0, column = firstColumn, done = 0;
        while (done < block.Length)
        {
            int left = block.Length - done;
            if (column == 0 && left >= columns)
            {
                // Whole rows, as one product.
                int rows = left / columns;
                Gemm.TransposedMultiply<T>(deltas.Slice(row, rows), inputs, block.Slice(done, rows * columns), rows, columns, 1);
                done += rows * columns;
                row += rows;
                continue;
            }

            // The end of a row the block starts inside, or the start of one it ends inside.
            int count = Math.Min(columns - column, left);
            Gemm.TransposedMultiply<T>(deltas.Slice(row, 1), inputs.Slice(column, count), block.Slice(done, count), 1, count, 1);
            done += count;
            row++;
            column = 0;
        }
    }
}

/// <summary>
/// The gradients of one block of parameters, <c>[Start, End)</c>, as an optimizer's update reads them: stored in a
/// buffer, or a piece of an <see cref="OuterProductGradient{T}"/> left unstored, which the update computes as it goes.
/// Every optimizer's <c>Update</c> takes either.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public readonly ref struct GradientBlock<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _values;
    private readonly ReadOnlySpan<T> _deltas;
    private readonly ReadOnlySpan<T> _inputs;
    private readonly int _firstColumn;

    /// <summary>Stored gradients, a block starting at 0.</summary>
    /// <param name="gradients">The gradients, in order.</param>
    public GradientBlock(ReadOnlySpan<T> gradients)
        : this(0, gradients)
    {
    }

    internal GradientBlock(int start, ReadOnlySpan<T> gradients)
    {
        Start = start;
        Length = gradients.Length;
        _values = gradients;
    }

    /// <summary>Entries of the outer product <c>deltas·inputsᵀ</c> from column <paramref name="firstColumn"/> of the row of <c>deltas[0]</c>.</summary>
    internal GradientBlock(int start, int length, ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, int firstColumn)
    {
        Start = start;
        Length = length;
        _deltas = deltas;
        _inputs = inputs;
        _firstColumn = firstColumn;
        IsOuterProduct = true;
    }

    /// <summary>The block's first value in the parameter buffer.</summary>
    public int Start { get; }

    /// <summary>Its values.</summary>
    public int Length { get; }

    /// <summary>One past its last value.</summary>
    public int End => Start + Length;

    /// <summary>Whether its gradients are computed from an outer product as they are read, rather than stored.</summary>
    public bool IsOuterProduct { get; }

    /// <summary>
    /// The stored gradients. A block of an outer product has none: an optimizer's <c>Update</c> computes them, and
    /// <see cref="CopyTo"/> writes them out.
    /// </summary>
    /// <exception cref="InvalidOperationException">The block is part of an outer product.</exception>
    public ReadOnlySpan<T> Gradients => IsOuterProduct
        ? throw new InvalidOperationException("This block's gradients are an outer product's, computed as an optimizer reads them; CopyTo writes them out.")
        : _values;

    /// <summary>
    /// The values <c>[offset, offset + count)</c> of the block, as a block of their own; with a count of 0, an empty
    /// block wherever the offset is (a tensor the block does not reach, from <see cref="ParameterRange.Overlap"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count that is negative, or values that are not within the block.</exception>
    public GradientBlock<T> Slice(int offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return new GradientBlock<T>(Start, ReadOnlySpan<T>.Empty);
        }

        ParameterRange.Check(offset, offset + count, Length);
        if (!IsOuterProduct)
        {
            return new GradientBlock<T>(Start + offset, _values.Slice(offset, count));
        }

        int columns = _inputs.Length, entry = _firstColumn + offset;
        return new GradientBlock<T>(Start + offset, count, _deltas[(entry / columns)..], _inputs, entry % columns);
    }

    /// <summary>Writes the block's gradients to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the block.</exception>
    public void CopyTo(Span<T> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} values; the block has {Length}.", nameof(destination));
        }

        if (IsOuterProduct)
        {
            OuterProductGradient<T>.Compute(_deltas, _inputs, _firstColumn, destination[..Length]);
        }
        else
        {
            _values.CopyTo(destination);
        }
    }

    /// <summary>
    /// Runs <paramref name="update"/> over the block's gradients: in place where stored, computed as read where an outer
    /// product (<see cref="OuterProductRows{T}"/>, or <see cref="OuterProductRow{T}"/> row by row where a vector would
    /// cross a row's end). What it reads is pinned while it runs.
    /// </summary>
    internal unsafe void Run<TUpdate>(ref TUpdate update)
        where TUpdate : struct, IGradientUpdate<T>
    {
        if (Length == 0)
        {
            return;
        }

        if (!IsOuterProduct)
        {
            fixed (T* values = _values)
            {
                update.Run(new StoredGradients<T>(values), 0, Length);
            }

            return;
        }

        // Each gradient vector is one multiply-add of a row's ∂L/∂z with a vector of x, which stays in the first-level
        // cache: in one loop where the rows are whole vectors, else row by row.
        int columns = _inputs.Length, width = Vector<T>.Count;
        fixed (T* inputs = _inputs, deltas = _deltas)
        {
            if (Vector.IsHardwareAccelerated && columns % width == 0 && _firstColumn % width == 0)
            {
                update.Run(new OuterProductRows<T>(deltas, inputs, columns, _firstColumn), 0, Length);
                return;
            }

            for (int done = 0, row = 0, column = _firstColumn; done < Length; row++, column = 0)
            {
                int count = Math.Min(columns - column, Length - done);
                update.Run(new OuterProductRow<T>(_deltas[row], inputs + column), done, count);
                done += count;
            }
        }
    }
}

/// <summary>An optimizer's update of one block, run by <see cref="GradientBlock{T}.Run"/> with the block's gradient source.</summary>
internal interface IGradientUpdate<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Updates the block's values <c>[offset, offset + count)</c>, whose gradients <paramref name="gradients"/> gives from its index 0.</summary>
    void Run<TGradient>(TGradient gradients, int offset, int count)
        where TGradient : struct, IGradientSource<T>;
}

/// <summary>
/// The gradients of a parameter range <c>[start, end)</c>, block by block, for an optimizer update: the stored
/// gradients where they are stored (one block, read in place), and the part of each <see cref="OuterProductGradient{T}"/>
/// left unstored in the range as one block, which the optimizer computes as it reads it. With no unstored gradients it
/// gives the whole range as one block. Use it with <c>foreach</c>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public ref struct GradientBlocks<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _gradients;
    private readonly OuterProductGradient<T>[]? _unstored;
    private readonly int _end;
    private int _position;
    private int _next;
    private GradientBlock<T> _current;

    /// <summary>The blocks of <c>[start, end)</c>.</summary>
    /// <param name="gradients">The gradient buffer, stored values in place.</param>
    /// <param name="start">The range's first value.</param>
    /// <param name="end">One past its last.</param>
    /// <param name="unstored">The gradients left unstored, in buffer order and apart; null or empty for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not within the buffer.</exception>
    /// <exception cref="ArgumentException">The unstored gradients overlap, are out of order or end beyond the buffer.</exception>
    public GradientBlocks(ReadOnlySpan<T> gradients, int start, int end, OuterProductGradient<T>[]? unstored)
    {
        ParameterRange.Check(start, end, gradients.Length);
        if (unstored is not null)
        {
            for (int i = 0; i < unstored.Length; i++)
            {
                if (unstored[i].End > gradients.Length || (i > 0 && unstored[i].Offset < unstored[i - 1].End))
                {
                    throw new ArgumentException($"Unstored gradient {i} ([{unstored[i].Offset}, {unstored[i].End})) overlaps the one before it, comes before it or ends beyond the {gradients.Length} gradients.", nameof(unstored));
                }
            }
        }

        _gradients = gradients;
        _unstored = unstored;
        _position = start;
        _end = end;
        _next = 0;
        _current = default;
    }

    /// <summary>The block <see cref="MoveNext"/> moved to.</summary>
    public readonly GradientBlock<T> Current => _current;

    /// <summary>For <c>foreach</c>.</summary>
    public readonly GradientBlocks<T> GetEnumerator() => this;

    /// <summary>Moves to the next block; false after the last.</summary>
    public bool MoveNext()
    {
        if (_position >= _end)
        {
            return false;
        }

        OuterProductGradient<T>[] unstored = _unstored ?? [];
        while (_next < unstored.Length && (unstored[_next].End <= _position || unstored[_next].Length == 0))
        {
            _next++;
        }

        if (_next == unstored.Length || _position < unstored[_next].Offset)
        {
            // Stored gradients, in place: up to the next unstored matrix or the end of the range.
            int to = _next == unstored.Length ? _end : Math.Min(_end, unstored[_next].Offset);
            _current = new GradientBlock<T>(_position, _gradients[_position..to]);
            _position = to;
            return true;
        }

        OuterProductGradient<T> product = unstored[_next];
        int end = Math.Min(_end, product.End);
        _current = product.Block(_position, _position - product.Offset, end - _position);
        _position = end;
        return true;
    }
}
