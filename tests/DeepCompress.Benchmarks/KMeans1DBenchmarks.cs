using BenchmarkDotNet.Attributes;
using DeepCompress.Core.Quantization;

namespace DeepCompress.Benchmarks;

/// <summary>
/// <see cref="KMeans1D.Fit"/> (one O(n) sort, O(k log n) per iteration, O(n) final codes) against the textbook
/// O(n·k) Lloyd from the same linear initial centroids, for the same fixed number of iterations. The baseline gets
/// its initial centroids precomputed in setup, so its time excludes the sort that the fast path pays inside Fit.
/// Each case prints the SSE it reached in cleanup ("// SSE ..." in the log), to show both do the same work.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class KMeans1DBenchmarks
{
    private const int WeightCount = 10_000_000;
    private const int Iterations = 5;
    private const int Seed = 2016;

    private float[] _weights = [];
    private float[] _linearStart = [];
    private (string Method, KMeansResult Result)? _last;

    [Params(32, 256)]
    public int ClusterCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _weights = PrunedLayerWeights(WeightCount, Seed);
        _linearStart = KMeans1D.InitialCentroids(_weights, ClusterCount, CentroidInit.Linear, Seed);
    }

    [Benchmark(Baseline = true)]
    public KMeansResult NaiveLloyd()
    {
        var result = NaiveKMeans1D.Fit(_weights, _linearStart, Iterations, tolerance: 0);
        _last = (nameof(NaiveLloyd), result);
        return result;
    }

    [Benchmark]
    public KMeansResult SortedPrefixLloyd()
    {
        var result = KMeans1D.Fit(_weights, ClusterCount, CentroidInit.Linear, Seed, Iterations);
        _last = (nameof(SortedPrefixLloyd), result);
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_last is var (method, result))
        {
            Console.WriteLine($"// SSE {method} k={ClusterCount}: {result.Sse:R} after {result.Iterations} iterations, {result.Centroids.Length} centroids");
        }
    }

    // Two Gaussians (a third of the weights around -0.08, the rest around 0.05) with |w| < 0.02 cut out, as a
    // conv layer looks after magnitude pruning; Box-Muller's two outputs per pair of uniforms are both used.
    private static float[] PrunedLayerWeights(int count, int seed)
    {
        var random = new Random(seed);
        var weights = new float[count];
        var filled = 0;
        while (filled < count)
        {
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            foreach (var standard in (ReadOnlySpan<double>)[radius * Math.Cos(angle), radius * Math.Sin(angle)])
            {
                var w = random.Next(3) == 0 ? (float)(-0.08 + (0.03 * standard)) : (float)(0.05 + (0.04 * standard));
                if (Math.Abs(w) >= 0.02f && filled < count)
                {
                    weights[filled++] = w;
                }
            }
        }

        return weights;
    }
}
