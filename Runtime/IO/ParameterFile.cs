using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace StaticNet.IO;

/// <summary>
/// Saves a network's parameters, persistent state and (optionally) optimizer state to a safetensors file,
/// the format PyTorch, Hugging Face and dfdx exchange, and loads them back.
/// </summary>
/// <remarks>
/// <para>
/// A file is an 8-byte little-endian header length, a UTF-8 JSON header naming every tensor with its dtype,
/// shape and byte range, and the data buffer: each of the network's <see cref="INetwork{T}.Tensors"/> under its
/// PyTorch name (<c>conv1.weight</c>, <c>bn1.running_mean</c>), then, when saved, the optimizer's buffers as
/// <c>optimizer.&lt;buffer&gt;.&lt;tensor&gt;</c>. The header's <c>__metadata__</c> records the architecture, element
/// type, optimizer, step count and a CRC-32 of the data buffer. <c>docs/parameter-format.md</c> gives the details.
/// </para>
/// <para>
/// Loading checks the whole file (header, element type, architecture, tensor names and shapes, optimizer, data
/// offsets, length, checksum) and reads it into temporary buffers before it copies anything, so a file that fails
/// to load leaves the network exactly as it was. Files written by PyTorch (a <c>state_dict</c> in safetensors form,
/// without StaticNet's metadata) load by tensor names and shapes alone. Saving writes a temporary file beside the
/// target and renames it over the target, so the target is either the old file or the complete new one.
/// </para>
/// </remarks>
public static class ParameterFile
{
    /// <summary>The longest JSON header a file may have, in bytes (100 000 000, the safetensors reference implementation's limit).</summary>
    public const int MaxHeaderLength = 100_000_000;

    /// <summary>The metadata <c>format</c> value this library writes.</summary>
    public const string FormatName = "staticnet";

    /// <summary>The prefix of optimizer-state tensor names: <c>optimizer.&lt;buffer&gt;.&lt;parameter tensor&gt;</c>, such as <c>optimizer.velocity.fc1.weight</c>.</summary>
    public const string OptimizerTensorPrefix = "optimizer.";

    /// <summary>The suffix of PyTorch's batch-norm step counters, which loading ignores.</summary>
    public const string IgnoredTensorSuffix = ".num_batches_tracked";

    private const int LengthPrefixSize = 8;
    private const int FileBufferSize = 1 << 16;
    private const int InitialHeaderBuffer = 1 << 20;
    private const int MostNamesListed = 10;
    private const string MetadataKey = "__metadata__";
    private const string FormatKey = "format";
    private const string ArchitectureKey = "architecture";
    private const string ElementTypeKey = "element_type";
    private const string OptimizerKey = "optimizer";
    private const string OptimizerBuffersKey = "optimizer_buffers";
    private const string StepKey = "step";
    private const string LearningRateKey = "learning_rate";
    private const string ChecksumKey = "crc32";

