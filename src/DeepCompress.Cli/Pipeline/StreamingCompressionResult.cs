namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// What <see cref="StreamingCompression.Run"/> did: per-layer pruning, the layers quantized and encoded, the bytes
/// read (the model file and its external data files) and written, and when each step ran.
/// </summary>
public sealed record StreamingCompressionResult(
    IReadOnlyList<LayerPruneResult> Pruned, int CompressedLayers, long InputBytes, long OutputBytes, CompressionTimeline Timeline);

