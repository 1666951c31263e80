namespace DeepCompress.Cli.Benchmarking;

/// <summary>Per-call latency of one benchmark case, in milliseconds, and the throughput its median implies.</summary>
/// <param name="Calls">Timed calls (warm-up excluded).</param>
public sealed record LatencyStats(double MedianMs, double P90Ms, double MinMs, int Calls, int Batch)
{
    /// <summary>Samples (batch entries) per second at the median latency.</summary>
    public double ThroughputPerSecond => MedianMs > 0 ? Batch * 1000.0 / MedianMs : double.PositiveInfinity;
}
