using System;

namespace StaticNet.Optimizers;

/// <summary>Where one parameter tensor meets a range of the parameter buffer, for updates split across threads.</summary>
public static class ParameterRange
{
    /// <summary>
    /// The part of the tensor at <c>[offset, offset + count)</c> that lies in <c>[start, end)</c>, as the index of its
    /// first value in the buffer and how many there are (0 when they do not meet).
    /// </summary>
    /// <param name="offset">The tensor's first value in the buffer.</param>
    /// <param name="count">Its values.</param>
    /// <param name="start">The range's first value.</param>
    /// <param name="end">One past the range's last.</param>
    /// <returns>The first value of the part and its length; <c>(offset, 0)</c> when they do not meet.</returns>
    public static (int From, int Count) Overlap(int offset, int count, int start, int end)
    {
        int from = Math.Max(offset, start);
        int to = Math.Min(offset + count, end);
        return to > from ? (from, to - from) : (offset, 0);
    }

    /// <summary>Refuses a range that is not within a buffer of <paramref name="length"/> values.</summary>
    /// <param name="start">The range's first value.</param>
    /// <param name="end">One past the range's last.</param>
    /// <param name="length">The buffer's length.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not <c>0 ≤ start ≤ end ≤ length</c>.</exception>
    public static void Check(int start, int end, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, length);
    }
}
