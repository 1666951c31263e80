using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// What <see cref="PruneSettings"/> ask of one layer that has a rule of its own (not --scope global): an exact
/// sparsity, Han's std rule, or nothing; <see cref="Description"/> is the rule as the prune report names it.
/// </summary>
public sealed record LayerPruneRule(double? Sparsity, double? StdQuality, string Description)
{
    /// <summary>Whether the rule changes the weights (a rule that keeps the layer dense does not).</summary>
    public bool Prunes => Sparsity is not null || StdQuality is not null;

    /// <summary>The layer's rule: its --layer override, else dense below --min-size, else its class's std or sparsity.</summary>
    public static LayerPruneRule For(WeightLayer layer, PruneSettings settings)
    {
        if (settings.LayerSparsity.FirstOrDefault(o => o.Name == layer.Name) is { } layerOverride)
        {
            return new LayerPruneRule(layerOverride.Value, null, $"--layer sparsity {Format(layerOverride.Value)}");
        }

        if (layer.ElementCount < settings.MinSize)
        {
            return new LayerPruneRule(null, null, $"kept dense (< --min-size {settings.MinSize})");
        }

        if (settings.StdQuality?.For(layer.Class) is { } quality)
        {
            return new LayerPruneRule(null, quality, $"std quality {Format(quality)}");
        }

        return settings.Sparsity?.For(layer.Class) is { } sparsity
            ? new LayerPruneRule(sparsity, null, $"sparsity {Format(sparsity)}")
            : new LayerPruneRule(null, null, "no rule for this class");
    }

    internal static string Format(double value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
