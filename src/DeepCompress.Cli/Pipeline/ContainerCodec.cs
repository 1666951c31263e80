using System.Runtime.CompilerServices;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core;
using DeepCompress.Core.IO;
using DeepCompress.Core.Quantization;
using DeepCompress.Format;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Turns an ONNX model into a .dcz container and back. The graph travels without the layers' weights.</summary>
public static class ContainerCodec
{
    public const string SourceSizeKey = "source.size";
    public const string ProducerKey = "producer";

    /// <summary>
    /// Above this many bytes of decoded layer weights, decode streams them to external data: the model is not built
    /// in memory (a dense copy of every layer, then its serialization), and past 2 GiB it could not be inline anyway.
    /// </summary>
    public const long ExternalDataThresholdBytes = 256L << 20;

    /// <summary>
    /// Builds the container from a model whose layers each hold at most 2^bits distinct nonzero values; a layer
    /// for which <paramref name="bitsFor"/> returns null stays in the graph as a raw tensor. Clears the compressed
    /// layers' weights in <paramref name="model"/> (their data moves into the container).
    /// </summary>
    public static DczModel Encode(
        OnnxModel model, IReadOnlyList<WeightLayer> layers, Func<WeightLayer, int?> bitsFor, long sourceSize, string sourceDisplayName, IProgressReporter? progress = null)
    {
        var dczLayers = new List<DczLayer>(layers.Count);
        var compressed = layers.Where(l => bitsFor(l) is not null).ToList();
        foreach (var layer in compressed)
        {
            dczLayers.Add(EncodeLayer(layer, layer.ReadWeights(), bitsFor(layer)!.Value, sourceDisplayName));
            progress?.Report("encode", dczLayers.Count, compressed.Count, layer.Name);
        }

        foreach (var layer in compressed)
        {
            layer.ClearWeights();
        }

        progress?.Clear();
        return new DczModel(model.ToBytes(), dczLayers, Metadata(sourceSize));
    }

    /// <summary>
    /// One layer's weights as a container layer; they must hold at most 2^<paramref name="bits"/> distinct nonzero
    /// values (else the message points to `quantize`).
    /// </summary>
    public static DczLayer EncodeLayer(WeightLayer layer, float[] weights, int bits, string sourceDisplayName)
    {
        var limit = 1 << bits;
        var distinct = ModelQuantization.CountDistinct(weights);
        if (distinct > limit)
        {
            throw new InvalidDataException(
                $"{sourceDisplayName}: layer '{layer.Name}' has {distinct} distinct nonzero values, more than 2^{bits} = {limit} for a {Formatting.Class(layer.Class)} layer: " +
                "run `dcompress quantize` first (or raise --bits / --layer-bits)");
        }

        return new DczLayer(layer.Name, layer.Class, SparseQuantizedTensor.FromDense(layer.Shape, weights, limit));
    }

    /// <summary>
    /// A layer whose nonzero weights were just weight-shared (so they hold at most 2^<paramref name="bits"/> values),
    /// without its dense form: the codebook and codes come from the nonzeros alone, in the order
    /// <see cref="SparseQuantizedTensor.FromDense"/> gives the dense layer (the same values at the same ascending
    /// positions), so the layer is the one <see cref="EncodeLayer"/> would build.
    /// </summary>
    public static DczLayer EncodeSharedLayer(WeightLayer layer, NonZeroWeights nonZero, int bits)
    {
        var shared = SparseQuantizedTensor.FromDense([nonZero.Values.Length], nonZero.Values, 1 << bits);
        if (shared.NonZeroCount != nonZero.Index.Length)
        {
            throw new InvalidOperationException($"layer '{layer.Name}': a shared value is zero ({shared.NonZeroCount} of {nonZero.Index.Length} nonzero)");
        }

        return new DczLayer(layer.Name, layer.Class, new SparseQuantizedTensor(layer.Shape, shared.Codebook, nonZero.Index, shared.Codes));
    }

