using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace StaticNet.IO;

/// <summary>
/// Saves a network's parameters (and, optionally, its optimizer state) to a file and loads them back.
/// </summary>
/// <remarks>
/// <para>
/// The format is little-endian and self-describing: magic bytes <c>SNPARAMS</c>, a format version, the
/// element type, the parameter count, the network's <see cref="INetwork{T}.Architecture"/> string, the
/// parameters as IEEE 754 bit patterns, the optional optimizer state, and a CRC-32 of everything before
/// it. <c>docs/parameter-format.md</c> gives the byte layout.
/// </para>
/// <para>
/// Loading checks the whole file (magic, version, element type, architecture, parameter count, length,
/// checksum) into temporary buffers before it copies anything, so a file that fails to load leaves the
/// network exactly as it was. Saving writes a temporary file beside the target and renames it over the
/// target, so the target is either the old file or the complete new one, never a partial file.
/// </para>
/// </remarks>
public static class ParameterFile
{
    /// <summary>The format version this library writes, and the only one it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The longest architecture string, in UTF-8 bytes, a parameter file may hold (1 MiB).</summary>
    public const int MaxArchitectureBytes = 1 << 20;

    private const int HeaderLength = 24;
    private const int ChecksumLength = 4;
    private const uint OptimizerStateFlag = 1;
    private const byte Float32Code = 1;
    private const byte Float64Code = 2;
    private const int FileBufferSize = 1 << 16;

    private static ReadOnlySpan<byte> Magic => "SNPARAMS"u8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Saves <paramref name="network"/>'s parameters, and its optimizer state when
    /// <paramref name="includeOptimizerState"/> is set, to <paramref name="path"/>, replacing any file there.
    /// </summary>
    /// <remarks>
    /// The data goes to a temporary file in the same directory, is flushed to disk, and is then renamed over
    /// <paramref name="path"/>. If anything fails, the temporary file is deleted and an existing file at
    /// <paramref name="path"/> is left unchanged. A network whose <see cref="INetwork{T}.OptimizerState"/> is
    /// empty is saved without one, whatever <paramref name="includeOptimizerState"/> says.
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to save.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="includeOptimizerState">Whether to save the optimizer state too, so training can resume exactly.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names a directory, or the architecture string is longer than <see cref="MaxArchitectureBytes"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The network's optimizer state is neither empty nor as long as its parameters.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="IOException">The file cannot be written or replaced.</exception>
    public static void Save<T>(INetwork<T> network, string path, bool includeOptimizerState = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);

