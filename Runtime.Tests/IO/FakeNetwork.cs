using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace StaticNet.Runtime.Tests.IO;

/// <summary>
/// A hand-written <see cref="INetwork{T}"/> for serialization tests: plain arrays for parameters,
/// gradients and optimizer state, and a settable architecture string. It cannot run.
/// </summary>
public sealed class FakeNetwork<T> : INetwork<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public FakeNetwork(string architecture, int parameterCount, bool hasOptimizerState = true)
    {
        Architecture = architecture;
        ParameterArray = new T[parameterCount];
        GradientArray = new T[parameterCount];
        OptimizerStateArray = hasOptimizerState ? new T[parameterCount] : [];
    }

    public T[] ParameterArray { get; }

    public T[] GradientArray { get; }

    public T[] OptimizerStateArray { get; }

    public int InputLength => 1;

    public int OutputLength => 1;

    public int MinimumTrainingBatch => 1;

    public int BatchCapacity => 1;

    public double LearningRateScale { get; set; } = 1;

    public string Architecture { get; set; }

    public Span<T> Parameters => ParameterArray;

    public Span<T> Gradients => GradientArray;

    public Span<T> OptimizerState => OptimizerStateArray;

    public T[] StateArray { get; set; } = [];

    public Span<T> State => StateArray;

    /// <summary>One flat tensor over all parameters unless a test sets others.</summary>
    public System.Collections.Generic.IReadOnlyList<TensorInfo>? TensorList { get; set; }

    public System.Collections.Generic.IReadOnlyList<TensorInfo> Tensors =>
        TensorList ?? [new TensorInfo("fake.weight", TensorKind.Parameter, 0, [ParameterArray.Length], Decayed: true)];

    public string Optimizer { get; set; } = "Momentum(lr=0.01, momentum=0.9, weight_decay=0)";

    public System.Collections.Generic.IReadOnlyList<string> OptimizerBuffers => OptimizerStateArray.Length == 0 ? [] : ["velocity"];

    public long Step { get; set; }

    public void Initialize(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < ParameterArray.Length; i++)
        {
            ParameterArray[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        }

        Array.Clear(OptimizerStateArray);
    }

    /// <summary>Fills parameters and optimizer state with distinct random values derived from <paramref name="seed"/>.</summary>
    public FakeNetwork<T> Randomize(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < ParameterArray.Length; i++)
        {
            ParameterArray[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        }

        for (int i = 0; i < OptimizerStateArray.Length; i++)
        {
            OptimizerStateArray[i] = T.CreateChecked((random.NextDouble() - 0.5) * 1e-3);
        }

        return this;
    }

    /// <summary>The raw bytes of the parameters followed by the optimizer state, for bit-exact comparisons.</summary>
    public byte[] Snapshot() =>
        [.. MemoryMarshal.AsBytes(ParameterArray.AsSpan()), .. MemoryMarshal.AsBytes(OptimizerStateArray.AsSpan())];

    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs) =>
        throw new NotSupportedException("A fake network cannot run.");
}
