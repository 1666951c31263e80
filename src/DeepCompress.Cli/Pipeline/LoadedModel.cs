using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core;
using DeepCompress.Format;
using DeepCompress.Onnx;
using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// A model ready for the sparse engine: a .dcz container (its layers stay compressed and become the session's
/// sparse weights) or an ONNX model (run dense). Loaded once; sessions for several thread counts share it.
/// </summary>
public sealed class LoadedModel
{
    private readonly DczModel? _container;
    private readonly OnnxModel? _dense;

    private LoadedModel(string path, ModelProto graph, IReadOnlyDictionary<string, SparseQuantizedTensor> sparseWeights, DczModel? container, OnnxModel? dense)
    {
        Path = path;
        Graph = graph;
        SparseWeights = sparseWeights;
        _container = container;
        _dense = dense;
        Metadata = graph.MetadataProps.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>Whether the file was a .dcz container (else an ONNX model).</summary>
    public bool IsContainer => _container is not null;

    /// <summary>The graph; for a container, the compressed layers' initializers hold no data.</summary>
    public ModelProto Graph { get; }

    public IReadOnlyDictionary<string, SparseQuantizedTensor> SparseWeights { get; }

    /// <summary>The ONNX metadata_props of the graph (the last value wins for a repeated key).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Loads a .dcz (recognised by its magic, not its extension) or an ONNX model.</summary>
    public static LoadedModel Load(string path)
    {
        if (ContainerFiles.HasMagic(path))
        {
            var container = ContainerFiles.Read(path);
            var graph = OnnxModel.FromBytes(container.Graph, path).Proto;
            var weights = container.Layers.ToDictionary(l => l.Name, l => l.Weights, StringComparer.Ordinal);
            return new LoadedModel(path, graph, weights, container, null);
        }

        var model = OnnxModel.Load(path);
        return new LoadedModel(path, model.Proto, new Dictionary<string, SparseQuantizedTensor>(StringComparer.Ordinal), null, model);
    }

    public InferenceSession CreateSession(int threads) => InferenceSession.Create(Graph, SparseWeights, new SessionOptions { Threads = threads });

    /// <summary>The dense ONNX model as bytes: a container decoded with <see cref="ContainerCodec.Decode"/>, or the model itself.</summary>
    public byte[] ToDenseOnnxBytes() => _container is null ? _dense!.ToBytes() : ContainerCodec.Decode(_container, Path).ToBytes();
}
