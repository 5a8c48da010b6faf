using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StaticNet.Samples;
using Xunit;

namespace StaticNet.Tests;

public class AlignedBufferTests
{
    private static nuint Address<T>(Span<T> span)
        where T : unmanaged =>
        (nuint)Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref MemoryMarshal.GetReference(span));

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void Starts_on_a_cache_line_with_every_value_zero(int length)
    {
        // Many at once: an array lands anywhere 8-byte aligned, so some of these would not start on a line by chance.
        for (int i = 0; i < 16; i++)
        {
            var floats = new AlignedBuffer<float>(length);
            var doubles = new AlignedBuffer<double>(length);
            Assert.Equal(length, floats.Length);
            Assert.Equal(length, floats.AsSpan().Length);
            Assert.Equal(0u, Address(floats.AsSpan()) % 64);
            Assert.Equal(0u, Address(doubles.AsSpan()) % 64);
            Assert.True(floats.AsSpan().IndexOfAnyExcept(0f) < 0);
            Assert.True(doubles.AsSpan().IndexOfAnyExcept(0d) < 0);
        }
    }

    [Fact]
    public void Copies_view_the_same_values_and_clear_clears_them()
    {
        var buffer = new AlignedBuffer<float>(40);
        AlignedBuffer<float> copy = buffer;
        copy.AsSpan(10, 5).Fill(2f);
        Span<float> whole = buffer;
        ReadOnlySpan<float> readOnly = buffer;
        ReadOnlyMemory<float> memory = buffer;
        Assert.Equal(10f, buffer.AsSpan().ToArray().Sum());
        Assert.Equal(2f, whole[14]);
        Assert.Equal(0f, readOnly[15]);
        Assert.Equal(2f, memory.Span[10]);
        Assert.Equal(Address(buffer.AsSpan()), Address(buffer.AsMemory().Span));
        buffer.Clear();
        Assert.Equal(0f, copy.AsSpan(10, 1)[0]);
    }

    [Fact]
    public void An_empty_buffer_is_empty_and_ranges_are_checked()
    {
        var empty = new AlignedBuffer<float>(0);
        Assert.Equal(0, empty.Length);
        Assert.True(empty.AsSpan().IsEmpty);
        Assert.True(default(AlignedBuffer<float>).AsSpan().IsEmpty);
        empty.Clear();
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer<float>(-1));
        var buffer = new AlignedBuffer<float>(8);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(4, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(-1, 2));
    }

    [Fact]
    public void A_generated_network_keeps_its_buffers_on_cache_lines()
    {
        for (int i = 0; i < 8; i++)
        {
            var mlp = new Mlp();
            mlp.Initialize(i);
            Assert.Equal(0u, Address(mlp.Parameters) % 64);
            Assert.Equal(0u, Address(mlp.Gradients) % 64);
            Assert.Equal(0u, Address(mlp.OptimizerState) % 64);
            // Each tensor at a multiple of 16 floats: its rows start on lines too (784 inputs: 49 lines a row).
            Assert.Equal(0u, Address(mlp.Dense1Weights) % 64);
            Assert.Equal(0u, Address(mlp.Dense2Weights) % 64);
            GC.Collect(); // the pinned heap never moves them
            Assert.Equal(0u, Address(mlp.Parameters) % 64);

            // The layers' outputs and output gradients too (private fields: found by their type).
            FieldInfo[] buffers = typeof(Mlp).GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
                .Where(f => f.FieldType == typeof(AlignedBuffer<float>)).ToArray();
            Assert.Contains(buffers, f => f.Name == "_dense1Output");
            Assert.Contains(buffers, f => f.Name == "_dense1OutputGradient");
            foreach (FieldInfo field in buffers)
            {
                var buffer = (AlignedBuffer<float>)field.GetValue(mlp)!;
                Assert.True(buffer.Length == 0 || Address(buffer.AsSpan()) % 64 == 0, field.Name);
            }
        }
    }
}
