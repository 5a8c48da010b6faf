using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace StaticNet.Kernels;

/// <summary>
/// Activation functions, applied in place, and their backward passes. Every backward pass is written in
/// terms of the activation's output <c>y</c> (which the forward pass keeps) and multiplies the incoming
/// gradient in place: <c>grad ← grad ⊙ f′</c>.
/// </summary>
public static class Activations
{
    /// <summary><c>y = 1 / (1 + e^(−x))</c>, in place.</summary>
    public static void Sigmoid<T>(Span<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Sigmoid<T>(values, values);

    /// <summary><c>y = tanh(x)</c>, in place.</summary>
    /// <remarks>
    /// Floats use the rational approximation of Eigen, XLA and ONNX Runtime's MLAS (<see cref="FastTanh"/>)
    /// where vectors are accelerated: a few times faster than <see cref="TensorPrimitives.Tanh{T}"/>, within
    /// 4 × 10⁻⁷ of tanh (2.6 × 10⁻⁷ with FMA), exactly ±1 from |x| ≥ 9 and x itself below 0.0004. Doubles, and floats without vector hardware, use
    /// <see cref="TensorPrimitives.Tanh{T}"/>.
    /// </remarks>
    public static void Tanh<T>(Span<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector.IsHardwareAccelerated)
        {
            FastTanh.Apply(MemoryMarshal.Cast<T, float>(values));
            return;
        }

        TensorPrimitives.Tanh<T>(values, values);
    }

    /// <summary>The activations a product applies itself (<c>Gemm.MultiplyTransposed</c> with a bias): ReLU or Tanh in place; Identity leaves the values.</summary>
    internal static void ApplyInProduct<T>(Span<T> values, Activation activation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.ReLU: ReLU(values); break;
            case Activation.Tanh: Tanh(values); break;
        }
    }

    /// <summary><c>y = max(0, x)</c>, in place.</summary>
    public static void ReLU<T>(Span<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TensorPrimitives.Max<T>(values, T.Zero, values);

    /// <summary><c>y = x</c> for x &gt; 0, else <c>slope·x</c>, in place.</summary>
    public static void LeakyReLU<T>(Span<T> values, T slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> scale = new(slope);
            for (; i + Vector<T>.Count <= values.Length; i += Vector<T>.Count)
            {
                Vector<T> x = new(values[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), x, x * scale).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            T x = values[i];
            values[i] = x > T.Zero ? x : x * slope;
        }
    }

    /// <summary>Softmax of each of <paramref name="rows"/> rows of <paramref name="columns"/> values, in place, shifted by the row's maximum so no exponent overflows.</summary>
    public static void Softmax<T>(Span<T> values, int rows, int columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRows(values.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            Span<T> row = values.Slice(r * columns, columns);
            TensorPrimitives.Subtract<T>(row, TensorPrimitives.Max<T>(row), row);
            TensorPrimitives.Exp<T>(row, row);
            TensorPrimitives.Divide<T>(row, TensorPrimitives.Sum<T>(row), row);
        }
    }

    /// <summary><c>grad ← grad ⊙ y(1 − y)</c>, the sigmoid's derivative from its output.</summary>
    public static void SigmoidBackward<T>(ReadOnlySpan<T> outputs, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSame(outputs.Length, gradient.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            // The same operations in the same order as the loop below, so every element rounds alike.
            ref T y0 = ref MemoryMarshal.GetReference(outputs);
            ref T g0 = ref MemoryMarshal.GetReference(gradient);
            for (; i + Vector<T>.Count <= gradient.Length; i += Vector<T>.Count)
            {
                Vector<T> y = Vector.LoadUnsafe(ref y0, (nuint)i);
                (Vector.LoadUnsafe(ref g0, (nuint)i) * (y * (Vector<T>.One - y))).StoreUnsafe(ref g0, (nuint)i);
            }
        }

        for (; i < gradient.Length; i++)
        {
            T y = outputs[i];
            gradient[i] *= y * (T.One - y);
        }
    }

    /// <summary><c>grad ← grad ⊙ (1 − y²)</c>, tanh's derivative from its output.</summary>
    public static void TanhBackward<T>(ReadOnlySpan<T> outputs, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSame(outputs.Length, gradient.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            // The same operations in the same order as the loop below, so every element rounds alike.
            ref T y0 = ref MemoryMarshal.GetReference(outputs);
            ref T g0 = ref MemoryMarshal.GetReference(gradient);
            for (; i + Vector<T>.Count <= gradient.Length; i += Vector<T>.Count)
            {
                Vector<T> y = Vector.LoadUnsafe(ref y0, (nuint)i);
                (Vector.LoadUnsafe(ref g0, (nuint)i) * (Vector<T>.One - (y * y))).StoreUnsafe(ref g0, (nuint)i);
            }
        }

        for (; i < gradient.Length; i++)
        {
            T y = outputs[i];
            gradient[i] *= T.One - (y * y);
        }
    }

    /// <summary><c>grad ← grad</c> where y &gt; 0, else 0.</summary>
    public static void ReLUBackward<T>(ReadOnlySpan<T> outputs, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSame(outputs.Length, gradient.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            ref T y0 = ref MemoryMarshal.GetReference(outputs);
            ref T g0 = ref MemoryMarshal.GetReference(gradient);
            for (; i + Vector<T>.Count <= gradient.Length; i += Vector<T>.Count)
            {
                Vector<T> g = Vector.LoadUnsafe(ref g0, (nuint)i);
                Vector.ConditionalSelect(Vector.GreaterThan(Vector.LoadUnsafe(ref y0, (nuint)i), Vector<T>.Zero), g, Vector<T>.Zero).StoreUnsafe(ref g0, (nuint)i);
            }
        }

        for (; i < gradient.Length; i++)
        {
            if (!(outputs[i] > T.Zero))
            {
                gradient[i] = T.Zero;
            }
        }
    }

    /// <summary><c>grad ← grad</c> where y &gt; 0, else <c>slope·grad</c> (y and x have the same sign).</summary>
    public static void LeakyReLUBackward<T>(ReadOnlySpan<T> outputs, Span<T> gradient, T slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSame(outputs.Length, gradient.Length);
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!(outputs[i] > T.Zero))
            {
                gradient[i] *= slope;
            }
        }
    }

    /// <summary>
    /// The softmax Jacobian applied row by row: <c>grad_i ← y_i (grad_i − Σ_j grad_j y_j)</c>. Only needed
    /// when softmax is not fused with cross-entropy (for example squared error on a softmax output).
    /// </summary>
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> outputs, Span<T> gradient, int rows, int columns)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSame(outputs.Length, gradient.Length);
        CheckRows(gradient.Length, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> y = outputs.Slice(r * columns, columns);
            Span<T> g = gradient.Slice(r * columns, columns);
            T dot = TensorPrimitives.Dot(y, g);
            for (int i = 0; i < columns; i++)
            {
                g[i] = y[i] * (g[i] - dot);
            }
        }
    }

    private static void CheckSame(int outputs, int gradient)
    {
        if (outputs != gradient)
        {
            throw new ArgumentException($"The outputs hold {outputs} values but the gradient {gradient}; they must match.");
        }
    }

    private static void CheckRows(int length, int rows, int columns)
    {
        if (length < rows * columns)
        {
            throw new ArgumentException($"The span holds {length} values, fewer than {rows} rows of {columns}.");
        }
    }
}