    /// <summary>
    /// A layer whose nonzeros at <paramref name="positions"/> were clustered into <paramref name="clusters"/>, built
    /// from the assignments instead of the shared values: the layer <see cref="EncodeSharedLayer"/> builds after
    /// <see cref="ModelQuantization.ShareValues"/>. Its codebook is the distinct shared values in total order; the
    /// centroids are already strictly ascending and nonzero, so that is the centroids some value is assigned to, and
    /// a code is the rank of its centroid among those.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DczLayer EncodeClusteredLayer(WeightLayer layer, int[] positions, KMeansResult clusters)
    {
        var used = new bool[clusters.Centroids.Length];
        foreach (var assignment in clusters.Assignments)
        {
            used[assignment] = true;
        }

        var rank = new ushort[used.Length];
        var codebook = new List<float>(used.Length);
        for (var c = 0; c < used.Length; c++)
        {
            rank[c] = (ushort)codebook.Count;
            if (used[c])
            {
                codebook.Add(clusters.Centroids[c]);
            }
        }

        var codes = clusters.Assignments;
        if (codebook.Count < used.Length)
        {
            codes = LargeArrays.Zeroed<ushort>(codes.Length);
            for (var j = 0; j < codes.Length; j++)
            {
                codes[j] = rank[clusters.Assignments[j]];
            }
        }

        return new DczLayer(layer.Name, layer.Class, new SparseQuantizedTensor(layer.Shape, [.. codebook], positions, codes));
    }

    /// <summary>The container's metadata: the source's size and the producing version.</summary>
    public static SortedDictionary<string, string> Metadata(long sourceSize) => new(StringComparer.Ordinal)
    {
        [SourceSizeKey] = sourceSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [ProducerKey] = "dcompress " + Version,
    };

    /// <summary>Rebuilds the ONNX model: the graph with every layer's weights restored bit for bit.</summary>
    public static OnnxModel Decode(DczModel container, string displayName)
    {
        var (model, matched) = MatchLayers(container, displayName);
        foreach (var (dczLayer, layer) in matched)
        {
            layer.WriteWeights(dczLayer.Weights.ToDense());
        }

        return model;
    }

    /// <summary>
    /// Decodes straight to <paramref name="outputPath"/> with every compressed layer's weights in the external data
    /// file beside it, expanded one block at a time while it is written: memory holds the container, never a dense
    /// layer. The weights are bit for bit those of <see cref="Decode"/>.
    /// </summary>
    public static void DecodeToExternalData(DczModel container, string displayName, string outputPath, IProgressReporter progress)
    {
        var (model, matched) = MatchLayers(container, displayName);
        var written = 0;
        var payloads = matched.Select(pair => new TensorPayload(pair.Layer.Tensor, (long)pair.Layer.ElementCount * sizeof(float), stream =>
        {
            DenseWriter.Write(stream, pair.Container.Weights);
            progress.Report("decode", ++written, matched.Count, pair.Layer.Name);
        })).ToList();
        model.Save(outputPath, payloads);
        progress.Clear();
    }

    /// <summary>The dense bytes the container's layers decode to.</summary>
    public static long DecodedLayerBytes(DczModel container) => container.Layers.Sum(l => (long)l.Weights.ElementCount * sizeof(float));

    private static (OnnxModel Model, List<(DczLayer Container, WeightLayer Layer)> Matched) MatchLayers(DczModel container, string displayName)
    {
        var model = OnnxModel.FromBytes(container.Graph, displayName);
        var layers = model.FindLayers().ToDictionary(l => l.Name, StringComparer.Ordinal);
        var matched = new List<(DczLayer, WeightLayer)>(container.Layers.Count);
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

            matched.Add((dczLayer, layer));
        }

        return (model, matched);
    }

    public static string Version => typeof(ContainerCodec).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
