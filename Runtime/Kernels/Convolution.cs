using System;
using System.Numerics;

namespace StaticNet.Kernels;

/// <summary>
/// How one kernel tap of a convolution walks a plane: input <see cref="Height"/>×<see cref="Width"/>,
/// output <see cref="OutputHeight"/>×<see cref="OutputWidth"/>, and the stride between output positions.
/// </summary>
/// <param name="Height">Input rows.</param>
/// <param name="Width">Input columns.</param>
/// <param name="OutputHeight">Output rows.</param>
/// <param name="OutputWidth">Output columns.</param>
/// <param name="StrideHeight">Input rows between output rows.</param>
/// <param name="StrideWidth">Input columns between output columns.</param>
public readonly record struct PlaneGeometry(int Height, int Width, int OutputHeight, int OutputWidth, int StrideHeight, int StrideWidth);

/// <summary>
/// The im2col primitives of convolution. A convolution output at (i, j) reads, for kernel tap (u, v), the
/// input at <c>(i·s_h + u·d_h − p_top, j·s_w + v·d_w − p_left)</c>. Gathering that value for every output
/// position, for every tap, lays the input out as a matrix whose product with the weights is the
/// convolution. Positions in the zero padding read 0.
/// </summary>
public static class Convolution
{
    /// <summary>
    /// One tap's row of the unfolded input: <c>row[i·OW + j] = channel[(i·s_h + rowOffset)·W + j·s_w + columnOffset]</c>,
    /// or 0 where that falls outside the plane (padding).
    /// </summary>
    /// <param name="channel">One input plane, <c>Height × Width</c>.</param>
    /// <param name="row">The tap's row, <c>OutputHeight × OutputWidth</c>.</param>
    /// <param name="geometry">The plane and output sizes and strides.</param>
    /// <param name="rowOffset">The tap's row offset, <c>u·dilation − paddingTop</c>.</param>
    /// <param name="columnOffset">The tap's column offset, <c>v·dilation − paddingLeft</c>.</param>
    public static void GatherTap<T>(ReadOnlySpan<T> channel, Span<T> row, in PlaneGeometry geometry, int rowOffset, int columnOffset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(channel.Length, row.Length, geometry);
        (int first, int end) = ValidColumns(geometry, columnOffset);
        int outputWidth = geometry.OutputWidth;
        for (int i = 0; i < geometry.OutputHeight; i++)
        {
            Span<T> target = row.Slice(i * outputWidth, outputWidth);
            int r = (i * geometry.StrideHeight) + rowOffset;
            if ((uint)r >= (uint)geometry.Height || first >= end)
            {
                target.Clear();
                continue;
            }

            target[..first].Clear();
            target[end..].Clear();
            ReadOnlySpan<T> source = channel.Slice(r * geometry.Width, geometry.Width);
            int c = (first * geometry.StrideWidth) + columnOffset;
            if (geometry.StrideWidth == 1)
            {
                source.Slice(c, end - first).CopyTo(target[first..end]);
            }
            else
            {
                for (int j = first; j < end; j++, c += geometry.StrideWidth)
                {
                    target[j] = source[c];
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="GatherTap{T}"/>: adds each entry of the tap's row back onto the input
    /// position it was read from (entries that came from padding are dropped).
    /// </summary>
    /// <param name="row">The tap's row, <c>OutputHeight × OutputWidth</c>.</param>
    /// <param name="channel">One input plane, <c>Height × Width</c>, added to.</param>
    /// <param name="geometry">The plane and output sizes and strides.</param>
    /// <param name="rowOffset">The tap's row offset, <c>u·dilation − paddingTop</c>.</param>
    /// <param name="columnOffset">The tap's column offset, <c>v·dilation − paddingLeft</c>.</param>
    public static void ScatterTapAdd<T>(ReadOnlySpan<T> row, Span<T> channel, in PlaneGeometry geometry, int rowOffset, int columnOffset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(channel.Length, row.Length, geometry);
        (int first, int end) = ValidColumns(geometry, columnOffset);
        int outputWidth = geometry.OutputWidth;
        for (int i = 0; i < geometry.OutputHeight; i++)
        {
            int r = (i * geometry.StrideHeight) + rowOffset;
            if ((uint)r >= (uint)geometry.Height)
            {
                continue;
            }

            ReadOnlySpan<T> source = row.Slice(i * outputWidth, outputWidth);
            Span<T> target = channel.Slice(r * geometry.Width, geometry.Width);
            int c = (first * geometry.StrideWidth) + columnOffset;
            for (int j = first; j < end; j++, c += geometry.StrideWidth)
            {
                target[c] += source[j];
            }
        }
    }

    /// <summary>The output columns <c>[first, end)</c> whose input column <c>j·s_w + offset</c> lies inside the plane.</summary>
    private static (int First, int End) ValidColumns(in PlaneGeometry geometry, int columnOffset)
    {
        int stride = geometry.StrideWidth;
        int first = columnOffset >= 0 ? 0 : (-columnOffset + stride - 1) / stride;
        int last = geometry.Width - 1 - columnOffset;
        int end = last < 0 ? 0 : Math.Min(geometry.OutputWidth, (last / stride) + 1);
        return (Math.Min(first, end), end);
    }

    private static void Check(int channel, int row, in PlaneGeometry geometry)
    {
        if (channel < geometry.Height * geometry.Width || row < geometry.OutputHeight * geometry.OutputWidth)
        {
            throw new ArgumentException(
                $"A plane of {geometry.Height}×{geometry.Width} and a tap row of {geometry.OutputHeight}×{geometry.OutputWidth} need {geometry.Height * geometry.Width} and {geometry.OutputHeight * geometry.OutputWidth} values, but got {channel} and {row}.");
        }
    }
}
