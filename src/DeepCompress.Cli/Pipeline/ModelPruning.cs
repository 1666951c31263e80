using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Pruning;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Applies <see cref="PruneSettings"/> to the layers of a model, in place.</summary>
public static class ModelPruning
{
    public static IReadOnlyList<LayerPruneResult> Apply(IReadOnlyList<WeightLayer> layers, PruneSettings settings)
    {
        settings.Validate();
        LayerNames.RequireKnown(layers, settings.LayerSparsity.Select(o => o.Name));
        var overrides = settings.LayerSparsity.ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal);
        var results = new LayerPruneResult[layers.Count];
        var globalMembers = new List<(int Index, float[] Weights, int Before)>();

        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var weights = layer.ReadWeights();
            var before = CountNonZero(weights);
            string rule;
            if (overrides.TryGetValue(layer.Name, out var layerSparsity))
            {
                MagnitudePruner.PruneSmallest(weights, MagnitudePruner.CountForSparsity(weights.Length, layerSparsity));
                rule = $"--layer sparsity {Format(layerSparsity)}";
            }
            else if (layer.ElementCount < settings.MinSize)
            {
                results[i] = new LayerPruneResult(layer.Name, layer.Class, weights.Length, before, before, $"kept dense (< --min-size {settings.MinSize})");
                continue;
            }
            else if (settings.Scope == PruneScope.Global)
            {
                globalMembers.Add((i, weights, before));
                continue;
            }
            else if (settings.StdQuality?.For(layer.Class) is { } quality)
            {
                MagnitudePruner.PruneByStd(weights, quality);
                rule = $"std quality {Format(quality)}";
            }
            else if (settings.Sparsity?.For(layer.Class) is { } sparsity)
            {
                MagnitudePruner.PruneSmallest(weights, MagnitudePruner.CountForSparsity(weights.Length, sparsity));
                rule = $"sparsity {Format(sparsity)}";
            }
            else
            {
                results[i] = new LayerPruneResult(layer.Name, layer.Class, weights.Length, before, before, "no rule for this class");
                continue;
            }

            layer.WriteWeights(weights);
            results[i] = new LayerPruneResult(layer.Name, layer.Class, weights.Length, before, CountNonZero(weights), rule);
        }

        if (globalMembers.Count > 0)
        {
            var sparsity = settings.Sparsity!.All!.Value;
            MagnitudePruner.PruneGlobal(globalMembers.Select(m => (Memory<float>)m.Weights).ToList(), sparsity);
            foreach (var (index, weights, before) in globalMembers)
            {
                var layer = layers[index];
                layer.WriteWeights(weights);
                results[index] = new LayerPruneResult(layer.Name, layer.Class, weights.Length, before, CountNonZero(weights), $"global sparsity {Format(sparsity)}");
            }
        }

        return results;
    }

    internal static int CountNonZero(ReadOnlySpan<float> weights)
    {
        var count = 0;
        foreach (var w in weights)
        {
            if (w != 0f)
            {
                count++;
            }
        }

        return count;
    }

    private static string Format(double value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
