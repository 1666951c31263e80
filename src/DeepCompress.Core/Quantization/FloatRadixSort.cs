using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DeepCompress.Core.IO;

namespace DeepCompress.Core.Quantization;

/// <summary>
/// Sorts floats by value with a radix sort on order-preserving 32-bit keys, O(n), in place of the O(n log n)
/// comparison sort that dominated <see cref="KMeans1D.Fit"/> on 10^7 weights. The top 11 bits (sign, exponent, two
/// mantissa bits) are sorted in place (American flag sort), then each of those buckets by its low 21 bits with an
/// LSD pass pair through a scratch buffer of the largest bucket's size: a layer's weights spread over tens of
/// buckets, so the scratch is a small fraction of the layer (it was a copy of it: fresh memory whose first touch
/// cost more than the sort) and each bucket's passes stay in cache. Floats that compare equal by value have equal
/// bits here (callers pass no NaN and no -0.0f), so the result is the same array <see cref="Array.Sort{T}(T[])"/>
/// would give.
/// </summary>
internal static class FloatRadixSort
{
    private const int DigitBits = 11;
    private const int DigitCount = 1 << DigitBits;
    private const uint DigitMask = DigitCount - 1;

    /// <summary>The top digit is the key's 11 highest bits; the bucket passes sort bits 0-10, then 11-21.</summary>
    private const int TopShift = 32 - DigitBits;

    /// <summary>Buckets up to this size are insertion-sorted: clearing two digit histograms would cost more.</summary>
    private const int InsertionSortMaxLength = 64;

    /// <summary>
    /// The unsigned key whose order is the float's order: negative floats have all bits flipped (a larger
    /// magnitude becomes a smaller key), non-negative floats get the sign bit set (above every negative).
    /// </summary>
    public static uint ToKey(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (bits & 0x8000_0000) != 0 ? ~bits : bits | 0x8000_0000;
    }

    /// <summary>The inverse of <see cref="ToKey"/>.</summary>
    public static float FromKey(uint key) =>
        BitConverter.UInt32BitsToSingle((key & 0x8000_0000) != 0 ? key & 0x7FFF_FFFF : ~key);

    /// <summary>Sorts <paramref name="values"/> ascending in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(float[] values)
    {
        var keys = MemoryMarshal.Cast<float, uint>(values.AsSpan());
        var bucketEnds = new int[DigitCount];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = ToKey(values[i]);
            keys[i] = key;
            bucketEnds[key >> TopShift]++;
        }

        var next = new int[DigitCount];
        var offset = 0;
        var largest = 0;
        for (var digit = 0; digit < DigitCount; digit++)
        {
            largest = Math.Max(largest, bucketEnds[digit]);
            next[digit] = offset;
            offset += bucketEnds[digit];
            bucketEnds[digit] = offset;
        }

        // Each key not yet in its bucket is swapped into the next free place of the bucket it belongs to, and the key
        // it displaces continues the cycle, until one belongs to the bucket being filled.
        for (var digit = 0; digit < DigitCount; digit++)
        {
            while (next[digit] < bucketEnds[digit])
            {
                var key = keys[next[digit]];
                var home = (int)(key >> TopShift);
                while (home != digit)
                {
                    var displaced = keys[next[home]];
                    keys[next[home]++] = key;
                    key = displaced;
                    home = (int)(key >> TopShift);
                }

                keys[next[digit]++] = key;
            }
        }

        var scratch = largest > InsertionSortMaxLength ? LargeArrays.Zeroed<uint>(largest) : [];
        var counts = new int[2 * DigitCount];
        var start = 0;
        foreach (var end in bucketEnds)
        {
            var bucket = keys[start..end];
            if (bucket.Length <= InsertionSortMaxLength)
            {
                InsertionSort(bucket);
            }
            else
            {
                // Two stable passes, bucket -> scratch -> bucket; bit 21 of the second digit is the top digit's
                // lowest, the same for the whole bucket.
                Array.Clear(counts);
                foreach (var key in bucket)
                {
                    counts[(int)(key & DigitMask)]++;
                    counts[DigitCount + (int)((key >> DigitBits) & DigitMask)]++;
                }

                var buffer = scratch.AsSpan(0, bucket.Length);
                Scatter(bucket, buffer, counts.AsSpan(0, DigitCount), 0);
                Scatter(buffer, bucket, counts.AsSpan(DigitCount, DigitCount), DigitBits);
            }

            start = end;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            values[i] = FromKey(keys[i]);
        }
    }

    private static void InsertionSort(Span<uint> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var key = keys[i];
            var j = i - 1;
            for (; j >= 0 && keys[j] > key; j--)
            {
                keys[j + 1] = keys[j];
            }

            keys[j + 1] = key;
        }
    }

    // Stable counting-sort pass on one digit; `counts` becomes the running start offset of each digit.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(ReadOnlySpan<uint> source, Span<uint> destination, Span<int> counts, int shift)
    {
        var offset = 0;
        for (var digit = 0; digit < counts.Length; digit++)
        {
            var count = counts[digit];
            counts[digit] = offset;
            offset += count;
        }

        foreach (var key in source)
        {
            destination[counts[(int)((key >> shift) & DigitMask)]++] = key;
        }
    }
}
