using System.Diagnostics;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// Times one call repeatedly with <see cref="Stopwatch"/>: a warm-up (JIT tiers, caches, ORT's arena), then
/// calls until the time budget is spent, each timed on its own so that medians and percentiles are per call.
/// </summary>
public static class LatencyTimer
{
    /// <summary>Fewest timed calls, even when one call outlasts the budget: a median of fewer says little.</summary>
    public const int MinCalls = 5;

    /// <summary>Fewest warm-up calls; the warm-up also runs for at least a tenth of the budget.</summary>
    public const int MinWarmupCalls = 3;

    private const double WarmupShare = 0.1;

    public static LatencyStats Measure(Action call, TimeSpan budget, int batch)
    {
        ArgumentNullException.ThrowIfNull(call);
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < MinWarmupCalls || warmup.Elapsed < budget * WarmupShare; i++)
        {
            call();
        }

        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < MinCalls || total.Elapsed < budget)
        {
            var start = Stopwatch.GetTimestamp();
            call();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        return new LatencyStats(Percentile(samples, 0.5), Percentile(samples, 0.9), samples[0], samples.Count, batch);
    }

    /// <summary>Nearest-rank percentile of sorted samples, the median of an even count being the mean of the middle two.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(sorted));
        }

        if (fraction == 0.5)
        {
            var mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
