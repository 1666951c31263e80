namespace DeepCompress.Cli.Pipeline;

/// <summary>What <see cref="StreamingCompression.Run"/> did: per-layer pruning and quantization, and the bytes written.</summary>
public sealed record StreamingCompressionResult(
    IReadOnlyList<LayerPruneResult> Pruned, IReadOnlyList<LayerQuantizeResult> Quantized, long OutputBytes);

