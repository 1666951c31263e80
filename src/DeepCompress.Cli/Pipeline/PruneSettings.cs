using DeepCompress.Cli.Infrastructure;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Everything `prune` (and `compress`) takes to decide how much of each layer to remove.</summary>
public sealed record PruneSettings(
    ClassValueSpec<double>? Sparsity,
    ClassValueSpec<double>? StdQuality,
    IReadOnlyList<LayerOverride<double>> LayerSparsity,
    PruneScope Scope,
    int MinSize)
{
    public bool PrunesAnything => Sparsity is not null || StdQuality is not null || LayerSparsity.Count > 0;

    /// <summary>Rejects combinations that have no single meaning.</summary>
    public void Validate()
    {
        if (Sparsity is not null && StdQuality is not null)
        {
            throw new UsageException("--sparsity and --std-quality exclude each other: choose one rule");
        }

        if (Scope == PruneScope.Global)
        {
            if (Sparsity is null || Sparsity.All is null || Sparsity.Conv is not null || Sparsity.Fc is not null)
            {
                throw new UsageException("--scope global needs one --sparsity value for all layers (e.g. --sparsity 0.9)");
            }
        }
    }
}
