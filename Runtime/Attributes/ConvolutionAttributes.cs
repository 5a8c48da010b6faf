using System;

namespace StaticNet;

/// <summary>
/// A 2-D convolution (cross-correlation, as in the course notes) over a <c>[C, H, W]</c> input:
/// Y[o, i, j] = f(b[o] + Σ_{c,u,v} X[c, i·s + u·d − p, j·s + v·d − p]·K[o, c, u, v]).
/// Output size ⌊(H + p_top + p_bottom − d(k − 1) − 1) / s⌋ + 1. Weights <c>[out, in, kh, kw]</c> (PyTorch's layout).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : TrainableLayerAttribute
{
    /// <summary>Declares a convolution with <paramref name="outChannels"/> output channels (filters).</summary>
    public Conv2DAttribute(int outChannels) => OutChannels = outChannels;

    /// <summary>Output channels: the number of filters.</summary>
    public int OutChannels { get; }

    /// <summary>Square kernel size k (k×k). Required unless <see cref="KernelHeight"/> and <see cref="KernelWidth"/> are set.</summary>
    public int Kernel { get; set; }

    /// <summary>Kernel height, when it differs from <see cref="Kernel"/>.</summary>
    public int KernelHeight { get; set; }

    /// <summary>Kernel width, when it differs from <see cref="Kernel"/>.</summary>
    public int KernelWidth { get; set; }

    /// <summary>Step between windows, both axes. Default 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added on every side. Default 0.</summary>
    public int Padding { get; set; }

    /// <summary>Zeros above, overriding <see cref="Padding"/>.</summary>
    public int PaddingTop { get; set; }

    /// <summary>Zeros below, overriding <see cref="Padding"/>.</summary>
    public int PaddingBottom { get; set; }

    /// <summary>Zeros on the left, overriding <see cref="Padding"/>.</summary>
    public int PaddingLeft { get; set; }

    /// <summary>Zeros on the right, overriding <see cref="Padding"/>.</summary>
    public int PaddingRight { get; set; }

    /// <summary>"Same" padding: output size equals input size (stride 1 only); an even kernel pads one more zero below and right.</summary>
    public bool SamePadding { get; set; }

    /// <summary>Spacing between kernel taps. Default 1.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Whether the layer adds a bias per output channel. Default true.</summary>
    public bool Bias { get; set; } = true;
}

/// <summary>
/// A 1-D convolution over a <c>[C, L]</c> signal: Y[o, i] = f(b[o] + Σ_{c,u} X[c, i·s + u·d − p]·K[o, c, u]).
/// Output length ⌊(L + p_left + p_right − d(k − 1) − 1) / s⌋ + 1. Weights <c>[out, in, k]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv1DAttribute : TrainableLayerAttribute
{
    /// <summary>Declares a 1-D convolution with <paramref name="outChannels"/> output channels.</summary>
    public Conv1DAttribute(int outChannels) => OutChannels = outChannels;

    /// <summary>Output channels: the number of filters.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel length. Required.</summary>
    public int Kernel { get; set; }

    /// <summary>Step between windows. Default 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added on both ends. Default 0.</summary>
    public int Padding { get; set; }

    /// <summary>Zeros before the signal, overriding <see cref="Padding"/>.</summary>
    public int PaddingLeft { get; set; }

    /// <summary>Zeros after the signal, overriding <see cref="Padding"/>.</summary>
    public int PaddingRight { get; set; }

    /// <summary>"Same" padding: output length equals input length (stride 1 only).</summary>
    public bool SamePadding { get; set; }

    /// <summary>Spacing between kernel taps. Default 1.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Whether the layer adds a bias per output channel. Default true.</summary>
    public bool Bias { get; set; } = true;
}

/// <summary>
/// A 2-D transposed convolution: the adjoint of <see cref="Conv2DAttribute"/> with the same options, so a
/// stride-2 one upsamples. Output size (H − 1)·s − 2p + d(k − 1) + output_padding + 1.
/// Weights <c>[in, out, kh, kw]</c> (PyTorch's layout).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConvTranspose2DAttribute : TrainableLayerAttribute
{
    /// <summary>Declares a transposed convolution with <paramref name="outChannels"/> output channels.</summary>
    public ConvTranspose2DAttribute(int outChannels) => OutChannels = outChannels;

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Square kernel size. Required unless <see cref="KernelHeight"/> and <see cref="KernelWidth"/> are set.</summary>
    public int Kernel { get; set; }

    /// <summary>Kernel height, when it differs from <see cref="Kernel"/>.</summary>
    public int KernelHeight { get; set; }

    /// <summary>Kernel width, when it differs from <see cref="Kernel"/>.</summary>
    public int KernelWidth { get; set; }

    /// <summary>Stride of the convolution this is the adjoint of. Default 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Padding of the convolution this is the adjoint of: removed from every side of the output. Default 0.</summary>
    public int Padding { get; set; }

    /// <summary>Extra rows and columns added below and right of the output, less than the stride. Default 0.</summary>
    public int OutputPadding { get; set; }

    /// <summary>Spacing between kernel taps. Default 1.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Whether the layer adds a bias per output channel. Default true.</summary>
    public bool Bias { get; set; } = true;
}
