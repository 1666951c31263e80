namespace DeepCompress.Core.Coding;

/// <summary>
/// The stored form of a canonical Huffman code: its code lengths (docs/format.md, "Huffman table"). A LEB128
/// header 2n + flat, where n is the alphabet size (one past the last used symbol). A flat code (see
/// <see cref="FlatLengths"/>) ends there: small streams over large codebooks cannot pay for a table. Otherwise n
/// code lengths follow as 4-bit nibbles, LSB-first: nibble 1..15 is a length; nibble 0 starts a run of unused
/// symbols whose length minus one follows as a nibble varint (3 data bits, bit 3 = more nibbles follow). The
/// nibble stream is zero-padded to a whole byte.
/// </summary>
public static class HuffmanTable
{
    private const int NibbleBits = 4;
    private const int RunDataBits = 3;
    private const uint RunContinuation = 1u << RunDataBits;
    private const int MaxRunNibbles = 6;

    /// <summary>Serializes <paramref name="lengths"/> (as returned by <see cref="HuffmanCodeLengths.Build"/>).</summary>
    public static byte[] Write(ReadOnlySpan<byte> lengths)
    {
        var alphabetSize = lengths.Length;
        while (alphabetSize > 0 && lengths[alphabetSize - 1] == 0)
        {
            alphabetSize--;
        }

        using var header = new MemoryStream();
        var isFlat = alphabetSize > 0 && alphabetSize <= CodingConstants.MaxFlatAlphabetSize && lengths[..alphabetSize].SequenceEqual(FlatLengths(alphabetSize));
        Leb128.Write(header, ((uint)alphabetSize << 1) | (isFlat ? 1u : 0u));
        if (isFlat)
        {
            return header.ToArray();
        }

        var bits = new BitWriter();
        for (var s = 0; s < alphabetSize;)
        {
            var length = lengths[s];
            if (length > CodingConstants.MaxCodeLength)
            {
                throw new ArgumentException($"code length of symbol {s} ({length}) exceeds {CodingConstants.MaxCodeLength}", nameof(lengths));
            }

            if (length != 0)
            {
                bits.Write(length, NibbleBits);
                s++;
                continue;
            }

            var run = 0;
            while (lengths[s + run] == 0)
            {
                run++;
            }

            bits.Write(0, NibbleBits);
            var remaining = (uint)(run - 1);
            do
            {
                var group = remaining & (RunContinuation - 1);
                remaining >>= RunDataBits;
                bits.Write(remaining != 0 ? group | RunContinuation : group, NibbleBits);
            }
            while (remaining != 0);
            s += run;
        }

        header.Write(bits.ToArray());
        return header.ToArray();
    }

