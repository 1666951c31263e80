using DeepCompress.Format;

namespace DeepCompress.Cli.Pipeline;

/// <summary>A layer of a streamed `compress` ready to append: its encoded section and its pruning.</summary>
internal sealed record PreparedLayer(EncodedLayer Layer, LayerPruneResult? Pruned);
