using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using DeepCompress.Onnx.Proto;
using Google.Protobuf;
using Microsoft.Win32.SafeHandles;

namespace DeepCompress.Onnx;

/// <summary>
/// Replaces external tensor references by the bytes they point at, so a loaded model is self-contained. Locations
/// are confined to the model's directory: absolute paths, paths escaping through <c>..</c> and symbolic links are
/// refused, as onnx's checker does since the external-data path traversal advisories.
/// </summary>
internal sealed class ExternalDataLoader : IDisposable
{
    /// <summary>Floats read by one call: their bytes must fit a span (2^31-1) with room to spare.</summary>
    private const int MaxFloatsPerRead = 1 << 28;

    private readonly string _modelName;
    private readonly string _directory;
    private readonly Dictionary<string, SafeFileHandle> _openFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _inlinedBytes = new(StringComparer.Ordinal);

    public ExternalDataLoader(string modelPath)
    {
        _modelName = modelPath;
        string fullPath = Path.GetFullPath(modelPath);
        _directory = Path.GetDirectoryName(fullPath) ?? Path.GetPathRoot(fullPath) ?? fullPath;
    }

    /// <summary>The total size of the distinct data files opened so far.</summary>
    public long OpenedFileBytes => _openFiles.Values.Sum(RandomAccess.GetLength);

    /// <summary>Loads the bytes of every external tensor inline; returns the tensors that were external.</summary>
    public List<TensorProto> InlineAll(ModelProto model)
    {
        var inlined = new List<TensorProto>();
        foreach (TensorWalker.Found found in TensorWalker.All(model))
        {
            TensorProto tensor = found.Tensor;
            if (TensorElements.IsExternal(tensor))
            {
                Inline(tensor);
                inlined.Add(tensor);
            }
        }

        return inlined;
    }

    public void Dispose()
    {
        foreach (SafeFileHandle handle in _openFiles.Values)
        {
            handle.Dispose();
        }

        _openFiles.Clear();
    }

    /// <summary>Loads the bytes of one external tensor inline and removes its external reference.</summary>
    public void Inline(TensorProto tensor)
    {
        Extent extent = Locate(tensor);
        if (extent.ByteCount > Array.MaxLength)
        {
            throw new NotSupportedException(
                $"{_modelName}: external tensor '{tensor.Name}' has {extent.ByteCount} bytes; at most {Array.MaxLength} are supported per tensor");
        }

        // Tensors may point at overlapping ranges of one file; inlining each copy separately would let a tiny model
        // allocate its data file many times over, so the bytes inlined from a file may not exceed its length.
        long fileLength = RandomAccess.GetLength(extent.Handle);
        long inlined = _inlinedBytes.GetValueOrDefault(extent.Location) + extent.ByteCount;
        if (inlined > fileLength)
        {
            throw new InvalidModelException(
                $"{_modelName}: external tensors read {inlined} bytes from '{extent.Location}', which holds {fileLength}; tensors overlap in the data file");
        }

        _inlinedBytes[extent.Location] = inlined;
        byte[] bytes = new byte[extent.ByteCount];
        ReadExactly(extent, 0, bytes, tensor);

        // The array is never touched again, so wrapping it without a copy is safe.
        tensor.RawData = UnsafeByteOperations.UnsafeWrap(bytes);
        tensor.ExternalData.Clear();
        tensor.ClearDataLocation();
    }

    /// <summary>
    /// Reads the float32 elements of one external tensor straight into <paramref name="values"/> (no intermediate
    /// byte copy, so a layer costs its own size once); the tensor is left as it is.
    /// </summary>
    /// <exception cref="InvalidModelException">The data is not exactly <paramref name="values"/>' length of float32s.</exception>
    public void ReadFloats(TensorProto tensor, Span<float> values)
    {
        Extent extent = Locate(tensor);
        if (extent.ByteCount != (long)values.Length * sizeof(float))
        {
            throw new InvalidModelException(
                $"{_modelName}: external data of tensor '{tensor.Name}' is {extent.ByteCount} bytes; {values.Length} float32 values need {(long)values.Length * sizeof(float)}");
        }

        ReadFloatsAt(extent, 0, values, tensor);
    }

    /// <summary>
    /// Reads the float32 elements from <paramref name="firstElement"/> on of one external tensor into
    /// <paramref name="values"/>, so a layer can be read block by block into one small buffer. Safe to call from
    /// several threads at once once every data file is open (<see cref="Validate"/> opens them).
    /// </summary>
    /// <exception cref="InvalidModelException">The tensor's data ends before the last requested element.</exception>
    public void ReadFloats(TensorProto tensor, long firstElement, Span<float> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstElement);
        Extent extent = Locate(tensor);
        long end = (firstElement + values.Length) * sizeof(float);
        if (end > extent.ByteCount)
        {
            throw new InvalidModelException(
                $"{_modelName}: external data of tensor '{tensor.Name}' is {extent.ByteCount} bytes; elements up to {firstElement + values.Length} need {end}");
        }

