using System;
using System.Collections.Generic;
using System.IO;

namespace StaticNet.IO;

/// <summary>
/// Thrown by <see cref="ParameterFile.Load{T}(INetwork{T}, string)"/> when a parameter file cannot be
/// loaded into the network: it is not a safetensors file, was written for another network, element type
/// or optimizer, lacks or has extra tensors, is truncated, or is corrupted. The message names the file
/// and gives both sides of every mismatch. When it is thrown, the network has not been changed.
/// </summary>
/// <remarks>
/// It derives from <see cref="IOException"/> because <see cref="InvalidDataException"/>, the natural base,
/// is sealed; a <c>catch (IOException)</c> around file loading therefore catches it too.
/// </remarks>
public sealed class ParameterFileException : IOException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ParameterFileException()
        : base("The parameter file cannot be loaded.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    public ParameterFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="innerException">The exception that revealed the problem.</param>
    public ParameterFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a known problem with a named file.</summary>
    /// <param name="error">What kind of problem it is.</param>
    /// <param name="filePath">The file's path as the caller gave it, or <see langword="null"/> for a stream.</param>
    /// <param name="message">What is wrong, naming the file and both sides of any mismatch.</param>
    public ParameterFileException(ParameterFileError error, string? filePath, string message)
        : base(message)
    {
        Error = error;
        FilePath = filePath;
    }

    /// <summary>Creates an exception for a known problem with a named file, revealed by <paramref name="innerException"/>.</summary>
    /// <param name="error">What kind of problem it is.</param>
    /// <param name="filePath">The file's path as the caller gave it, or <see langword="null"/> for a stream.</param>
    /// <param name="message">What is wrong, naming the file and both sides of any mismatch.</param>
    /// <param name="innerException">The exception that revealed the problem.</param>
    public ParameterFileException(ParameterFileError error, string? filePath, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
        FilePath = filePath;
    }

    /// <summary>Creates an exception for a problem with particular tensors of a named file.</summary>
    /// <param name="error">What kind of problem it is.</param>
    /// <param name="filePath">The file's path as the caller gave it, or <see langword="null"/> for a stream.</param>
    /// <param name="message">What is wrong, naming the file, the tensors and both sides of any mismatch.</param>
    /// <param name="tensorNames">The tensors concerned (missing, unexpected or mis-shaped), in file-key form.</param>
    public ParameterFileException(ParameterFileError error, string? filePath, string message, IReadOnlyList<string> tensorNames)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(tensorNames);
        Error = error;
        FilePath = filePath;
        TensorNames = tensorNames;
    }

    /// <summary>What kind of problem the file has. <see cref="ParameterFileError.Unspecified"/> when created without one.</summary>
    public ParameterFileError Error { get; }

    /// <summary>The file's path as the caller gave it; <see langword="null"/> when the data came from a stream.</summary>
    public string? FilePath { get; }

    /// <summary>
    /// The tensors the problem concerns, such as the missing ones for <see cref="ParameterFileError.MissingTensor"/>
    /// or the extra ones for <see cref="ParameterFileError.UnexpectedTensor"/>; empty when it concerns none.
    /// </summary>
    public IReadOnlyList<string> TensorNames { get; } = [];
}
