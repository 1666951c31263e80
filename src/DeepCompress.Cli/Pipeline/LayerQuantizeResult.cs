using DeepCompress.Core;

namespace DeepCompress.Cli.Pipeline;

/// <summary>What weight sharing did to one layer.</summary>
public sealed record LayerQuantizeResult(
    string Name,
    LayerClass Class,
    int Weights,
    int NonZero,
    int? Bits,
    int DistinctBefore,
    int Clusters,
    double Sse,
    int Iterations,
    string Rule);
