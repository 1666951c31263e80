namespace DeepCompress.Core.Quantization;

/// <summary>Binary searches on ascending float spans, compared in double so that a double limit is exact.</summary>
internal static class SortedSearch
{
    /// <summary>The number of leading values strictly below <paramref name="limit"/>.</summary>
    public static int CountBelow(ReadOnlySpan<float> sorted, double limit)
    {
        var low = 0;
        var high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) >> 1);
            if (sorted[middle] < limit)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The number of leading values at most <paramref name="limit"/>.</summary>
    public static int CountAtMost(ReadOnlySpan<float> sorted, double limit)
    {
        var low = 0;
        var high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) >> 1);
            if (sorted[middle] <= limit)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
