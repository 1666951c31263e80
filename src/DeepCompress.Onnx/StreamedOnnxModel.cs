using DeepCompress.Onnx.Proto;

namespace DeepCompress.Onnx;

/// <summary>
/// An ONNX model whose external tensors stay on disk until asked for, one at a time: a model larger than memory can
/// be compressed layer by layer. The graph is parsed and every external reference validated when it is opened.
/// </summary>
public sealed class StreamedOnnxModel : IDisposable
{
    private readonly ExternalDataLoader _loader;

    // Detached layers keep their data (or external reference) here, so they can be read after the graph without
    // them has been serialized; a clone shares raw_data, which is immutable.
    private readonly Dictionary<TensorProto, TensorProto> _detached = new(ReferenceEqualityComparer.Instance);

    private StreamedOnnxModel(ModelProto proto, string name, ExternalDataLoader loader)
    {
        Proto = proto;
        Name = name;
        _loader = loader;
    }

    /// <summary>The protobuf message; external tensors have no data in it until <see cref="Inline"/>.</summary>
    public ModelProto Proto { get; }

    /// <summary>The path the model was read from; it starts every error message about the model.</summary>
    public string Name { get; }

    /// <summary>Parses the model at <paramref name="path"/> and checks where its external data is, without reading it.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidModelException">The file is malformed or an external reference points outside its data.</exception>
    public static StreamedOnnxModel Open(string path)
    {
        ModelProto proto = OnnxModel.ReadFile(path);
        var loader = new ExternalDataLoader(path);
        try
        {
            foreach (TensorWalker.Found found in TensorWalker.All(proto))
            {
                if (TensorElements.IsExternal(found.Tensor))
                {
                    loader.Validate(found.Tensor);
                }
            }

            return new StreamedOnnxModel(proto, path, loader) { StoredBytes = new FileInfo(path).Length + loader.OpenedFileBytes };
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    /// <summary>The model file's size plus that of every distinct external data file it refers to: what a user stores.</summary>
    public long StoredBytes { get; private init; }

    /// <summary>The compressible layers in depth-first graph order, subgraphs included.</summary>
    /// <exception cref="NotSupportedException">Two different weight tensors share a name.</exception>
    public IReadOnlyList<WeightLayer> FindLayers() => LayerDiscovery.Find(Proto, Name);

    /// <summary>
    /// The layer's weights (also after <see cref="Detach"/>), read from its external data file when it has one, else
    /// from the model.
    /// </summary>
    public float[] ReadWeights(WeightLayer layer)
    {
        TensorProto source = _detached.GetValueOrDefault(layer.Tensor, layer.Tensor);
        if (TensorElements.IsExternal(source))
        {
            var weights = new float[layer.ElementCount];
            _loader.ReadFloats(source, weights);
            return weights;
        }

        return ReferenceEquals(source, layer.Tensor)
            ? layer.ReadWeights()
            : new WeightLayer(Name, layer.Name, layer.Class, layer.OpType, source, layer.Location, layer.Shape).ReadWeights();
    }

    /// <summary>Whether the layer's weights (also after <see cref="Detach"/>) are in an external data file.</summary>
    public bool IsExternal(WeightLayer layer) => TensorElements.IsExternal(_detached.GetValueOrDefault(layer.Tensor, layer.Tensor));

    /// <summary>
    /// Reads the weights from <paramref name="firstElement"/> on of an external layer (see <see cref="IsExternal"/>)
    /// into <paramref name="values"/>: a layer read block by block never needs its own array. Callable from several
    /// threads at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer is not in external data.</exception>
    public void ReadWeights(WeightLayer layer, long firstElement, Span<float> values)
    {
        TensorProto source = _detached.GetValueOrDefault(layer.Tensor, layer.Tensor);
        if (!TensorElements.IsExternal(source))
        {
            throw new InvalidOperationException($"{Name}: layer '{layer.Name}' is not in external data; read it whole");
        }

        _loader.ReadFloats(source, firstElement, values);
    }

    /// <summary>Reads the data of <paramref name="tensor"/> into the model if it is external (no-op otherwise).</summary>
    public void Inline(TensorProto tensor)
    {
        if (TensorElements.IsExternal(tensor))
        {
            _loader.Inline(tensor);
        }
    }

    /// <summary>
    /// Removes the layer's data and external reference from the model but keeps name, dims and data type, exactly as
    /// <see cref="WeightLayer.ClearWeights"/> leaves a loaded layer: its weights travel elsewhere and
    /// <see cref="ReadWeights"/> still finds them.
    /// </summary>
    public void Detach(WeightLayer layer)
    {
        _detached.TryAdd(layer.Tensor, layer.Tensor.Clone());
        layer.ClearWeights();
        layer.Tensor.ExternalData.Clear();
        layer.Tensor.ClearDataLocation();
    }

    /// <summary>
    /// The model with every remaining external tensor read inline (those not detached): self-contained, as
    /// <see cref="OnnxModel.Load"/> would have made it. It shares the protobuf message; detached layers stay readable.
    /// </summary>
    public OnnxModel ToSelfContained()
    {
        foreach (TensorWalker.Found found in TensorWalker.All(Proto))
        {
            Inline(found.Tensor);
        }

        return OnnxModel.FromProto(Proto, Name);
    }

    public void Dispose() => _loader.Dispose();
}
