using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;

namespace StaticNet.Runtime.Tests.IO;

/// <summary>
/// A hand-written <see cref="INetwork{T}"/> for serialization tests: plain arrays for parameters, state,
/// gradients and optimizer state, named tensors laid out one after another, and a settable architecture
/// string. It cannot run.
/// </summary>
public sealed class FakeNetwork<T> : INetwork<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>One parameter tensor, <c>fake.weight</c> of shape [<paramref name="parameterCount"/>], and no state.</summary>
    public FakeNetwork(string architecture, int parameterCount, bool hasOptimizerState = true)
        : this(architecture, [("fake.weight", [parameterCount])], [], hasOptimizerState)
    {
    }

    /// <summary>The named parameter and state tensors, each buffer filled in order.</summary>
    public FakeNetwork(
        string architecture,
        IReadOnlyList<(string Name, int[] Shape)> parameters,
        IReadOnlyList<(string Name, int[] Shape)> state,
        bool hasOptimizerState = true)
    {
        Architecture = architecture;
        var tensors = new List<TensorInfo>();
        int parameterCount = Lay(parameters, TensorKind.Parameter, tensors);
        int stateCount = Lay(state, TensorKind.State, tensors);
        TensorList = tensors;
        ParameterArray = new T[parameterCount];
        GradientArray = new T[parameterCount];
        StateArray = new T[stateCount];
        OptimizerStateArray = hasOptimizerState ? new T[parameterCount] : [];
    }

    public T[] ParameterArray { get; }

    public T[] GradientArray { get; }

    public T[] StateArray { get; }

    public T[] OptimizerStateArray { get; }

    public int InputLength => 1;

    public int OutputLength => 1;

    public int MinimumTrainingBatch => 1;

    public bool CollectStatistics { get; set; }

    public System.Collections.Generic.IReadOnlyList<LayerStatistics> Statistics => [];

    public int BatchCapacity => 1;

    public double LearningRate { get; set; } = 0.01;

    public string Architecture { get; set; }

    public string Summary() => Architecture + "\n";

    public Span<T> Parameters => ParameterArray;

    public Span<T> Gradients => GradientArray;

    public Span<T> OptimizerState => OptimizerStateArray;

    public Span<T> State => StateArray;

    /// <summary>The tensors as built by the constructor, unless a test replaces them (to break the contract, say).</summary>
    public IReadOnlyList<TensorInfo> TensorList { get; set; }

    public IReadOnlyList<TensorInfo> Tensors => TensorList;

    public string Optimizer { get; set; } = "Momentum(lr=0.01, momentum=0.9, weight_decay=0)";

    public IReadOnlyList<string> OptimizerBuffers => OptimizerStateArray.Length == 0 ? [] : ["velocity"];

    public long Step { get; set; }

    public void ApplyGradients() => throw new NotSupportedException("A fake network for file tests does not train.");

    public void Initialize(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < ParameterArray.Length; i++)
        {
            ParameterArray[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        }

        Array.Clear(StateArray);
        Array.Clear(OptimizerStateArray);
        Step = 0;
    }

    /// <summary>Fills parameters, state and optimizer state with distinct random values and sets a step count, all derived from <paramref name="seed"/>.</summary>
    public FakeNetwork<T> Randomize(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < ParameterArray.Length; i++)
        {
            ParameterArray[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        }

        for (int i = 0; i < StateArray.Length; i++)
        {
            StateArray[i] = T.CreateChecked(random.NextDouble() + 0.5);
        }

        for (int i = 0; i < OptimizerStateArray.Length; i++)
        {
            OptimizerStateArray[i] = T.CreateChecked((random.NextDouble() - 0.5) * 1e-3);
        }

        Step = random.Next(1, 1_000_000);
        return this;
    }

    /// <summary>The raw bytes of the parameters, state, optimizer state and step count, for bit-exact comparisons.</summary>
    public byte[] Snapshot() =>
    [
        .. MemoryMarshal.AsBytes(ParameterArray.AsSpan()),
        .. MemoryMarshal.AsBytes(StateArray.AsSpan()),
        .. MemoryMarshal.AsBytes(OptimizerStateArray.AsSpan()),
        .. BitConverter.GetBytes(Step),
    ];

    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs) =>
        throw new NotSupportedException("A fake network cannot run.");

    private static int Lay(IReadOnlyList<(string Name, int[] Shape)> specs, TensorKind kind, List<TensorInfo> tensors)
    {
        int offset = 0;
        foreach ((string name, int[] shape) in specs)
        {
            var tensor = new TensorInfo(name, kind, offset, shape, Decayed: kind == TensorKind.Parameter && shape.Length > 1);
            tensors.Add(tensor);
            offset += shape.Aggregate(1, (product, dimension) => product * dimension);
        }

        return offset;
    }
}
