using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Quantization;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Per-layer 1-D k-means weight sharing over the nonzero weights; zeros stay exactly zero.</summary>
public static class ModelQuantization
{
    public static IReadOnlyList<LayerQuantizeResult> Apply(IReadOnlyList<WeightLayer> layers, QuantizeSettings settings, IProgressReporter? progress = null)
    {
        Validate(layers, settings);
        progress ??= SilentProgress.Instance;
        var finished = 0;
        var results = new LayerQuantizeResult[layers.Count];
        var weights = new float[layers.Count][];

        // Reading and writing touch the shared protobuf model, so they stay on this thread; the k-means of each
        // layer is independent of the others, so the result does not depend on the thread count.
        for (var i = 0; i < layers.Count; i++)
        {
            weights[i] = layers[i].ReadWeights();
        }

        Parallel.For(0, layers.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, i =>
        {
            results[i] = QuantizeLayer(layers[i], weights[i], settings);
            progress.Report("quantize", Interlocked.Increment(ref finished), layers.Count, layers[i].Name);
        });

        for (var i = 0; i < layers.Count; i++)
        {
            if (results[i].Bits is not null)
            {
                layers[i].WriteWeights(weights[i]);
            }
        }

        progress.Clear();
        return results;
    }

    /// <summary>Rejects --layer names the model does not have.</summary>
    public static void Validate(IReadOnlyList<WeightLayer> layers, QuantizeSettings settings) =>
        LayerNames.RequireKnown(layers, settings.LayerBits.Select(o => o.Name));

    /// <summary>Replaces each nonzero weight by its cluster's centroid, in place (unless the layer is below --min-size).</summary>
    public static LayerQuantizeResult QuantizeLayer(WeightLayer layer, float[] weights, QuantizeSettings settings)
    {
        var nonZero = NonZeroWeights.Extract(weights);
        var result = QuantizeValues(layer, nonZero.Values, settings);
        nonZero.ScatterInto(weights);
        return result;
    }

    /// <summary>
    /// Replaces each of the layer's nonzero weights <paramref name="values"/> by its cluster's centroid, in place
    /// (unless the layer is below --min-size).
    /// </summary>
    public static LayerQuantizeResult QuantizeValues(WeightLayer layer, float[] values, QuantizeSettings settings)
    {
        var distinct = CountDistinct(values);
        if (settings.BitsFor(layer) is not { } bits)
        {
            return new LayerQuantizeResult(layer.Name, layer.Class, layer.ElementCount, values.Length, null, distinct, distinct, 0, 0, $"kept (< --min-size {settings.MinSize})");
        }

        if (values.Length == 0)
        {
            return new LayerQuantizeResult(layer.Name, layer.Class, layer.ElementCount, 0, bits, 0, 0, 0, 0, "all zero");
        }

        var result = ShareValues(values, bits, settings);
        var rule = settings.LayerBits.Any(o => o.Name == layer.Name) ? $"--layer {bits} bits" : $"{bits} bits";
        return new LayerQuantizeResult(layer.Name, layer.Class, layer.ElementCount, values.Length, bits, distinct, result.Centroids.Length, result.Sse, result.Iterations, rule);
    }

    /// <summary>
    /// k-means over a layer's nonzero <paramref name="values"/> (at least one), each replaced in place by its
    /// cluster's centroid: the part of <see cref="QuantizeValues"/> that changes the weights.
    /// </summary>
    public static KMeansResult ShareValues(float[] values, int bits, QuantizeSettings settings)
    {
        var result = Cluster(values, bits, settings);
        for (var j = 0; j < values.Length; j++)
        {
            values[j] = result.Centroids[result.Assignments[j]];
        }

        return result;
    }

    /// <summary>The k-means of <see cref="ShareValues"/> without writing the centroids back into the values.</summary>
    public static KMeansResult Cluster(ReadOnlySpan<float> values, int bits, QuantizeSettings settings) =>
        KMeans1D.Fit(values, 1 << bits, settings.Init, settings.Seed, settings.MaxIterations, threads: settings.Threads);

    internal static int CountDistinct(ReadOnlySpan<float> values)
    {
        var set = new HashSet<int>();
        foreach (var v in values)
        {
            if (v != 0f)
            {
                set.Add(BitConverter.SingleToInt32Bits(v));
            }
        }

        return set.Count;
    }
}
