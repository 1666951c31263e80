using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.Onnx;

/// <summary>
/// An ONNX model held in memory with all its tensor data inline: external data is read at load time and written
/// back to one data file beside the output when saving.
/// </summary>
public sealed class OnnxModel
{
    private readonly HashSet<TensorProto> _externalOnLoad;
    private readonly long? _storedBytes;

    private OnnxModel(ModelProto proto, string name, HashSet<TensorProto> externalOnLoad, long? storedBytes = null)
    {
        Proto = proto;
        Name = name;
        _externalOnLoad = externalOnLoad;
        _storedBytes = storedBytes;
    }

    /// <summary>The protobuf message; edits to it are saved.</summary>
    public ModelProto Proto { get; }

    /// <summary>The path or display name the model was read from; it starts every error message about the model.</summary>
    public string Name { get; }

    /// <summary>Whether <paramref name="tensor"/> was stored in an external data file when the model was loaded.</summary>
    public bool WasExternal(TensorProto tensor) => _externalOnLoad.Contains(tensor);

    /// <summary>
    /// What a user stores for this model: the model file's size plus that of every distinct external data file it
    /// refers to (a size on disk, so compression ratios count the weights of external-data models too). A model not
    /// read from a file counts its serialized message.
    /// </summary>
    public long StoredBytes => _storedBytes ?? Proto.CalculateSize();

    /// <summary>Reads, validates and makes self-contained the model at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidModelException">The file or its external data is malformed.</exception>
    public static OnnxModel Load(string path)
    {
        ModelProto proto = ReadFile(path);
        var external = new HashSet<TensorProto>(ReferenceEqualityComparer.Instance);
        long storedBytes;
        using (var loader = new ExternalDataLoader(path))
        {
            external.UnionWith(loader.InlineAll(proto));
            storedBytes = new FileInfo(path).Length + loader.OpenedFileBytes;
        }

        return new OnnxModel(proto, path, external, storedBytes);
    }

    /// <summary>Parses a serialized model that has no external data (e.g. the graph carried by a .dcz container).</summary>
    /// <param name="displayName">Names the model in error messages.</param>
    /// <exception cref="InvalidModelException">The bytes are not a well-formed ONNX model.</exception>
    /// <exception cref="NotSupportedException">A tensor refers to external data, which has no directory to resolve against.</exception>
    public static OnnxModel FromBytes(ReadOnlySpan<byte> bytes, string displayName)
    {
        ModelProto proto = Parse(bytes, displayName);
        foreach (TensorWalker.Found found in TensorWalker.All(proto))
        {
            if (TensorElements.IsExternal(found.Tensor))
            {
                throw new NotSupportedException(
                    $"{displayName}: tensor '{found.Tensor.Name}' refers to external data, which a model read from bytes cannot resolve; use Load with the model's path");
            }
        }

        return FromProto(proto, displayName);
    }

    /// <summary>The model serialized with every tensor inline (deterministic bytes).</summary>
    /// <exception cref="NotSupportedException">The tensor data alone exceeds the 2 GiB protobuf limit; use <see cref="Save"/>.</exception>
    public byte[] ToBytes()
    {
        long tensorBytes = 0;
        foreach (TensorWalker.Found found in TensorWalker.All(Proto))
        {
            tensorBytes += found.Tensor.RawData.Length + (sizeof(float) * (long)found.Tensor.FloatData.Count);
        }

        if (tensorBytes > OnnxConstants.ProtobufSizeLimit)
        {
            throw new NotSupportedException(
                $"{Name}: the tensors hold {tensorBytes} bytes, more than one protobuf message can ({OnnxConstants.ProtobufSizeLimit}); save it to a file, which moves them to external data");
        }

        return Proto.ToByteArray();
    }

    /// <summary>The compressible layers in depth-first graph order, subgraphs included.</summary>
    /// <exception cref="NotSupportedException">Two different weight tensors share a name.</exception>
    public IReadOnlyList<WeightLayer> FindLayers() => LayerDiscovery.Find(Proto, Name);

    /// <summary>
    /// Writes the model atomically (temporary file, flush, rename). Tensors that were external on load go to
    /// <c>&lt;file name&gt;.data</c> beside it (4096-aligned offsets); so do all tensors of 1 KiB or more when the
    /// model would exceed the 2 GiB protobuf limit. The data file is written atomically too. On failure no file is
    /// left behind and the target is unchanged.
    /// </summary>
    public void Save(string path) => Save(path, OnnxConstants.ProtobufSizeLimit);

    /// <summary>Save with a smaller size limit, so tests can exercise the externalization of large models.</summary>
    internal void Save(string path, long protobufSizeLimit) => ModelWriter.Save(Proto, _externalOnLoad, [], path, protobufSizeLimit);

    /// <summary>
    /// Like <see cref="Save(string)"/>, and the tensors of <paramref name="streamed"/> (which hold no data in the model)
    /// go to the data file, each written by its payload when its turn comes: only one tensor's data need exist at a
    /// time. The model is left as it was.
    /// </summary>
    public void Save(string path, IReadOnlyList<TensorPayload> streamed) =>
        ModelWriter.Save(Proto, _externalOnLoad, streamed, path, OnnxConstants.ProtobufSizeLimit);

    /// <summary>A model that is self-contained by construction (its external tensors were inlined or detached).</summary>
    internal static OnnxModel FromProto(ModelProto proto, string name) =>
        new(proto, name, new HashSet<TensorProto>(ReferenceEqualityComparer.Instance));

    /// <summary>Reads and parses the model file itself, leaving external data where it is.</summary>
    internal static ModelProto ReadFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        if (file.Length > OnnxConstants.ProtobufSizeLimit)
        {
            throw new InvalidModelException(
                $"{path}: file is {file.Length} bytes; a protobuf message is at most {OnnxConstants.ProtobufSizeLimit} bytes");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    private static ModelProto Parse(ReadOnlySpan<byte> bytes, string name)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            string problem = ex.Message.Contains("ended unexpectedly", StringComparison.Ordinal)
                ? "truncated protobuf"
                : "malformed protobuf";
            throw new InvalidModelException($"{name}: {problem} ({bytes.Length} bytes): {TopLevelFieldScanner.Describe(bytes)}", ex);
        }

        if (!proto.HasIrVersion || proto.IrVersion <= 0)
        {
            throw new InvalidModelException(
                $"{name}: not an ONNX model (ir_version {(proto.HasIrVersion ? proto.IrVersion : "missing")}; must be > 0)");
        }

        if (proto.Graph is null)
        {
            throw new InvalidModelException($"{name}: not an ONNX model (no graph)");
        }

        return proto;
    }
}
