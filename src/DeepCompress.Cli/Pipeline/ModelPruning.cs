using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Pruning;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Applies <see cref="PruneSettings"/> to the layers of a model, in place.</summary>
public static class ModelPruning
{
    public static IReadOnlyList<LayerPruneResult> Apply(IReadOnlyList<WeightLayer> layers, PruneSettings settings, IProgressReporter? progress = null)
    {
        Validate(layers, settings);
        progress ??= SilentProgress.Instance;
        var results = new LayerPruneResult[layers.Count];
        var globalMembers = new List<(int Index, float[] Weights, int Before)>();

        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var weights = layer.ReadWeights();
            if (IsGlobalMember(layer, settings))
            {
                globalMembers.Add((i, weights, MagnitudePruner.CountNonZeros(weights)));
                continue;
            }

            results[i] = PruneLayer(layer, weights, settings, out var changed);
            if (changed)
            {
                layer.WriteWeights(weights);
            }

            progress.Report("prune", i + 1, layers.Count, layer.Name);
        }

        if (globalMembers.Count > 0)
        {
            var sparsity = settings.Sparsity!.All!.Value;
            MagnitudePruner.PruneGlobal(globalMembers.Select(m => (Memory<float>)m.Weights).ToList(), sparsity);
            foreach (var (index, weights, before) in globalMembers)
            {
                var layer = layers[index];
                layer.WriteWeights(weights);
                results[index] = new LayerPruneResult(layer.Name, layer.Class, weights.Length, before, MagnitudePruner.CountNonZeros(weights), $"global sparsity {LayerPruneRule.Format(sparsity)}");
            }
        }

        progress.Clear();
        return results;
    }

    /// <summary>Rejects contradictory settings and --layer names the model does not have.</summary>
    public static void Validate(IReadOnlyList<WeightLayer> layers, PruneSettings settings)
    {
        settings.Validate();
        LayerNames.RequireKnown(layers, settings.LayerSparsity.Select(o => o.Name));
    }

    /// <summary>Whether the layer takes part in the one threshold of --scope global (it then has no rule of its own).</summary>
    public static bool IsGlobalMember(WeightLayer layer, PruneSettings settings) =>
        settings.Scope == PruneScope.Global && !HasOverride(layer, settings) && layer.ElementCount >= settings.MinSize;

    /// <summary>
    /// Prunes one layer's weights in place by its own rule (a layer of --scope global has none: see
    /// <see cref="IsGlobalMember"/>); <paramref name="changed"/> tells whether a rule applied.
    /// </summary>
    public static LayerPruneResult PruneLayer(WeightLayer layer, Span<float> weights, PruneSettings settings, out bool changed)
    {
        var before = MagnitudePruner.CountNonZeros(weights);
        var rule = LayerPruneRule.For(layer, settings);
        changed = rule.Prunes;
        if (rule.Sparsity is { } sparsity)
        {
            MagnitudePruner.PruneSmallest(weights, MagnitudePruner.CountForSparsity(weights.Length, sparsity));
        }
        else if (rule.StdQuality is { } quality)
        {
            MagnitudePruner.PruneByStd(weights, quality);
        }
        else
        {
            return new LayerPruneResult(layer.Name, layer.Class, weights.Length, before, before, rule.Description);
        }

        return new LayerPruneResult(layer.Name, layer.Class, weights.Length, before, MagnitudePruner.CountNonZeros(weights), rule.Description);
    }

    private static bool HasOverride(WeightLayer layer, PruneSettings settings) => settings.LayerSparsity.Any(o => o.Name == layer.Name);
}
