namespace StaticNet.IO;

/// <summary>What was wrong with a parameter file that <see cref="ParameterFile"/> refused to load.</summary>
public enum ParameterFileError
{
    /// <summary>No specific kind was given (the exception was created with a message only).</summary>
    Unspecified,

    /// <summary>The data does not start with the magic bytes <c>SNPARAMS</c>: it is not a StaticNet parameter file.</summary>
    BadMagic,

    /// <summary>The file was written in a format version this library does not read.</summary>
    UnsupportedVersion,

    /// <summary>The header is internally inconsistent (unknown element type code, wrong element size, unknown flags, an implausible or invalid architecture string).</summary>
    MalformedHeader,

    /// <summary>The file holds <see cref="float"/> parameters and the network uses <see cref="double"/>, or the reverse.</summary>
    ElementTypeMismatch,

    /// <summary>The file was saved for a network whose <see cref="INetwork{T}.Architecture"/> differs from this one's.</summary>
    ArchitectureMismatch,

    /// <summary>The file holds a different number of parameters than the network has.</summary>
    ParameterCountMismatch,

    /// <summary>The data ends before the header, the parameters, the optimizer state or the checksum is complete.</summary>
    Truncated,

    /// <summary>The stored CRC-32 does not match the contents: the file was damaged after it was written.</summary>
    ChecksumMismatch,

    /// <summary>The file continues after its checksum.</summary>
    TrailingData,
}
