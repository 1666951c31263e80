using System.Runtime.CompilerServices;
using DeepCompress.Core.IO;

namespace DeepCompress.Core.Quantization;

/// <summary>
/// Codes every value with the index of its nearest codebook entry, ties to the lower index. Only the two entries
/// that bracket a value are compared, by distances in double: a difference of two floats is exact in double unless
/// their scales are over 2^29 apart, so for any realistic layer this is the exactly nearest entry; only a near-tie
/// between wildly different scales can be decided by rounding. The nearest index never decreases as the value
/// grows, so a table over the top 16 bits of the order-preserving key (<see cref="FloatRadixSort.ToKey"/>)
/// brackets each value's code by the codes of its bucket's two ends; most buckets hold a single code, and the rest
/// need a search over a few entries only. Every value's code depends on that value alone, so a large layer is
/// coded in contiguous parts on several threads with the same result.
/// </summary>
internal static class NearestCentroid
{
    private const int BucketShift = 16;
    private const int BucketCount = 1 << (32 - BucketShift);

    // Below this many values per part another thread costs more than it saves.
    private const int MinValuesPerPart = 1 << 20;

    /// <summary>Codes for <paramref name="values"/> (finite) against a strictly ascending codebook (non-empty unless the values are).</summary>
    /// <param name="values">The values to code.</param>
    /// <param name="codebook">The strictly ascending codebook.</param>
    /// <param name="threads">The most threads to code a large layer on; the codes are the same for any count.</param>
    public static unsafe ushort[] Assign(ReadOnlySpan<float> values, ReadOnlySpan<float> codebook, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var codes = LargeArrays.Zeroed<ushort>(values.Length);
        if (codebook.Length == 1)
        {
            return codes;
        }

        // The table costs O(BucketCount log k) to build: below that many values a plain search per value is cheaper.
        if (values.Length < BucketCount)
        {
            for (var i = 0; i < values.Length; i++)
            {
                codes[i] = (ushort)Search(values[i], codebook, 0, codebook.Length - 1);
            }

            return codes;
        }

        var lowest = new ushort[BucketCount];
        var highest = new ushort[BucketCount];
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            var first = FloatRadixSort.FromKey((uint)bucket << BucketShift);
            var last = FloatRadixSort.FromKey(((uint)bucket << BucketShift) | ((1u << BucketShift) - 1));
            if (float.IsFinite(first) && float.IsFinite(last))
            {
                lowest[bucket] = (ushort)Search(first, codebook, 0, codebook.Length - 1);
                highest[bucket] = (ushort)Search(last, codebook, 0, codebook.Length - 1);
            }
            else
            {
                // Buckets reaching into infinity or NaN: no table shortcut, search the whole codebook.
                highest[bucket] = (ushort)(codebook.Length - 1);
            }
        }

        var parts = Math.Clamp(values.Length / MinValuesPerPart, 1, threads);
        if (parts == 1)
        {
            AssignRange(values, codebook, lowest, highest, codes);
            return codes;
        }

        // Spans cannot enter the parts' lambdas: the values are pinned and each part rebuilds its slice.
        var codebookCopy = codebook.ToArray();
        fixed (float* pinned = values)
        {
            var address = (nint)pinned;
            var length = values.Length;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                var start = (int)((long)length * part / parts);
                var end = (int)((long)length * (part + 1) / parts);
                var all = new ReadOnlySpan<float>((float*)address, length);
                AssignRange(all[start..end], codebookCopy, lowest, highest, codes.AsSpan(start, end - start));
            });
        }

        return codes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AssignRange(ReadOnlySpan<float> values, ReadOnlySpan<float> codebook, ushort[] lowest, ushort[] highest, Span<ushort> codes)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var bucket = (int)(FloatRadixSort.ToKey(values[i]) >> BucketShift);
            int low = lowest[bucket];
            int high = highest[bucket];
            codes[i] = (ushort)(low == high ? low : Search(values[i], codebook, low, high));
        }
    }

    /// <summary>
    /// The nearest entry to <paramref name="value"/> among codebook[low..high], which must contain the overall
    /// nearest: only the two entries around the value can be it.
    /// </summary>
    private static int Search(double value, ReadOnlySpan<float> codebook, int low, int high)
    {
        var above = low + SortedSearch.CountBelow(codebook[low..(high + 1)], value);
        if (above == low)
        {
            return low;
        }

        if (above > high)
        {
            return high;
        }

        return value - codebook[above - 1] <= codebook[above] - value ? above - 1 : above;
    }
}
