namespace DeepCompress.Core.Coding;

/// <summary>Symbol histograms and the order-0 entropy bound a Huffman stream is measured against.</summary>
public static class SymbolStatistics
{
    /// <summary>Histogram of <paramref name="symbols"/> over an alphabet of <paramref name="alphabetSize"/> symbols.</summary>
    public static long[] Histogram(ReadOnlySpan<ushort> symbols, int alphabetSize)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alphabetSize, CodingConstants.MaxAlphabetSize);
        var counts = new long[alphabetSize];
        foreach (var s in symbols)
        {
            if (s >= alphabetSize)
            {
                throw new ArgumentOutOfRangeException(nameof(symbols), $"symbol {s} outside the alphabet of {alphabetSize}");
            }

            counts[s]++;
        }

        return counts;
    }

    /// <summary>Order-0 entropy bound in bits: the sum over symbols of -count * log2(count / total).</summary>
    public static double EntropyBits(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var bits = 0.0;
        foreach (var c in counts)
        {
            if (c > 0)
            {
                bits -= c * Math.Log2((double)c / total);
            }
        }

        return bits;
    }
}
