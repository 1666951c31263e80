namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// Splits output rows into contiguous ranges run on up to <c>threads</c> workers. A row is always computed whole
/// by one worker with the same instruction sequence, so results do not depend on the thread count.
/// </summary>
internal static class ParallelRows
{
    // Below this many multiply-adds a range is not worth a thread hop.
    private const long MinimumWorkPerRange = 1 << 15;

    public static void Run(int rows, int threads, long workPerRow, Action<int, int> body)
    {
        if (rows <= 0)
        {
            return;
        }

        var byWork = (int)Math.Clamp(rows * Math.Max(workPerRow, 1) / MinimumWorkPerRange, 1, int.MaxValue);
        // Four ranges per worker evens out rows of unequal cost (sparse rows vary in length).
        var ranges = Math.Min(Math.Min(rows, byWork), threads <= 1 ? 1 : threads * 4);
        if (ranges <= 1)
        {
            body(0, rows);
            return;
        }

        Parallel.For(
            0,
            ranges,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            range => body((int)((long)rows * range / ranges), (int)((long)rows * (range + 1) / ranges)));
    }
}
