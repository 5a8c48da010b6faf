using System;
using StaticNet.Generator.Layers;
using Xunit;

namespace StaticNet.Generator.Tests;

/// <summary>The count of input positions no window reads (SN0022), computed per residue class instead of per position.</summary>
public class WindowAxisTests
{
    [Fact]
    public void Unused_matches_reading_every_tap_of_every_window()
    {
        var random = new Random(17);
        for (int i = 0; i < 20000; i++)
        {
            var axis = new WindowAxis(random.Next(1, 25), random.Next(1, 7), random.Next(1, 6), random.Next(1, 4), random.Next(0, 5), random.Next(0, 5));

            Assert.True(ReadEveryTap(axis) == axis.Unused, $"{axis}: expected {ReadEveryTap(axis)}, got {axis.Unused}");
        }
    }

    [Theory]
    [InlineData(1 << 24, 3, 2, 1, 0, 1)]
    [InlineData(1 << 24, 2, 3, 1, 0, 5592406)]
    [InlineData(int.MaxValue, 5, 1, 1, 2, 0)]
    public void Unused_on_long_signals_is_counted_without_visiting_them(int size, int kernel, int stride, int dilation, int padding, int expected)
    {
        // Each tap reads every s-th position: the count costs the same for 2^31 positions as for 10 (it used to fill a
        // table of the input's length, which made a 2^24-long input through 20 layers take seconds).
        var axis = new WindowAxis(size, kernel, stride, dilation, padding, padding);

        Assert.Equal(expected, axis.Unused);
    }

    private static int ReadEveryTap(WindowAxis axis)
    {
        if (axis.Output <= 0)
        {
            return 0;
        }

        var read = new bool[axis.Size];
        for (int i = 0; i < axis.Output; i++)
        {
            for (int u = 0; u < axis.Kernel; u++)
            {
                long position = ((long)i * axis.Stride) + ((long)u * axis.Dilation) - axis.PadBefore;
                if (position >= 0 && position < axis.Size)
                {
                    read[position] = true;
                }
            }
        }

        return Array.FindAll(read, r => !r).Length;
    }
}
