namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// Read bandwidth of main memory, measured in the run: a 256 MiB buffer (far beyond any cache) scanned with the
/// runtime's vectorised <c>IndexOfAnyExcept</c> (AVX-512/AVX2/SSE as the machine has), split evenly between
/// threads; the best of several passes. This is what a dense layer streaming its weights once per call can hope for.
/// </summary>
public static class MemoryBandwidth
{
    public const int BufferBytes = 256 << 20;
    public const int Passes = 5;
    private const byte Fill = 0x5A;

    /// <summary>Bytes per second for each thread count, from one buffer written first so that its pages are real.</summary>
    public static IReadOnlyDictionary<int, double> Measure(IReadOnlyList<int> threadCounts)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(BufferBytes);
        buffer.AsSpan().Fill(Fill);
        return threadCounts.Distinct().ToDictionary(t => t, t => Best(buffer, t));
    }

    private static double Best(byte[] buffer, int threads)
    {
        var chunk = buffer.Length / threads;
        var best = 0.0;
        for (var pass = 0; pass < Passes; pass++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var found = 0;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var length = t == threads - 1 ? buffer.Length - (t * chunk) : chunk;
                if (buffer.AsSpan(t * chunk, length).IndexOfAnyExcept(Fill) >= 0)
                {
                    Interlocked.Increment(ref found);
                }
            });
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (found != 0)
            {
                throw new InvalidOperationException("the bandwidth buffer changed while it was scanned");
            }

            best = Math.Max(best, buffer.Length / seconds);
        }

        return best;
    }
}
