namespace DeepCompress.Cli.Pipeline;

/// <summary>What <see cref="StreamingCompression.Run"/> did: per-layer pruning, the layers quantized and encoded, the bytes written.</summary>
public sealed record StreamingCompressionResult(IReadOnlyList<LayerPruneResult> Pruned, int CompressedLayers, long OutputBytes);