    private static ReadOnlySpan<byte> FormerMagic => "SNPARAMS"u8;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>
    /// Saves <paramref name="network"/>'s parameters and state, and its optimizer state when
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
    /// <param name="path">The file to write; <c>.safetensors</c> is the usual extension.</param>
    /// <param name="includeOptimizerState">Whether to save the optimizer state and step count too, so training can resume exactly.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names a directory, or the header would be longer than <see cref="MaxHeaderLength"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The network breaks the <see cref="INetwork{T}"/> contract: its tensors do not tile its buffers, or its optimizer state is neither empty nor one parameter-sized buffer per name.</exception>
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
    /// Writes <paramref name="network"/>'s parameters and state, and its optimizer state when
    /// <paramref name="includeOptimizerState"/> is set, to <paramref name="stream"/> at its current position.
    /// </summary>
    /// <remarks>The stream is neither flushed nor closed. Nothing is written if a check fails.</remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to save.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="includeOptimizerState">Whether to save the optimizer state and step count too, so training can resume exactly.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable, or the header would be longer than <see cref="MaxHeaderLength"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The network breaks the <see cref="INetwork{T}"/> contract (see <see cref="Save{T}(INetwork{T}, string, bool)"/>).</exception>
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
    /// Loads parameters, state, and the optimizer state if the file has one, from <paramref name="path"/> into
    /// <paramref name="network"/>, after checking that the file is intact and fits this network.
    /// </summary>
    /// <remarks>
    /// Nothing in the network changes unless every check passes. If the file holds optimizer state, it must come
    /// from the same kind of optimizer; it is restored together with <see cref="INetwork{T}.Step"/>. If the file
    /// holds none (saved without it, or written by PyTorch), the network's optimizer state is cleared to zero and
    /// its step count to 0 (a fresh optimizer), because velocity accumulated for other weights would be wrong for
    /// the loaded ones. A network with an empty <see cref="INetwork{T}.OptimizerState"/> ignores a saved one.
    /// PyTorch's <c>*.num_batches_tracked</c> counters are ignored.
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to load into.</param>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file, or its directory, does not exist.</exception>
    /// <exception cref="ParameterFileException">
    /// The file is not a safetensors file, has a malformed header, was saved for another element type,
    /// architecture or optimizer, lacks tensors the network has or holds others, has tensors of other shapes, is
    /// truncated, has data after its tensor data, or fails its checksum. <see cref="ParameterFileException.Error"/>
    /// says which.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The network breaks the <see cref="INetwork{T}"/> contract (see <see cref="Save{T}(INetwork{T}, string, bool)"/>).</exception>
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
    /// Loads parameters, state, and the optimizer state if present, from <paramref name="stream"/> at its current
    /// position into <paramref name="network"/>, after checking that the data is intact and fits this network.
    /// On success the stream is positioned just after the tensor data.
    /// </summary>
    /// <remarks>
    /// The checks and the optimizer-state rules are those of <see cref="Load{T}(INetwork{T}, string)"/>, except
    /// that data after the tensor data is left unread rather than rejected, so one stream can hold several files.
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to load into.</param>
    /// <param name="stream">A readable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="ParameterFileException">The data cannot be loaded; <see cref="ParameterFileException.Error"/> says why.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The network breaks the <see cref="INetwork{T}"/> contract (see <see cref="Save{T}(INetwork{T}, string, bool)"/>).</exception>
    public static void Load<T>(INetwork<T> network, Stream stream)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        Read(network, stream, "The parameter stream", filePath: null, fileLength: null);
    }

    // ---- The network's side -------------------------------------------------------------------------

    /// <summary>The network's element type as safetensors and the metadata name it.</summary>
    private readonly record struct ElementType(string Dtype, string Name, int Size);

    private enum BufferKind
    {
        Parameters,
        State,
        OptimizerState,
    }

    /// <summary>One tensor as it goes into, or comes out of, the data buffer: its key, where it lives in the network, its shape.</summary>
    private sealed record Slot(string Name, BufferKind Buffer, int Offset, int Length, int[] Shape);

    /// <summary>The network's tensors and optimizer buffers, checked against the <see cref="INetwork{T}"/> contract.</summary>
    private sealed record Layout(Slot[] Tensors, int ParameterLength, int StateLength, string[] Buffers)
    {
        /// <summary>The optimizer tensors, buffer by buffer, each parameter tensor in order.</summary>
        public IEnumerable<Slot> OptimizerSlots =>
            Buffers.SelectMany((buffer, index) => Tensors
                .Where(t => t.Buffer == BufferKind.Parameters)
                .Select(t => new Slot($"{OptimizerTensorPrefix}{buffer}.{t.Name}", BufferKind.OptimizerState, (index * ParameterLength) + t.Offset, t.Length, t.Shape)));
    }

    private static ElementType ElementTypeOf<T>()
    {
        if (typeof(T) == typeof(float))
        {
            return new ElementType("F32", "float32", sizeof(float));
        }

        if (typeof(T) == typeof(double))
        {
            return new ElementType("F64", "float64", sizeof(double));
        }

        throw new NotSupportedException($"Parameter files hold float or double parameters; {typeof(T).Name} is not supported.");
    }

    /// <summary>Checks that the network's tensors tile its buffers exactly and its optimizer state is one parameter-sized buffer per name.</summary>
    private static Layout DescribeNetwork<T>(INetwork<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int parameterLength = network.Parameters.Length;
        int stateLength = network.State.Length;
        int optimizerLength = network.OptimizerState.Length;
        IReadOnlyList<TensorInfo> tensors = network.Tensors
            ?? throw new InvalidOperationException("The network's Tensors is null; INetwork requires a list of its tensors.");

        var names = new HashSet<string>(StringComparer.Ordinal);
        var slots = new Slot[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            TensorInfo tensor = tensors[i] ?? throw new InvalidOperationException($"The network's Tensors[{i}] is null.");
            string name = tensor.Name;
            if (string.IsNullOrEmpty(name) || name == MetadataKey || name.StartsWith(OptimizerTensorPrefix, StringComparison.Ordinal) || !names.Add(name))
            {
                throw new InvalidOperationException(
                    $"The network's tensor name '{name}' is empty, reserved ('{MetadataKey}', '{OptimizerTensorPrefix}…') or used twice; parameter files need distinct names.");
            }

            int[] shape = tensor.Shape ?? throw new InvalidOperationException($"The network's tensor '{name}' has no shape.");
            long elements = 1;
            foreach (int dimension in shape)
            {
                if (dimension < 0)
                {
                    elements = -1;
                    break;
                }

                elements = Math.Min(elements * dimension, (long)int.MaxValue + 1);
            }

            if (elements < 0 || elements != tensor.Length)
            {
                throw new InvalidOperationException($"The network's tensor '{name}' has an invalid shape.");
            }

            BufferKind buffer = tensor.Kind switch
            {
                TensorKind.Parameter => BufferKind.Parameters,
                TensorKind.State => BufferKind.State,
                _ => throw new InvalidOperationException($"The network's tensor '{name}' has an unknown kind {tensor.Kind}."),
            };
            slots[i] = new Slot(name, buffer, tensor.Offset, (int)elements, [.. shape]);
        }

        CheckTiling(slots, BufferKind.Parameters, parameterLength, "Parameters");
        CheckTiling(slots, BufferKind.State, stateLength, "State");

        string[] buffers = [];
        if (optimizerLength != 0)
        {
            IReadOnlyList<string> declared = network.OptimizerBuffers ?? [];
            if ((long)declared.Count * parameterLength != optimizerLength)
            {
                throw new InvalidOperationException(
                    $"The network's optimizer state holds {optimizerLength} values but its {declared.Count} optimizer buffer(s) of {parameterLength} parameters need {(long)declared.Count * parameterLength}; INetwork requires one buffer laid out like Parameters per name in OptimizerBuffers.");
            }

            buffers = [.. declared];
            if (buffers.Any(b => string.IsNullOrEmpty(b) || b.Contains('.', StringComparison.Ordinal) || b.Contains(',', StringComparison.Ordinal))
                || buffers.Distinct(StringComparer.Ordinal).Count() != buffers.Length)
            {
                throw new InvalidOperationException(
                    $"The network's optimizer buffer names ({string.Join(", ", buffers)}) must be distinct, non-empty and free of '.' and ','.");
            }
        }

        return new Layout(slots, parameterLength, stateLength, buffers);
    }

    private static void CheckTiling(Slot[] slots, BufferKind buffer, int length, string bufferName)
    {
        int next = 0;
        foreach (Slot slot in slots.Where(s => s.Buffer == buffer).OrderBy(s => s.Offset).ThenBy(s => s.Length))
        {
            if (slot.Offset != next)
            {
                throw new InvalidOperationException(
                    $"The network's tensor '{slot.Name}' starts at {slot.Offset} of {bufferName}, but the tensors before it end at {next}; INetwork requires its tensors to tile {bufferName} without gaps or overlaps.");
            }

            next += slot.Length;
        }

        if (next != length)
        {
            throw new InvalidOperationException(
                $"The network's tensors cover {next} values of {bufferName}, which holds {length}; INetwork requires its tensors to tile {bufferName} exactly.");
        }
    }

    private static Span<T> SpanOf<T>(INetwork<T> network, Slot slot)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Span<T> buffer = slot.Buffer switch
        {
            BufferKind.Parameters => network.Parameters,
            BufferKind.State => network.State,
            _ => network.OptimizerState,
        };
        return buffer.Slice(slot.Offset, slot.Length);
    }

    private static string OptimizerKind(string optimizer)
    {
        int parenthesis = optimizer.IndexOf('(', StringComparison.Ordinal);
        return (parenthesis < 0 ? optimizer : optimizer[..parenthesis]).Trim();
    }

    // ---- Saving -------------------------------------------------------------------------------------

    private sealed record WritePlan(byte[] Header, Slot[] Slots);

    private static WritePlan PlanWrite<T>(INetwork<T> network, bool includeOptimizerState)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ElementType element = ElementTypeOf<T>();
        Layout layout = DescribeNetwork(network);
        long step = network.Step;
        if (step < 0)
        {
            throw new InvalidOperationException($"The network's step count is {step}; INetwork requires it to be non-negative.");
        }

        bool withOptimizer = includeOptimizerState && layout.Buffers.Length != 0;
        Slot[] slots = withOptimizer ? [.. layout.Tensors, .. layout.OptimizerSlots] : layout.Tensors;

        var crc = new Crc32();
        foreach (Slot slot in slots)
        {
            AppendLittleEndian<T>(crc, SpanOf(network, slot));
        }

        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(MetadataKey);
            writer.WriteString(FormatKey, FormatName);
            writer.WriteString(ArchitectureKey, network.Architecture);
            writer.WriteString(ElementTypeKey, element.Name);
            writer.WriteString(OptimizerKey, network.Optimizer);
            writer.WriteString(OptimizerBuffersKey, withOptimizer ? string.Join(",", layout.Buffers) : "");
            if (includeOptimizerState)
            {
                // Where training stands, so a run resumes exactly: also for optimizers without buffers (SGD).
                writer.WriteString(StepKey, step.ToString(CultureInfo.InvariantCulture));
                writer.WriteString(LearningRateKey, network.LearningRate.ToString("R", CultureInfo.InvariantCulture));
            }
            writer.WriteString(ChecksumKey, crc.GetCurrentHashAsUInt32().ToString("x8", CultureInfo.InvariantCulture));
            writer.WriteEndObject();

            long offset = 0;
            foreach (Slot slot in slots)
            {
                writer.WriteStartObject(slot.Name);
                writer.WriteString("dtype", element.Dtype);
                writer.WriteStartArray("shape");
                foreach (int dimension in slot.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += (long)slot.Length * element.Size;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        // Spaces pad the header to a multiple of 8 bytes, as the reference implementation does, so the data
        // buffer starts 8-byte aligned.
        int jsonLength = json.WrittenCount;
        long paddedLength = (jsonLength + 7L) & ~7L;
        if (paddedLength > MaxHeaderLength)
        {
            throw new ArgumentException(
                $"The network's safetensors header would be {paddedLength} bytes; a header holds at most {MaxHeaderLength}.", nameof(network));
        }

        byte[] header = new byte[LengthPrefixSize + paddedLength];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)paddedLength);
        json.WrittenSpan.CopyTo(header.AsSpan(LengthPrefixSize));
        header.AsSpan(LengthPrefixSize + jsonLength).Fill((byte)' ');
        return new WritePlan(header, slots);
    }

    private static void Write<T>(INetwork<T> network, Stream stream, WritePlan plan)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        stream.Write(plan.Header);
        foreach (Slot slot in plan.Slots)
        {
            ReadOnlySpan<T> values = SpanOf(network, slot);
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values));
            }
            else
            {
                byte[] bytes = MemoryMarshal.AsBytes(values).ToArray();
                ReverseEachElement(bytes, Unsafe.SizeOf<T>());
                stream.Write(bytes);
            }
        }
    }

    private static void AppendLittleEndian<T>(Crc32 crc, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            crc.Append(MemoryMarshal.AsBytes(values));
            return;
        }

        byte[] bytes = MemoryMarshal.AsBytes(values).ToArray();
        ReverseEachElement(bytes, Unsafe.SizeOf<T>());
        crc.Append(bytes);
    }

    // ---- Loading ------------------------------------------------------------------------------------

    /// <summary>One tensor entry of a file's header.</summary>
    private sealed record FileTensor(string Name, string Dtype, long[] Shape, long Begin, long End)
    {
        public string ShapeText => "[" + string.Join(", ", Shape) + "]";

        public bool HasShape(int[] shape) => Shape.AsSpan().SequenceEqual(shape.Select(d => (long)d).ToArray());
    }

    private sealed record Header(Dictionary<string, string>? Metadata, List<FileTensor> Tensors);

    /// <summary>Says what is wrong with the data, starting with its source.</summary>
    private sealed class Problems(string source, string? filePath)
    {
        public ParameterFileException Fail(ParameterFileError error, string message) => new(error, filePath, $"{source} {message}");

        public ParameterFileException Fail(ParameterFileError error, string message, Exception inner) => new(error, filePath, $"{source} {message}", inner);

        public ParameterFileException Fail(ParameterFileError error, string message, IReadOnlyList<string> tensorNames) =>
            new(error, filePath, $"{source} {message}", tensorNames);

        public ParameterFileException Truncated(string section, long expected, long offset, long found) =>
            Fail(ParameterFileError.Truncated, $"is truncated: expected {expected} bytes of {section} at offset {offset}, found {found}.");
    }

    private static void Read<T>(INetwork<T> network, Stream stream, string source, string? filePath, long? fileLength)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ElementType element = ElementTypeOf<T>();
        Layout layout = DescribeNetwork(network);
        var problems = new Problems(source, filePath);

        // 1. The header length. A short prefix that could still start a plausible length is a truncated file.
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        int prefixRead = stream.ReadAtLeast(prefix, LengthPrefixSize, throwOnEndOfStream: false);
        if (prefixRead < LengthPrefixSize)
        {
            prefix[prefixRead..].Clear();
            if (BinaryPrimitives.ReadUInt64LittleEndian(prefix) <= MaxHeaderLength)
            {
                throw problems.Truncated("header length", LengthPrefixSize, 0, prefixRead);
            }

            throw problems.Fail(ParameterFileError.NotSafetensors,
                $"is not a safetensors parameter file: its {prefixRead} bytes (0x{Convert.ToHexString(prefix[..prefixRead])}) cannot start a header length of at most {MaxHeaderLength}.");
        }

        ulong declaredLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (declaredLength > MaxHeaderLength)
        {
            if (prefix.SequenceEqual(FormerMagic))
            {
                throw problems.Fail(ParameterFileError.NotSafetensors,
                    "is not a safetensors parameter file but one in StaticNet's former SNPARAMS format, which this version no longer reads. Load it with the StaticNet version that wrote it and save it again.");
            }

            throw problems.Fail(ParameterFileError.NotSafetensors,
                $"is not a safetensors parameter file: its first 8 bytes (0x{Convert.ToHexString(prefix)}) give a header length of {declaredLength} bytes, more than the {MaxHeaderLength} a safetensors header may have.");
        }

        int headerLength = (int)declaredLength;
        if (headerLength == 0)
        {
            throw problems.Fail(ParameterFileError.NotSafetensors, "is not a safetensors parameter file: its header length is 0, but a safetensors header is a JSON object.");
        }

        // 2. The header. Its first byte is checked on whatever arrived, so a foreign file is not reported as truncated.
        byte[] headerBytes = ReadUpTo(stream, headerLength, out int headerRead);
        if (headerRead > 0 && headerBytes[0] != (byte)'{')
        {
            throw problems.Fail(ParameterFileError.NotSafetensors,
                $"is not a safetensors parameter file: its header starts with byte 0x{headerBytes[0]:X2} instead of '{{'.");
        }

        if (headerRead < headerLength)
        {
            throw problems.Truncated("header", headerLength, LengthPrefixSize, headerRead);
        }

        // 3. Well-formed JSON with well-formed entries.
        Header header = ParseHeader(headerBytes.AsMemory(0, headerLength), problems);
        Dictionary<string, string> metadata = header.Metadata ?? [];
        uint? storedChecksum = null;
        if (metadata.TryGetValue(ChecksumKey, out string? checksumText))
        {
            if (checksumText.Length != 8 || !uint.TryParse(checksumText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint parsed))
            {
                throw problems.Fail(ParameterFileError.MalformedHeader, $"has a metadata {ChecksumKey} of '{checksumText}', which is not 8 hexadecimal digits.");
            }

            storedChecksum = parsed;
        }

        var networkSlots = layout.Tensors.ToDictionary(s => s.Name, StringComparer.Ordinal);
        bool IsIgnored(FileTensor t) => !networkSlots.ContainsKey(t.Name) && t.Name.EndsWith(IgnoredTensorSuffix, StringComparison.Ordinal);

        // 4. Element type: the metadata's, then every tensor's dtype (PyTorch's int64 step counters aside).
        if (metadata.TryGetValue(ElementTypeKey, out string? fileElement))
        {
            if (fileElement is not ("float32" or "float64"))
            {
                throw problems.Fail(ParameterFileError.MalformedHeader, $"has a metadata {ElementTypeKey} of '{fileElement}', which is neither float32 nor float64.");
            }

            if (fileElement != element.Name)
            {
                throw problems.Fail(ParameterFileError.ElementTypeMismatch, $"holds {fileElement} parameters but this network uses {element.Name}.");
            }
        }

        if (header.Tensors.FirstOrDefault(t => !IsIgnored(t) && t.Dtype != element.Dtype) is FileTensor foreign)
        {
            throw problems.Fail(ParameterFileError.ElementTypeMismatch,
                $"holds {DtypeName(foreign.Dtype)} parameters (tensor '{foreign.Name}' has dtype {foreign.Dtype}) but this network uses {element.Name} ({element.Dtype}).",
                [foreign.Name]);
        }

        // 5. Architecture, when the file names one (PyTorch's files do not).
        if (metadata.TryGetValue(ArchitectureKey, out string? fileArchitecture)
            && !string.Equals(fileArchitecture, network.Architecture, StringComparison.Ordinal))
        {
            throw problems.Fail(ParameterFileError.ArchitectureMismatch,
                $"was saved for '{fileArchitecture}' but this network is '{network.Architecture}'.");
        }

        // 6. The network's tensors, by name and shape; nothing else but ignored counters and optimizer state.
        var fileTensors = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        List<FileTensor> modelTensors = [.. header.Tensors.Where(t => !IsIgnored(t) && !t.Name.StartsWith(OptimizerTensorPrefix, StringComparison.Ordinal))];
        CheckTensors(layout.Tensors, modelTensors, fileTensors, problems, "this network");

        // 7. Optimizer state: the same kind of optimizer, the same buffers, every tensor. A network without
        // optimizer state ignores a saved one.
        List<FileTensor> optimizerTensors = [.. header.Tensors.Where(t => t.Name.StartsWith(OptimizerTensorPrefix, StringComparison.Ordinal))];
        // An optimizer without buffers (SGD) resumes from the step and rate alone, if the file was saved by the same kind.
        bool loadOptimizer = optimizerTensors.Count != 0 && layout.Buffers.Length != 0
            || (layout.Buffers.Length == 0 && optimizerTensors.Count == 0 && metadata.ContainsKey(StepKey)
                && metadata.TryGetValue(OptimizerKey, out string? savedBy) && OptimizerKind(savedBy) == OptimizerKind(network.Optimizer));
        long step = 0;
        double? learningRate = null;
        Slot[] optimizerSlots = [];
        if (loadOptimizer)
        {
            CheckOptimizer(network, layout, metadata, optimizerTensors, problems);
            optimizerSlots = [.. layout.OptimizerSlots];
            CheckTensors(optimizerSlots, optimizerTensors, fileTensors, problems, "this network's optimizer");
            if (metadata.TryGetValue(StepKey, out string? stepText)
                && !long.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step))
            {
                throw problems.Fail(ParameterFileError.MalformedHeader, $"has a metadata {StepKey} of '{stepText}', which is not a non-negative integer.");
            }

            // The rate a schedule had set when the file was saved, so training resumes exactly where it stopped.
            if (metadata.TryGetValue(LearningRateKey, out string? rateText))
            {
                double largest = typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue;
                if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate >= 0) || rate > largest)
                {
                    throw problems.Fail(ParameterFileError.MalformedHeader, $"has a metadata {LearningRateKey} of '{rateText}', which is not a learning rate this network can use.");
                }

                learningRate = rate;
            }
        }

        // 8. The data offsets tile the data buffer in order, each as long as its dtype and shape say.
        FileTensor[] ordered = [.. header.Tensors.OrderBy(t => t.Begin).ThenBy(t => t.End)];
        long dataLength = CheckOffsets(ordered, problems);

        // 9. The file is exactly as long as the header says (streams: whatever follows is left unread).
        long dataStart = LengthPrefixSize + (long)headerLength;
        if (fileLength is long length)
        {
            long available = length - dataStart;
            if (available < dataLength)
            {
                throw problems.Truncated("tensor data", dataLength, dataStart, available);
            }

            if (available > dataLength)
            {
                throw problems.Fail(ParameterFileError.TrailingData,
                    $"has {available - dataLength} unexpected bytes after its tensor data: it is {length} bytes long, but its header describes {dataStart + dataLength}.");
            }
        }

        // 10. The data, into temporary buffers, through the checksum.
        var parameters = new T[layout.ParameterLength];
        var state = new T[layout.StateLength];
        T[]? optimizerState = loadOptimizer ? new T[network.OptimizerState.Length] : null;
        var targets = new Dictionary<string, (T[] Array, int Offset)>(StringComparer.Ordinal);
        foreach (Slot slot in layout.Tensors)
        {
            targets[slot.Name] = (slot.Buffer == BufferKind.Parameters ? parameters : state, slot.Offset);
        }

        foreach (Slot slot in optimizerSlots)
        {
            targets[slot.Name] = (optimizerState!, slot.Offset);
        }

        var crc = new Crc32();
        long dataRead = 0;
        byte[]? scratch = null;
        foreach (FileTensor tensor in ordered)
        {
            long tensorLength = tensor.End - tensor.Begin;
            if (targets.TryGetValue(tensor.Name, out (T[] Array, int Offset) target))
            {
                Span<byte> bytes = MemoryMarshal.AsBytes(target.Array.AsSpan(target.Offset, (int)(tensorLength / element.Size)));
                int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                crc.Append(bytes[..read]);
                dataRead += read;
                if (read < bytes.Length)
                {
                    throw problems.Truncated("tensor data", dataLength, dataStart, dataRead);
                }

                if (!BitConverter.IsLittleEndian)
                {
                    ReverseEachElement(bytes, element.Size);
                }
            }
            else
            {
                scratch ??= new byte[FileBufferSize];
                for (long left = tensorLength; left > 0;)
                {
                    int chunk = (int)Math.Min(left, scratch.Length);
                    int read = stream.ReadAtLeast(scratch.AsSpan(0, chunk), chunk, throwOnEndOfStream: false);
                    crc.Append(scratch.AsSpan(0, read));
                    dataRead += read;
                    if (read < chunk)
                    {
                        throw problems.Truncated("tensor data", dataLength, dataStart, dataRead);
                    }

                    left -= read;
                }
            }
        }

        uint computed = crc.GetCurrentHashAsUInt32();
        if (storedChecksum is uint stored && stored != computed)
        {
            throw problems.Fail(ParameterFileError.ChecksumMismatch,
                $"is corrupted: its metadata gives the data buffer a CRC-32 of {stored:x8}, but the data hashes to {computed:x8}.");
        }

        // Every check has passed: now the network changes.
        parameters.CopyTo(network.Parameters);
        state.CopyTo(network.State);
        if (optimizerState is not null)
        {
            optimizerState.CopyTo(network.OptimizerState);
        }
        else
        {
            network.OptimizerState.Clear();
        }

        network.Step = step;
        if (learningRate is double restored)
        {
            network.LearningRate = restored;
        }
    }

    /// <summary>Reads up to <paramref name="length"/> bytes, growing the buffer only as data arrives.</summary>
    private static byte[] ReadUpTo(Stream stream, int length, out int read)
    {
        byte[] buffer = new byte[Math.Min(length, InitialHeaderBuffer)];
        read = 0;
        while (read < length)
        {
            if (read == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, length));
            }

            int count = stream.Read(buffer, read, buffer.Length - read);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        return buffer;
    }

    private static Header ParseHeader(ReadOnlyMemory<byte> bytes, Problems problems)
    {
        if (!Utf8.IsValid(bytes.Span))
        {
            throw problems.Fail(ParameterFileError.MalformedHeader, "has a header that is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, ReaderOptions);
        }
        catch (JsonException exception)
        {
            throw problems.Fail(ParameterFileError.MalformedHeader, $"has a header that is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw problems.Fail(ParameterFileError.MalformedHeader, $"has a header that is a JSON {root.ValueKind}, not an object.");
            }

            Dictionary<string, string>? metadata = null;
            var tensors = new List<FileTensor>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!keys.Add(property.Name))
                {
                    throw problems.Fail(ParameterFileError.MalformedHeader, $"has the key '{property.Name}' twice in its header.");
                }

                if (property.Name == MetadataKey)
                {
                    metadata = ParseMetadata(property.Value, problems);
                }
                else
                {
                    tensors.Add(ParseTensor(property.Name, property.Value, problems));
                }
            }

            return new Header(metadata, tensors);
        }
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement value, Problems problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw problems.Fail(ParameterFileError.MalformedHeader, $"has a '{MetadataKey}' that is a JSON {value.ValueKind}, not an object of strings.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw problems.Fail(ParameterFileError.MalformedHeader,
                    $"has a '{MetadataKey}' value for '{entry.Name}' that is a JSON {entry.Value.ValueKind}; safetensors metadata values are strings.");
            }

            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw problems.Fail(ParameterFileError.MalformedHeader, $"has the metadata key '{entry.Name}' twice.");
            }
        }

        return metadata;
    }

    private static FileTensor ParseTensor(string name, JsonElement value, Problems problems)
    {
        ParameterFileException Malformed(string what) =>
            problems.Fail(ParameterFileError.MalformedHeader, $"has a malformed header entry for tensor '{name}': {what}.", [name]);

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"it is a JSON {value.ValueKind}, not an object with dtype, shape and data_offsets");
        }

        string? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtype is null:
                    dtype = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : throw Malformed("its dtype is not a string");
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(field.Value) ?? throw Malformed("its shape is not an array of non-negative integers");
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(field.Value) ?? throw Malformed("its data_offsets are not an array of non-negative integers");
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Malformed($"it has '{field.Name}' twice");
                default:
                    break; // Unknown fields are ignored, as the reference implementation does.
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            throw Malformed("it lacks " + (dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets"));
        }

        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw Malformed($"its data_offsets [{string.Join(", ", offsets)}] are not a [begin, end] pair with begin ≤ end");
        }

        return new FileTensor(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[]? ReadIntegers(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var integers = new long[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long integer) || integer < 0)
            {
                return null;
            }

            integers[i++] = integer;
        }

        return integers;
    }

    /// <summary>Every expected tensor present with its shape, and no other among <paramref name="candidates"/>.</summary>
    private static void CheckTensors(
        IReadOnlyList<Slot> expected, List<FileTensor> candidates, Dictionary<string, FileTensor> fileTensors, Problems problems, string owner)
    {
        var expectedNames = expected.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        List<FileTensor> unexpected = [.. candidates.Where(t => !expectedNames.Contains(t.Name))];

        List<Slot> missing = [.. expected.Where(s => !fileTensors.ContainsKey(s.Name))];
        if (missing.Count != 0)
        {
            string instead = unexpected.Count == 0 ? "" : $" It holds instead {List(unexpected.Select(t => $"'{t.Name}' {t.ShapeText}"))}.";
            throw problems.Fail(ParameterFileError.MissingTensor,
                $"lacks {Count(missing.Count, "tensor")} that {owner} needs: {List(missing.Select(s => $"'{s.Name}' {ShapeText(s.Shape)}"))}.{instead}",
                [.. missing.Select(s => s.Name)]);
        }

        List<(Slot Slot, FileTensor File)> misshapen = [.. expected.Select(s => (s, fileTensors[s.Name])).Where(p => !p.Item2.HasShape(p.s.Shape))];
        if (misshapen.Count != 0)
        {
            throw problems.Fail(ParameterFileError.ShapeMismatch,
                $"holds {List(misshapen.Select(p => $"'{p.Slot.Name}' with shape {p.File.ShapeText} where {owner} has {ShapeText(p.Slot.Shape)}"))}.",
                [.. misshapen.Select(p => p.Slot.Name)]);
        }

        if (unexpected.Count != 0)
        {
            throw problems.Fail(ParameterFileError.UnexpectedTensor,
                $"holds {Count(unexpected.Count, "tensor")} that {owner} does not have: {List(unexpected.Select(t => $"'{t.Name}' {t.ShapeText}"))}.",
                [.. unexpected.Select(t => t.Name)]);
        }
    }

    /// <summary>The file's optimizer must be the network's kind and keep only buffers the network's keeps.</summary>
    private static void CheckOptimizer<T>(INetwork<T> network, Layout layout, Dictionary<string, string> metadata, List<FileTensor> optimizerTensors, Problems problems)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string networkKind = OptimizerKind(network.Optimizer);
        if (metadata.TryGetValue(OptimizerKey, out string? fileOptimizer) && OptimizerKind(fileOptimizer) != networkKind)
        {
            throw problems.Fail(ParameterFileError.OptimizerMismatch,
                $"holds the state of a {OptimizerKind(fileOptimizer)} optimizer ('{fileOptimizer}') but this network trains with {networkKind} ('{network.Optimizer}'), whose state is different. Save the file without optimizer state (includeOptimizerState: false) to move only the weights.");
        }

        string[] fileBuffers =
        [
            .. optimizerTensors
                .Select(t => t.Name[OptimizerTensorPrefix.Length..])
                .Select(rest => rest.Contains('.', StringComparison.Ordinal) ? rest[..rest.IndexOf('.', StringComparison.Ordinal)] : rest)
                .Distinct(StringComparer.Ordinal),
        ];
        string[] foreign = [.. fileBuffers.Where(b => !layout.Buffers.Contains(b, StringComparer.Ordinal))];
        if (foreign.Length != 0)
        {
            throw problems.Fail(ParameterFileError.OptimizerMismatch,
                $"holds optimizer buffers {List(fileBuffers.Select(b => $"'{b}'"))}{(fileOptimizer is null ? "" : $" of '{fileOptimizer}'")}, but this network's optimizer ('{network.Optimizer}') keeps {List(layout.Buffers.Select(b => $"'{b}'"))}.");
        }
    }

    /// <summary>Checks that the tensors, sorted by offset, tile the data buffer, and returns its length.</summary>
    private static long CheckOffsets(FileTensor[] ordered, Problems problems)
    {
        long next = 0;
        foreach (FileTensor tensor in ordered)
        {
            if (tensor.Begin != next)
            {
                string relation = tensor.Begin > next ? "leaving a gap after" : "overlapping";
                throw problems.Fail(ParameterFileError.MalformedHeader,
                    $"has tensor data that does not tile its data buffer: '{tensor.Name}' starts at byte {tensor.Begin}, {relation} the data before it, which ends at byte {next}.",
                    [tensor.Name]);
            }

            int size = DtypeSize(tensor.Dtype);
            if (size == 0)
            {
                throw problems.Fail(ParameterFileError.MalformedHeader, $"gives tensor '{tensor.Name}' the unknown dtype '{tensor.Dtype}'.", [tensor.Name]);
            }

            long bytes;
            try
            {
                bytes = size;
                foreach (long dimension in tensor.Shape)
                {
                    bytes = checked(bytes * dimension);
                }
            }
            catch (OverflowException)
            {
                bytes = -1;
            }

            if (bytes != tensor.End - tensor.Begin)
            {
                throw problems.Fail(ParameterFileError.MalformedHeader,
                    $"gives tensor '{tensor.Name}' data_offsets [{tensor.Begin}, {tensor.End}] ({tensor.End - tensor.Begin} bytes), but its dtype {tensor.Dtype} and shape {tensor.ShapeText} need {(bytes < 0 ? "more than 2^63" : bytes.ToString(CultureInfo.InvariantCulture))} bytes.",
                    [tensor.Name]);
            }

            next = tensor.End;
        }

        return next;
    }

    /// <summary>Bytes per element of a safetensors dtype; 0 for one this library does not know.</summary>
    private static int DtypeSize(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" or "F8_E8M0" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" or "C64" => 8,
        _ => 0,
    };

    private static string DtypeName(string dtype) => dtype switch
    {
        "F32" => "float32",
        "F64" => "float64",
        _ => dtype,
    };

    private static string ShapeText(int[] shape) => "[" + string.Join(", ", shape) + "]";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string List(IEnumerable<string> items)
    {
        List<string> all = [.. items];
        return all.Count <= MostNamesListed
            ? string.Join(", ", all)
            : string.Join(", ", all.Take(MostNamesListed)) + $" and {all.Count - MostNamesListed} more";
    }

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
}
