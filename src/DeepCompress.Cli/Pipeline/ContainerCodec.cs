using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core;
using DeepCompress.Format;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Turns an ONNX model into a .dcz container and back. The graph travels without the layers' weights.</summary>
public static class ContainerCodec
{
    public const string SourceSizeKey = "source.size";
    public const string ProducerKey = "producer";

    /// <summary>
    /// Builds the container from a model whose layers each hold at most 2^bits distinct nonzero values; a layer
    /// for which <paramref name="bitsFor"/> returns null stays in the graph as a raw tensor. Clears the compressed
    /// layers' weights in <paramref name="model"/> (their data moves into the container).
    /// </summary>
    public static DczModel Encode(OnnxModel model, IReadOnlyList<WeightLayer> layers, Func<WeightLayer, int?> bitsFor, long sourceSize, string sourceDisplayName)
    {
        var dczLayers = new List<DczLayer>(layers.Count);
        var compressed = new List<WeightLayer>(layers.Count);
        foreach (var layer in layers)
        {
            if (bitsFor(layer) is not { } bits)
            {
                continue;
            }

            var weights = layer.ReadWeights();
            var limit = 1 << bits;
            var distinct = ModelQuantization.CountDistinct(weights);
            if (distinct > limit)
            {
                throw new InvalidDataException(
                    $"{sourceDisplayName}: layer '{layer.Name}' has {distinct} distinct nonzero values, more than 2^{bits} = {limit} for a {Formatting.Class(layer.Class)} layer: " +
                    "run `dcompress quantize` first (or raise --bits / --layer-bits)");
            }

            var tensor = SparseQuantizedTensor.FromDense(layer.Shape, weights, limit);
            dczLayers.Add(new DczLayer(layer.Name, layer.Class, tensor));
            compressed.Add(layer);
        }

        foreach (var layer in compressed)
        {
            layer.ClearWeights();
        }

        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [SourceSizeKey] = sourceSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ProducerKey] = "dcompress " + Version,
        };
        return new DczModel(model.ToBytes(), dczLayers, metadata);
    }

    /// <summary>Rebuilds the ONNX model: the graph with every layer's weights restored bit for bit.</summary>
    public static OnnxModel Decode(DczModel container, string displayName)
    {
        var model = OnnxModel.FromBytes(container.Graph, displayName);
        var layers = model.FindLayers().ToDictionary(l => l.Name, StringComparer.Ordinal);
        foreach (var dczLayer in container.Layers)
        {
            if (!layers.TryGetValue(dczLayer.Name, out var layer))
            {
                throw new InvalidDataException($"{displayName}: layer '{dczLayer.Name}' is not a weight of the stored graph");
            }

            if (!layer.Shape.SequenceEqual(dczLayer.Weights.Shape))
            {
                throw new InvalidDataException(
                    $"{displayName}: layer '{dczLayer.Name}' has shape {Formatting.Shape(dczLayer.Weights.Shape)} but the graph says {Formatting.Shape(layer.Shape)}");
            }

            layer.WriteWeights(dczLayer.Weights.ToDense());
        }

        return model;
    }

    public static string Version => typeof(ContainerCodec).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
