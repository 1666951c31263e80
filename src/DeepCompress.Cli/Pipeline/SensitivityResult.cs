namespace DeepCompress.Cli.Pipeline;

/// <summary>The outcome of a sensitivity scan: the dense model's error and, per layer, its error at each sparsity.</summary>
public sealed record SensitivityResult(EvalResult Dense, IReadOnlyList<double> Sparsities, IReadOnlyList<LayerSensitivity> Layers)
{
    /// <summary>
    /// The largest tested sparsity whose top-1 error exceeds the dense model's by at most
    /// <paramref name="maxIncrease"/> (a fraction: 0.005 is half a percentage point), or 0 when none does.
    /// Errors are compared as counts of misclassified images, so the choice is exact and the same on every machine.
    /// </summary>
    public double ProposedSparsity(LayerSensitivity layer, double maxIncrease)
    {
        ArgumentNullException.ThrowIfNull(layer);
        // The tolerance in images, rounded down: an increase of exactly X points is accepted, never one image more.
        var allowed = Dense.Top1Errors + (long)Math.Floor((maxIncrease * Dense.Images) + 1e-9);
        var best = 0.0;
        for (var i = 0; i < Sparsities.Count; i++)
        {
            if (layer.Results[i].Top1Errors <= allowed && Sparsities[i] > best)
            {
                best = Sparsities[i];
            }
        }

        return best;
    }
}
