namespace DeepCompress.Cli.Benchmarking;

/// <summary>Everything one <c>dcompress bench</c> run measured.</summary>
/// <param name="BandwidthBytesPerSecond">Measured read bandwidth by thread count.</param>
/// <param name="OrtCallOverhead">ONNX Runtime's latency on a model that does no work, by thread count.</param>
/// <param name="EngineCallOverhead">Our engine's latency on the same model, by thread count.</param>
/// <param name="Baseline">Null when the baseline has no FC layer.</param>
public sealed record BenchReport(
    BenchSettings Settings,
    string Kernel,
    IReadOnlyDictionary<int, double> BandwidthBytesPerSecond,
    IReadOnlyDictionary<int, LatencyStats> OrtCallOverhead,
    IReadOnlyDictionary<int, LatencyStats> EngineCallOverhead,
    IReadOnlyList<BenchCase> Cases,
    BaselineStrength? Baseline)
{
    /// <summary>The worst difference over all cases.</summary>
    public OutputDifference Difference => Cases.Aggregate(OutputDifference.Zero, (d, c) => d.Max(c.Difference));
}
