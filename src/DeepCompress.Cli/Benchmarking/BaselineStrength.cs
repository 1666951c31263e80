namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// Whether ONNX Runtime's dense baseline runs near memory speed on the largest FC layer: that layer's weight bytes
/// over the whole baseline model's batch-1 median latency (so a lower bound on the layer's own rate), against the
/// bandwidth measured in the same run at the same thread count. Below <see cref="WeakFraction"/> the baseline is weak
/// and a speedup over it overstates what sparsity buys.
/// </summary>
public sealed record BaselineStrength(string Layer, long WeightBytes, int Threads, int Batch, double EffectiveBytesPerSecond, double MeasuredBytesPerSecond)
{
    public const double WeakFraction = 0.7;

    public double Fraction => EffectiveBytesPerSecond / MeasuredBytesPerSecond;

    public bool IsWeak => Fraction < WeakFraction;
}
