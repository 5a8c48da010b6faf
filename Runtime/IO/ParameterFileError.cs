namespace StaticNet.IO;

/// <summary>What was wrong with a parameter file that <see cref="ParameterFile"/> refused to load.</summary>
/// <remarks><c>docs/parameter-format.md</c> lists the checks in the order <see cref="ParameterFile"/> makes them.</remarks>
public enum ParameterFileError
{
    /// <summary>No specific kind was given (the exception was created with a message only).</summary>
    Unspecified,

    /// <summary>
    /// The data cannot be a safetensors file: its first eight bytes give a header length over
    /// <see cref="ParameterFile.MaxHeaderLength"/>, or the header does not start with <c>{</c>. Files in
    /// StaticNet's former <c>SNPARAMS</c> format are reported as such.
    /// </summary>
    NotSafetensors,

    /// <summary>
    /// The header is not a well-formed safetensors header: invalid UTF-8 or JSON, not an object, a duplicate
    /// key, a tensor entry without a valid <c>dtype</c>, <c>shape</c> or <c>data_offsets</c>, a
    /// <c>__metadata__</c> value that is not a string, a malformed <c>crc32</c> or <c>step</c>, or data
    /// offsets that do not tile the data buffer or disagree with their tensor's dtype and shape.
    /// </summary>
    MalformedHeader,

    /// <summary>The file holds float32 tensors and the network uses <see cref="double"/>, or the reverse (or another dtype entirely).</summary>
    ElementTypeMismatch,

    /// <summary>The file's metadata names an <see cref="INetwork{T}.Architecture"/> that differs from this network's.</summary>
    ArchitectureMismatch,

    /// <summary>A tensor of the network (or, when the file holds optimizer state, one of its optimizer tensors) is not in the file.</summary>
    MissingTensor,

    /// <summary>The file holds tensors the network does not have (other than PyTorch's <c>*.num_batches_tracked</c>, which are ignored).</summary>
    UnexpectedTensor,

    /// <summary>A tensor in the file has another shape than the network's tensor of the same name.</summary>
    ShapeMismatch,

    /// <summary>The file holds the state of another kind of optimizer (or other optimizer buffers) than the network trains with.</summary>
    OptimizerMismatch,

    /// <summary>The data ends before the header length, the header or the tensor data is complete.</summary>
    Truncated,

    /// <summary>The data buffer does not hash to the CRC-32 in the metadata: the file was damaged after it was written.</summary>
    ChecksumMismatch,

    /// <summary>The file continues after the tensor data its header describes.</summary>
    TrailingData,
}
