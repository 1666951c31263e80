using DeepCompress.Format;

namespace DeepCompress.Cli.Pipeline;

/// <summary>A layer of a streamed `compress` ready to append: its container layer, its encoded positions, its pruning.</summary>
internal sealed record PreparedLayer(DczLayer Layer, EncodedPositions Positions, LayerPruneResult? Pruned);
