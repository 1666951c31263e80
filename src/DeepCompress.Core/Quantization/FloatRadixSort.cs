using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepCompress.Core.Quantization;

/// <summary>
/// Sorts floats by value with an LSD radix sort on order-preserving 32-bit keys: three passes of 11 bits, O(n), in
/// place of the O(n log n) comparison sort that dominated <see cref="KMeans1D.Fit"/> on 10^7 weights. Floats that
/// compare equal by value have equal bits here (callers pass no NaN and no -0.0f), so the result is the same array
/// <see cref="Array.Sort{T}(T[])"/> would give.
/// </summary>
internal static class FloatRadixSort
{
    private const int DigitBits = 11;
    private const int DigitCount = 1 << DigitBits;
    private const uint DigitMask = DigitCount - 1;
    private const int Passes = 3;

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

    /// <summary>
    /// Sorts <paramref name="values"/> ascending in place, using a scratch buffer of at least the same length whose
    /// contents it overwrites.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(float[] values, Span<uint> scratch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scratch.Length, values.Length, nameof(scratch));
        scratch = scratch[..values.Length];
        var keys = MemoryMarshal.Cast<float, uint>(values.AsSpan());
        var counts = new int[Passes * DigitCount];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = ToKey(values[i]);
            keys[i] = key;
            for (var pass = 0; pass < Passes; pass++)
            {
                counts[(pass * DigitCount) + (int)((key >> (pass * DigitBits)) & DigitMask)]++;
            }
        }

        // Three passes move the keys values -> scratch -> values -> scratch; the last step converts back into values.
        Scatter(keys, scratch, counts.AsSpan(0, DigitCount), 0);
        Scatter(scratch, keys, counts.AsSpan(DigitCount, DigitCount), DigitBits);
        Scatter(keys, scratch, counts.AsSpan(2 * DigitCount, DigitCount), 2 * DigitBits);
        for (var i = 0; i < scratch.Length; i++)
        {
            values[i] = FromKey(scratch[i]);
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
