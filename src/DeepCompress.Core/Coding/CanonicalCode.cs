namespace DeepCompress.Core.Coding;

/// <summary>
/// Canonical code assignment (RFC 1951 section 3.2.2): shorter codes first, and within one length, codes in
/// increasing symbol order. Codes are written MSB-first into the LSB-first bit stream, so the encoder and the
/// decoder's lookup table use the bit-reversed code.
/// </summary>
internal static class CanonicalCode
{
    /// <summary>Number of codes of each length 0..MaxCodeLength (index 0 counts unused symbols).</summary>
    public static int[] CountPerLength(ReadOnlySpan<byte> lengths)
    {
        var counts = new int[CodingConstants.MaxCodeLength + 1];
        foreach (var length in lengths)
        {
            counts[length]++;
        }

        return counts;
    }

    /// <summary>The first (smallest) code of each length, MSB-first.</summary>
    public static uint[] FirstCodePerLength(ReadOnlySpan<int> countPerLength)
    {
        var first = new uint[CodingConstants.MaxCodeLength + 1];
        uint code = 0;
        for (var length = 1; length <= CodingConstants.MaxCodeLength; length++)
        {
            code = (code + (uint)(length == 1 ? 0 : countPerLength[length - 1])) << 1;
            first[length] = code;
        }

        return first;
    }

    /// <summary>The MSB-first canonical code of every symbol (0 for unused symbols).</summary>
    public static uint[] Assign(ReadOnlySpan<byte> lengths)
    {
        var next = FirstCodePerLength(CountPerLength(lengths));
        var codes = new uint[lengths.Length];
        for (var s = 0; s < lengths.Length; s++)
        {
            if (lengths[s] != 0)
            {
                codes[s] = next[lengths[s]]++;
            }
        }

        return codes;
    }

    /// <summary>Reverses the low <paramref name="length"/> bits of <paramref name="code"/>.</summary>
    public static uint Reverse(uint code, int length)
    {
        var reversed = 0u;
        for (var i = 0; i < length; i++)
        {
            reversed = (reversed << 1) | ((code >> i) & 1);
        }

        return reversed;
    }
}