    /// <summary>
    /// Parses and validates a table at the start of <paramref name="data"/>: lengths within
    /// <see cref="CodingConstants.MaxCodeLength"/>, runs inside the alphabet, zero padding, and a complete code
    /// (Kraft sum exactly 1) or the one-symbol code (a single symbol of length 1). Returns n code lengths.
    /// </summary>
    public static byte[] Read(ReadOnlySpan<byte> data, out int bytesConsumed)
    {
        var offset = 0;
        var header = Leb128.Read(data, ref offset, ((uint)CodingConstants.MaxAlphabetSize << 1) | 1, "Huffman table header");
        var alphabetSize = (int)(header >> 1);
        if ((header & 1) != 0)
        {
            if (alphabetSize is 0 or > CodingConstants.MaxFlatAlphabetSize)
            {
                throw new InvalidCodedDataException($"Huffman table: flat code alphabet size ({alphabetSize} vs limit 1..{CodingConstants.MaxFlatAlphabetSize})");
            }

            bytesConsumed = offset;
            return FlatLengths(alphabetSize);
        }

        var lengths = new byte[alphabetSize];
        var reader = new BitReader(data[offset..]);
        var previousWasRun = false;
        for (var s = 0; s < alphabetSize;)
        {
            var nibble = (byte)reader.Read(NibbleBits, "Huffman table code length");
            if (nibble != 0)
            {
                lengths[s++] = nibble;
                previousWasRun = false;
                continue;
            }

            if (previousWasRun)
            {
                throw new InvalidCodedDataException($"Huffman table: two consecutive zero runs at symbol {s} (2 runs vs limit 1)");
            }

            var runMinusOne = 0u;
            for (var i = 0; ; i++)
            {
                if (i == MaxRunNibbles)
                {
                    throw new InvalidCodedDataException($"Huffman table: zero-run varint too long ({i + 1} nibbles vs limit {MaxRunNibbles})");
                }

                var group = reader.Read(NibbleBits, "Huffman table zero run");
                runMinusOne |= (group & (RunContinuation - 1)) << (RunDataBits * i);
                if ((group & RunContinuation) == 0)
                {
                    if (group == 0 && i > 0)
                    {
                        throw new InvalidCodedDataException($"Huffman table: zero-run varint not in shortest form ({i + 1} nibbles vs limit {i})");
                    }

                    break;
                }
            }

            // The last symbol is used by construction (n is one past it), so a run must stop before it.
            var limit = alphabetSize - 1 - s;
            if (runMinusOne + 1 > (uint)limit)
            {
                throw new InvalidCodedDataException($"Huffman table: zero run at symbol {s} too long ({runMinusOne + 1} vs limit {limit})");
            }

            s += (int)runMinusOne + 1;
            previousWasRun = true;
        }

        reader.RequireZeroPadding("Huffman table");
        bytesConsumed = offset + reader.BytesConsumed;
        Validate(lengths);
        if (alphabetSize is > 0 and <= CodingConstants.MaxFlatAlphabetSize && lengths.AsSpan().SequenceEqual(FlatLengths(alphabetSize)))
        {
            throw new InvalidCodedDataException($"Huffman table: a flat code stored as lengths, flat form required (header {alphabetSize << 1} vs limit {(alphabetSize << 1) | 1})");
        }

        return lengths;
    }

    /// <summary>
    /// The flat code over n symbols: with L = ceil(log2 n), the first 2^L - n symbols get L - 1 bits and the rest L
    /// (a complete code; n a power of two gives fixed-width codes). n = 1 is the one-symbol code (length 1).
    /// </summary>
    public static byte[] FlatLengths(int alphabetSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alphabetSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alphabetSize, CodingConstants.MaxFlatAlphabetSize);
        var lengths = new byte[alphabetSize];
        if (alphabetSize == 1)
        {
            lengths[0] = 1;
            return lengths;
        }

        var longest = 0;
        while ((1 << longest) < alphabetSize)
        {
            longest++;
        }

        var shorter = (1 << longest) - alphabetSize;
        for (var s = 0; s < alphabetSize; s++)
        {
            lengths[s] = (byte)(s < shorter ? longest - 1 : longest);
        }

        return lengths;
    }

    /// <summary>Throws unless the lengths form a complete code or the one-symbol code.</summary>
    public static void Validate(ReadOnlySpan<byte> lengths)
    {
        if (lengths.Length > CodingConstants.MaxAlphabetSize)
        {
            throw new InvalidCodedDataException($"Huffman table: alphabet size ({lengths.Length} vs limit {CodingConstants.MaxAlphabetSize})");
        }

        long kraft = 0;
        var used = 0;
        var lastLength = 0;
        for (var s = 0; s < lengths.Length; s++)
        {
            var length = lengths[s];
            if (length == 0)
            {
                continue;
            }

            if (length > CodingConstants.MaxCodeLength)
            {
                throw new InvalidCodedDataException($"Huffman table: code length of symbol {s} ({length} vs limit {CodingConstants.MaxCodeLength})");
            }

            kraft += 1L << (CodingConstants.MaxCodeLength - length);
            used++;
            lastLength = length;
        }

        if (used == 0)
        {
            return;
        }

        const long complete = 1L << CodingConstants.MaxCodeLength;
        if (used == 1)
        {
            if (lastLength != 1)
            {
                throw new InvalidCodedDataException($"Huffman table: the one-symbol code has length ({lastLength} vs limit 1)");
            }

            return;
        }

        if (kraft != complete)
        {
            throw new InvalidCodedDataException($"Huffman table: Kraft sum of {used} codes is not 1 ({kraft} vs limit {complete} in units of 2^-{CodingConstants.MaxCodeLength})");
        }
    }
}
