using System.Runtime.CompilerServices;
using DeepCompress.Core.Coding;
using DeepCompress.Core.IO;

namespace DeepCompress.Format;

/// <summary>
/// Relative indices (Han et al. 2016, section 2). With width w, symbols 0..M-1 (M = 2^w - 1) are gaps: the number
/// of zeros skipped before the next stored weight; symbol M is padding: it skips M zeros and stores no weight.
/// A gap g becomes floor(g / M) paddings followed by the symbol g mod M.
/// </summary>
internal static class GapCoding
{
    /// <summary>
    /// The width (1..15) whose Huffman-coded gap stream plus count is smallest; ties go to the narrower.
    /// <paramref name="symbolCount"/> is the number of gap symbols at that width, what <see cref="Encode"/> needs.
    /// Throws <see cref="ArgumentException"/> for positions that are not strictly ascending from 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ChooseWidth(ReadOnlySpan<int> positions, out long symbolCount)
    {
        // One pass collects the gaps; each width's symbol histogram is then derived from the gap histogram instead
        // of dividing every gap again per width (15 passes with a division each dominated compressing fc6).
        var gapCounts = new long[1 << FormatConstants.MaxGapWidth];
        var longGaps = new List<int>();
        var previous = -1;
        for (var j = 0; j < positions.Length; j++)
        {
            var gap = positions[j] - previous - 1;
            if ((uint)gap < (uint)gapCounts.Length)
            {
                gapCounts[gap]++;
            }
            else if (gap < 0)
            {
                throw new ArgumentException($"position {positions[j]} at {j} is not above the previous {previous}", nameof(positions));
            }
            else
            {
                longGaps.Add(gap);
            }

            previous = positions[j];
        }

        var bestWidth = FormatConstants.MinGapWidth;
        var bestBytes = long.MaxValue;
        symbolCount = 0;
        for (var width = FormatConstants.MinGapWidth; width <= FormatConstants.MaxGapWidth; width++)
        {
            var counts = HistogramFromGaps(gapCounts, longGaps, width, out var symbols);
            var bytes = HuffmanBlock.MeasureEncodedBytes(counts) + Leb128.SizeOf((uint)Math.Min(symbols, uint.MaxValue));
            if (bytes < bestBytes)
            {
                bestBytes = bytes;
                bestWidth = width;
                symbolCount = symbols;
            }
        }

        return bestWidth;
    }

    /// <summary>What <see cref="Histogram"/> gives at <paramref name="width"/>, from the counts of each gap.</summary>
    private static long[] HistogramFromGaps(long[] gapCounts, List<int> longGaps, int width, out long symbolCount)
    {
        var padding = (1 << width) - 1;
        var counts = new long[1 << width];
        symbolCount = 0;
        for (var gap = 0; gap < gapCounts.Length; gap++)
        {
            var count = gapCounts[gap];
            if (count != 0)
            {
                var paddings = gap / padding;
                counts[padding] += paddings * count;
                counts[gap % padding] += count;
                symbolCount += (paddings + 1) * count;
            }
        }

        foreach (var gap in longGaps)
        {
            var paddings = gap / padding;
            counts[padding] += paddings;
            counts[gap % padding]++;
            symbolCount += paddings + 1;
        }

        return counts;
    }

    /// <summary>Histogram of the gap symbols of <paramref name="positions"/> at <paramref name="width"/>, without building them.</summary>
    public static long[] Histogram(ReadOnlySpan<int> positions, int width, out long symbolCount)
    {
        var padding = (1 << width) - 1;
        var counts = new long[1 << width];
        var previous = -1;
        symbolCount = 0;
        foreach (var position in positions)
        {
            var gap = position - previous - 1;
            var paddings = gap / padding;
            counts[padding] += paddings;
            counts[gap % padding]++;
            symbolCount += paddings + 1;
            previous = position;
        }

        return counts;
    }

    /// <summary>
    /// The gap symbols of <paramref name="positions"/> (strictly ascending, non-negative), of which there are
    /// <paramref name="symbolCount"/> at <paramref name="width"/> (as <see cref="ChooseWidth"/> or
    /// <see cref="Histogram"/> counted them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ushort[] Encode(ReadOnlySpan<int> positions, int width, long symbolCount)
    {
        var padding = (1 << width) - 1;
        var symbols = LargeArrays.Zeroed<ushort>(checked((int)symbolCount));
        var previous = -1;
        var k = 0;
        foreach (var position in positions)
        {
            var gap = position - previous - 1;
            for (; gap >= padding; gap -= padding)
            {
                symbols[k++] = (ushort)padding;
            }

            symbols[k++] = (ushort)gap;
            previous = position;
        }

        return symbols;
    }

    /// <summary>
    /// Rebuilds <paramref name="nonZeroCount"/> positions below <paramref name="elementCount"/>. Throws
    /// <see cref="InvalidCodedDataException"/> when the symbols hold another number of gaps, end in padding, or
    /// run past the tensor.
    /// </summary>
    public static int[] Decode(ReadOnlySpan<ushort> symbols, int width, int nonZeroCount, int elementCount)
    {
        var padding = (1 << width) - 1;
        var positions = new int[nonZeroCount];
        long next = 0;
        var k = 0;
        foreach (var symbol in symbols)
        {
            if (symbol == padding)
            {
                next += padding;
                continue;
            }

            next += symbol;
            if (next >= elementCount)
            {
                throw new InvalidCodedDataException($"gap stream: position past the tensor ({next} vs limit {elementCount - 1})");
            }

            if (k == nonZeroCount)
            {
                throw new InvalidCodedDataException($"gap stream: more gaps than nonzeros ({k + 1} vs limit {nonZeroCount})");
            }

            positions[k++] = (int)next;
            next++;
        }

        if (k != nonZeroCount)
        {
            throw new InvalidCodedDataException($"gap stream: fewer gaps than nonzeros ({k} vs limit {nonZeroCount})");
        }

        if (symbols.Length > 0 && symbols[^1] == padding)
        {
            throw new InvalidCodedDataException($"gap stream: ends in padding (symbol {padding} vs limit {padding - 1})");
        }

        return positions;
    }
}
