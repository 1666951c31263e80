namespace DeepCompress.Cli.Pipeline;

/// <summary>Whether each layer gets its own magnitude threshold, or all layers share one.</summary>
public enum PruneScope
{
    Layer,
    Global,
}
