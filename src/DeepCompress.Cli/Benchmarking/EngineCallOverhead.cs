using DeepCompress.Runtime;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// Our engine's fixed cost per <c>Run</c>, measured on the same do-nothing model as <see cref="OrtCallOverhead"/>,
/// so that a small model's latency can be split into call cost and kernel time for both engines.
/// </summary>
public static class EngineCallOverhead
{
    public static LatencyStats Measure(int threads, TimeSpan budget)
    {
        using var session = InferenceSession.Create(OrtCallOverhead.IdentityModel(), null, new SessionOptions { Threads = threads });
        var inputs = new Dictionary<string, Tensor> { [session.InputNames[0]] = Tensor.FromFloat([1f], 1) };
        return LatencyTimer.Measure(() => session.Run(inputs), budget, batch: 1);
    }
}