        string fullPath = Path.GetFullPath(path);
        string fileName = Path.GetFileName(fullPath);
        string? directory = Path.GetDirectoryName(fullPath);
        if (fileName.Length == 0 || directory is null)
        {
            throw new ArgumentException($"'{path}' names a directory, not a file.", nameof(path));
        }

        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot save '{path}': the directory '{directory}' does not exist.");
        }

        WritePlan plan = PlanWrite(network, includeOptimizerState);
        string temporaryPath = Path.Combine(directory, $"{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileBufferSize))
            {
                Write(network, stream, plan);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="network"/>'s parameters, and its optimizer state when
    /// <paramref name="includeOptimizerState"/> is set, to <paramref name="stream"/> at its current position.
    /// </summary>
    /// <remarks>The stream is neither flushed nor closed. Nothing is written if an argument check fails.</remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to save.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="includeOptimizerState">Whether to save the optimizer state too, so training can resume exactly.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable, or the architecture string is longer than <see cref="MaxArchitectureBytes"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The network's optimizer state is neither empty nor as long as its parameters.</exception>
    public static void Save<T>(INetwork<T> network, Stream stream, bool includeOptimizerState = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        Write(network, stream, PlanWrite(network, includeOptimizerState));
    }

    /// <summary>
    /// Loads parameters, and the optimizer state if the file has one, from <paramref name="path"/> into
    /// <paramref name="network"/>, after checking that the file is intact and was saved for this network.
    /// </summary>
    /// <remarks>
    /// Nothing in the network changes unless every check passes. If the file holds no optimizer state, the
    /// network's optimizer state is cleared to zero (a fresh optimizer), because velocity accumulated for
    /// other weights would be wrong for the loaded ones. A network with an empty
    /// <see cref="INetwork{T}.OptimizerState"/> ignores a saved one.
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to load into.</param>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file, or its directory, does not exist.</exception>
    /// <exception cref="ParameterFileException">
    /// The file is not a parameter file, has an unsupported version, was saved for another element type,
    /// architecture or parameter count, is truncated, has data after its checksum, or fails its checksum.
    /// <see cref="ParameterFileException.Error"/> says which.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The network's optimizer state is neither empty nor as long as its parameters.</exception>
    public static void Load<T>(INetwork<T> network, string path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan);
        }
        catch (DirectoryNotFoundException exception)
        {
            throw new FileNotFoundException(
                $"Could not find the parameter file '{Path.GetFullPath(path)}': its directory does not exist.", path, exception);
        }

        using (stream)
        {
            Read(network, stream, path, path, stream.Length);
        }
    }

    /// <summary>
    /// Loads parameters, and the optimizer state if present, from <paramref name="stream"/> at its current
    /// position into <paramref name="network"/>, after checking that the data is intact and was saved for
    /// this network. On success the stream is positioned just after the checksum.
    /// </summary>
    /// <remarks>
    /// The checks and the optimizer-state rules are those of <see cref="Load{T}(INetwork{T}, string)"/>, except
    /// that data after the checksum is left unread rather than rejected, so one stream can hold several files.
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to load into.</param>
    /// <param name="stream">A readable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="ParameterFileException">The data cannot be loaded; <see cref="ParameterFileException.Error"/> says why.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The network's optimizer state is neither empty nor as long as its parameters.</exception>
    public static void Load<T>(INetwork<T> network, Stream stream)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        Read(network, stream, "The parameter stream", filePath: null, expectedEnd: null);
    }

    private readonly record struct WritePlan(byte ElementCode, byte ElementSize, bool WithOptimizerState, byte[] Architecture);

    private static WritePlan PlanWrite<T>(INetwork<T> network, bool includeOptimizerState)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (byte code, byte size) = ElementTypeOf<T>();
        int count = network.Parameters.Length;
        int stateLength = network.OptimizerState.Length;
        CheckOptimizerStateLength(count, stateLength);

        byte[] architecture = StrictUtf8.GetBytes(network.Architecture);
        if (architecture.Length > MaxArchitectureBytes)
        {
            throw new ArgumentException(
                $"The network's architecture string is {architecture.Length} UTF-8 bytes; a parameter file holds at most {MaxArchitectureBytes}.",
                nameof(network));
        }

        return new WritePlan(code, size, includeOptimizerState && stateLength != 0, architecture);
    }

    private static void Write<T>(INetwork<T> network, Stream stream, WritePlan plan)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> parameters = network.Parameters;

        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], FormatVersion);
        header[10] = plan.ElementCode;
        header[11] = plan.ElementSize;
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], plan.WithOptimizerState ? OptimizerStateFlag : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)parameters.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)plan.Architecture.Length);

        var crc = new Crc32();
        WriteBytes(stream, crc, header);
        WriteBytes(stream, crc, plan.Architecture);
        WriteElements(stream, crc, parameters);
        if (plan.WithOptimizerState)
        {
            WriteElements<T>(stream, crc, network.OptimizerState);
        }

        Span<byte> checksum = stackalloc byte[ChecksumLength];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, crc.GetCurrentHashAsUInt32());
        stream.Write(checksum);
    }

    private static void WriteBytes(Stream stream, Crc32 crc, ReadOnlySpan<byte> bytes)
    {
        crc.Append(bytes);
        stream.Write(bytes);
    }

    private static void WriteElements<T>(Stream stream, Crc32 crc, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            WriteBytes(stream, crc, MemoryMarshal.AsBytes(values));
            return;
        }

        byte[] buffer = MemoryMarshal.AsBytes(values).ToArray();
        ReverseEachElement(buffer, Unsafe.SizeOf<T>());
        WriteBytes(stream, crc, buffer);
    }

    private static void Read<T>(INetwork<T> network, Stream stream, string source, string? filePath, long? expectedEnd)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (byte code, _) = ElementTypeOf<T>();
        int count = network.Parameters.Length;
        int stateLength = network.OptimizerState.Length;
        CheckOptimizerStateLength(count, stateLength);

        var reader = new SectionReader(stream, source, filePath);

        // Header. The magic is checked on whatever prefix exists, so a short non-parameter file is reported
        // as "not a parameter file" and a short parameter file as "truncated".
        byte[] header = new byte[HeaderLength];
        int headerRead = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        int magicRead = Math.Min(headerRead, Magic.Length);
        if (!header.AsSpan(0, magicRead).SequenceEqual(Magic[..magicRead]))
        {
            throw Fail(ParameterFileError.BadMagic, filePath,
                $"{source} is not a StaticNet parameter file: it starts with 0x{Convert.ToHexString(header, 0, magicRead)} instead of 0x{Convert.ToHexString(Magic)} (\"SNPARAMS\").");
        }

        if (headerRead < HeaderLength)
        {
            throw reader.Truncated("header", HeaderLength, headerRead);
        }

        reader.Accept(header);

        int version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        if (version != FormatVersion)
        {
            throw Fail(ParameterFileError.UnsupportedVersion, filePath,
                $"{source} uses parameter-file format version {version}, but this version of StaticNet reads only version {FormatVersion}.");
        }

        byte fileCode = header[10];
        byte fileSize = header[11];
        if (fileCode is not (Float32Code or Float64Code))
        {
            throw Fail(ParameterFileError.MalformedHeader, filePath,
                $"{source} has element type code {fileCode}, which is neither {Float32Code} (float32) nor {Float64Code} (float64).");
        }

        byte expectedSize = fileCode == Float32Code ? (byte)4 : (byte)8;
        if (fileSize != expectedSize)
        {
            throw Fail(ParameterFileError.MalformedHeader, filePath,
                $"{source} declares {ElementName(fileCode)} elements of {fileSize} bytes, but {ElementName(fileCode)} elements are {expectedSize} bytes.");
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        if ((flags & ~OptimizerStateFlag) != 0)
        {
            throw Fail(ParameterFileError.MalformedHeader, filePath,
                $"{source} sets flags 0x{flags:X8}, but format version {FormatVersion} defines only 0x{OptimizerStateFlag:X8} (optimizer state present).");
        }

        bool hasOptimizerState = (flags & OptimizerStateFlag) != 0;

        if (fileCode != code)
        {
            throw Fail(ParameterFileError.ElementTypeMismatch, filePath,
                $"{source} holds {ElementName(fileCode)} parameters but this network uses {ElementName(code)}.");
        }

        uint fileCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16));
        uint architectureLength = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(20));
        if (architectureLength > MaxArchitectureBytes)
        {
            throw Fail(ParameterFileError.MalformedHeader, filePath,
                $"{source} declares an architecture string of {architectureLength} bytes, more than the {MaxArchitectureBytes} a parameter file may hold; its header is corrupted.");
        }

        // Architecture, then parameter count: when both differ, the architecture says more.
        byte[] architectureBytes = reader.ReadBytes((int)architectureLength, "architecture string");
        string fileArchitecture;
        try
        {
            fileArchitecture = StrictUtf8.GetString(architectureBytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new ParameterFileException(ParameterFileError.MalformedHeader, filePath,
                $"{source} has an architecture string that is not valid UTF-8; its header is corrupted.", exception);
        }

        if (!string.Equals(fileArchitecture, network.Architecture, StringComparison.Ordinal))
        {
            throw Fail(ParameterFileError.ArchitectureMismatch, filePath,
                $"{source} was saved for '{fileArchitecture}' but this network is '{network.Architecture}'.");
        }

        if (fileCount != (uint)count)
        {
            throw Fail(ParameterFileError.ParameterCountMismatch, filePath,
                $"{source} holds {fileCount} parameters but this network has {count}.");
        }

        // Payload into temporary buffers: the network is not touched until the checksum has passed.
        T[] parameters = reader.ReadElements<T>(count, "parameters");
        T[]? optimizerState = hasOptimizerState ? reader.ReadElements<T>(count, "optimizer state") : null;

        uint computed = reader.Checksum;
        byte[] checksum = reader.ReadBytes(ChecksumLength, "checksum");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(checksum);
        if (stored != computed)
        {
            throw Fail(ParameterFileError.ChecksumMismatch, filePath,
                $"{source} is corrupted: its stored CRC-32 is 0x{stored:X8} but its contents hash to 0x{computed:X8}.");
        }

        if (expectedEnd is long end && reader.Position != end)
        {
            throw Fail(ParameterFileError.TrailingData, filePath,
                $"{source} has {end - reader.Position} unexpected bytes after its checksum: it is {end} bytes long, but its header describes {reader.Position}.");
        }

        parameters.CopyTo(network.Parameters);
        if (stateLength != 0)
        {
            if (optimizerState is null)
            {
                network.OptimizerState.Clear();
            }
            else
            {
                optimizerState.CopyTo(network.OptimizerState);
            }
        }
    }

    private static (byte Code, byte Size) ElementTypeOf<T>()
    {
        if (typeof(T) == typeof(float))
        {
            return (Float32Code, sizeof(float));
        }

        if (typeof(T) == typeof(double))
        {
            return (Float64Code, sizeof(double));
        }

        throw new NotSupportedException($"Parameter files hold float or double parameters; {typeof(T).Name} is not supported.");
    }

    private static string ElementName(byte code) => code == Float32Code ? "float32" : "float64";

    private static void CheckOptimizerStateLength(int parameterCount, int stateLength)
    {
        if (stateLength != 0 && stateLength != parameterCount)
        {
            throw new InvalidOperationException(
                $"The network's optimizer state holds {stateLength} values but its parameters hold {parameterCount}; INetwork requires them to be laid out alike.");
        }
    }

    private static ParameterFileException Fail(ParameterFileError error, string? filePath, string message) =>
        new(error, filePath, message);

    private static void ReverseEachElement(Span<byte> bytes, int elementSize)
    {
        for (int offset = 0; offset < bytes.Length; offset += elementSize)
        {
            bytes.Slice(offset, elementSize).Reverse();
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original exception matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>Reads consecutive sections, feeding them to the checksum and reporting a short read as truncation.</summary>
    private sealed class SectionReader(Stream stream, string source, string? filePath)
    {
        private readonly Crc32 _crc = new();

        /// <summary>Bytes consumed so far, counted from the start of the parameter data.</summary>
        public long Position { get; private set; }

        /// <summary>The CRC-32 of every byte accepted so far.</summary>
        public uint Checksum => _crc.GetCurrentHashAsUInt32();

        public void Accept(ReadOnlySpan<byte> bytes)
        {
            _crc.Append(bytes);
            Position += bytes.Length;
        }

        public byte[] ReadBytes(int length, string section)
        {
            byte[] bytes = new byte[length];
            Fill(bytes, section);
            return bytes;
        }

        public T[] ReadElements<T>(int count, string section)
            where T : unmanaged
        {
            var values = new T[count];
            Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
            Fill(bytes, section);
            if (!BitConverter.IsLittleEndian)
            {
                ReverseEachElement(bytes, Unsafe.SizeOf<T>());
            }

            return values;
        }

        public ParameterFileException Truncated(string section, long expected, long found) =>
            Fail(ParameterFileError.Truncated, filePath,
                $"{source} is truncated: expected {expected} bytes of {section} at offset {Position}, found {found}.");

        private void Fill(Span<byte> bytes, string section)
        {
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                throw Truncated(section, bytes.Length, read);
            }

            Accept(bytes);
        }
    }
}