        ReadFloatsAt(extent, firstElement * sizeof(float), values, tensor);
    }

    /// <summary>Checks that an external tensor's location, offset and length point at bytes that exist.</summary>
    public void Validate(TensorProto tensor) => Locate(tensor);

    private Extent Locate(TensorProto tensor)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (StringStringEntryProto entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case OnnxConstants.ExternalDataKeys.Location:
                    location = entry.Value;
                    break;
                case OnnxConstants.ExternalDataKeys.Offset:
                    offset = ParseNonNegative(tensor, entry);
                    break;
                case OnnxConstants.ExternalDataKeys.Length:
                    length = ParseNonNegative(tensor, entry);
                    break;
                default:
                    // "checksum" and keys from newer onnx versions do not change where the bytes are.
                    break;
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw new InvalidModelException(
                $"{_modelName}: tensor '{tensor.Name}' has data_location EXTERNAL but no '{OnnxConstants.ExternalDataKeys.Location}' entry");
        }

        SafeFileHandle handle = Open(location, tensor);
        long fileLength = RandomAccess.GetLength(handle);
        long available = offset <= fileLength ? fileLength - offset : -1;
        long byteCount = length ?? available;
        if (available < 0 || byteCount > available)
        {
            throw new InvalidModelException(
                $"{_modelName}: external data of tensor '{tensor.Name}' at offset {offset} length {length?.ToString(CultureInfo.InvariantCulture) ?? "(rest of file)"} " +
                $"is outside '{location}' ({fileLength} bytes)");
        }

        CheckExpectedLength(tensor, location, byteCount);
        return new Extent(handle, location, offset, byteCount);
    }

    private void ReadFloatsAt(Extent extent, long byteOffset, Span<float> values, TensorProto tensor)
    {
        // A byte span cannot cover more than 2^31-1 bytes, and a layer of up to 2^31-1 floats has four times that.
        int done = 0;
        while (done < values.Length)
        {
            Span<float> chunk = values.Slice(done, Math.Min(values.Length - done, MaxFloatsPerRead));
            ReadExactly(extent, byteOffset + ((long)done * sizeof(float)), MemoryMarshal.AsBytes(chunk), tensor);
            if (!BitConverter.IsLittleEndian)
            {
                Span<int> words = MemoryMarshal.Cast<float, int>(chunk);
                BinaryPrimitives.ReverseEndianness(words, words);
            }

            done += chunk.Length;
        }
    }

    private void ReadExactly(Extent extent, long byteOffset, Span<byte> destination, TensorProto tensor)
    {
        int read = 0;
        while (read < destination.Length)
        {
            long at = extent.Offset + byteOffset + read;
            int n = RandomAccess.Read(extent.Handle, destination[read..], at);
            if (n == 0)
            {
                throw new InvalidModelException(
                    $"{_modelName}: external data file '{extent.Location}' ended at byte {at} while reading tensor '{tensor.Name}' (expected {extent.Offset + extent.ByteCount})");
            }

            read += n;
        }
    }

    private void CheckExpectedLength(TensorProto tensor, string location, long byteCount)
    {
        int? elementSize = TensorElements.ByteSize(tensor.DataType);
        if (elementSize is null)
        {
            return;
        }

        long elements = TensorElements.Count(tensor, _modelName);
        long expected;
        try
        {
            expected = checked(elements * elementSize.Value);
        }
        catch (OverflowException ex)
        {
            throw new InvalidModelException(
                $"{_modelName}: tensor '{tensor.Name}' dims {TensorElements.FormatDims(tensor)} need more than {long.MaxValue} bytes", ex);
        }

        if (expected != byteCount)
        {
            throw new InvalidModelException(
                $"{_modelName}: external data of tensor '{tensor.Name}' in '{location}' is {byteCount} bytes; " +
                $"dims {TensorElements.FormatDims(tensor)} of {elementSize} byte elements need {expected}");
        }
    }

    private SafeFileHandle Open(string location, TensorProto tensor)
    {
        if (_openFiles.TryGetValue(location, out SafeFileHandle? open))
        {
            return open;
        }

        string path = ResolveInsideDirectory(location, tensor);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidModelException(
                $"{_modelName}: external data file '{location}' referenced by tensor '{tensor.Name}' not found", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidModelException(
                $"{_modelName}: external data file '{location}' referenced by tensor '{tensor.Name}' is not a readable file", ex);
        }

        _openFiles.Add(location, handle);
        return handle;
    }

    private string ResolveInsideDirectory(string location, TensorProto tensor)
    {
        if (location.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidModelException(
                $"{_modelName}: external data location of tensor '{tensor.Name}' contains a NUL character");
        }

        if (Path.IsPathRooted(location) || location.StartsWith('/') || location.StartsWith('\\'))
        {
            throw new InvalidModelException(
                $"{_modelName}: external data location '{location}' of tensor '{tensor.Name}' is an absolute path; it must be relative to the model's directory");
        }

        string full = Path.GetFullPath(Path.Combine(_directory, location));
        string directoryWithSeparator = Path.EndsInDirectorySeparator(_directory)
            ? _directory
            : _directory + Path.DirectorySeparatorChar;
        if (!full.StartsWith(directoryWithSeparator, StringComparison.Ordinal))
        {
            throw new InvalidModelException(
                $"{_modelName}: external data location '{location}' of tensor '{tensor.Name}' escapes the model's directory '{_directory}'");
        }

        if (File.Exists(full) && new FileInfo(full).LinkTarget is not null)
        {
            throw new InvalidModelException(
                $"{_modelName}: external data location '{location}' of tensor '{tensor.Name}' is a symbolic link, which could point outside the model's directory");
        }

        return full;
    }

    private long ParseNonNegative(TensorProto tensor, StringStringEntryProto entry)
    {
        if (!long.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            throw new InvalidModelException(
                $"{_modelName}: external data '{entry.Key}' of tensor '{tensor.Name}' is '{entry.Value}'; expected an integer from 0 to {long.MaxValue}");
        }

        return value;
    }

    /// <summary>Where the bytes of one external tensor are: validated against the file's length.</summary>
    private readonly record struct Extent(SafeFileHandle Handle, string Location, long Offset, long ByteCount);
}
