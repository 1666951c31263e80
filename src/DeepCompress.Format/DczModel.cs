namespace DeepCompress.Format;

/// <summary>The logical content of a .dcz file: an opaque graph, the compressed layers and UTF-8 metadata.</summary>
public sealed class DczModel
{
    public DczModel(byte[] graph, IReadOnlyList<DczLayer> layers, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(metadata);
        Graph = graph;
        Layers = layers;
        Metadata = metadata;
    }

    /// <summary>The model graph (for ONNX: a serialized ModelProto without the compressed tensors' data).</summary>
    public byte[] Graph { get; }

    /// <summary>Compressed layers in file order.</summary>
    public IReadOnlyList<DczLayer> Layers { get; }

    /// <summary>Key/value pairs such as "source.size" or "producer"; stored sorted by ordinal UTF-8 bytes.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
