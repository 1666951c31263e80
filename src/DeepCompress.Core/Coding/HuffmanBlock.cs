namespace DeepCompress.Core.Coding;

/// <summary>
/// A self-delimiting Huffman-coded symbol stream: the table (<see cref="HuffmanTable"/>), the LEB128 byte length
/// of the bit stream, then the bit stream: one stream, or from <see cref="CodingConstants.MinInterleavedSymbols"/>
/// symbols on the interleaved form (<see cref="HuffmanEncoder.EncodeInterleaved(ReadOnlySpan{ushort})"/>). The symbol count is not
/// stored: the container knows it.
/// </summary>
public static class HuffmanBlock
{
    /// <summary>Codes <paramref name="symbols"/> (all below <paramref name="alphabetSize"/>) with an optimal length-limited code.</summary>
    public static byte[] Encode(ReadOnlySpan<ushort> symbols, int alphabetSize)
    {
        var counts = SymbolStatistics.Histogram(symbols, alphabetSize);
        var lengths = ChooseLengths(counts);
        var encoder = new HuffmanEncoder(lengths);
        var table = HuffmanTable.Write(lengths);
        var interleaved = symbols.Length >= CodingConstants.MinInterleavedSymbols;
        Span<int> streamSizes = stackalloc int[CodingConstants.InterleavedStreamCount];
        var streamLength = interleaved
            ? encoder.MeasureInterleaved(symbols, streamSizes)
            : checked((int)((encoder.GetEncodedBitLength(counts) + 7) / 8));

        // The stream is encoded straight into the block's exact-size array: a stream array copied into a growing
        // stream and out again was three times a large layer's codes in fresh memory.
        var block = GC.AllocateUninitializedArray<byte>(checked(table.Length + Leb128.SizeOf((uint)streamLength) + streamLength));
        table.CopyTo(block, 0);
        var start = table.Length + Leb128.Write(block.AsSpan(table.Length), (uint)streamLength);
        var stream = block.AsSpan(start);
        if (interleaved)
        {
            encoder.WriteInterleaved(symbols, streamSizes, stream);
        }
        else
        {
            var written = encoder.Encode(symbols, stream);
            if (written != stream.Length)
            {
                throw new InvalidOperationException($"encoder wrote {written} bytes, {stream.Length} expected");
            }
        }

        return block;
    }

    /// <summary>
    /// Size in bytes <see cref="Encode"/> would produce for a stream with histogram <paramref name="counts"/> coded as
    /// one stream: exact below <see cref="CodingConstants.MinInterleavedSymbols"/> symbols; an interleaved block is
    /// larger by its jump table and the padding of its extra streams (at most 3 varints and 3 bytes).
    /// </summary>
    public static long MeasureEncodedBytes(ReadOnlySpan<long> counts) => MeasureEncodedBytes(counts, ChooseLengths(counts));

    /// <summary>
    /// The code the block uses: the optimal length-limited code, or the flat code over the same alphabet when its
    /// missing table makes the block smaller (short streams over large alphabets).
    /// </summary>
    public static byte[] ChooseLengths(ReadOnlySpan<long> counts)
    {
        var optimal = HuffmanCodeLengths.Build(counts);
        var alphabetSize = optimal.Length;
        while (alphabetSize > 0 && optimal[alphabetSize - 1] == 0)
        {
            alphabetSize--;
        }

        if (alphabetSize is 0 or > CodingConstants.MaxFlatAlphabetSize)
        {
            return optimal;
        }

        var flat = new byte[optimal.Length];
        HuffmanTable.FlatLengths(alphabetSize).CopyTo(flat, 0);
        return MeasureEncodedBytes(counts, flat) < MeasureEncodedBytes(counts, optimal) ? flat : optimal;
    }

    private static long MeasureEncodedBytes(ReadOnlySpan<long> counts, byte[] lengths)
    {
        long bits = 0;
        for (var s = 0; s < counts.Length; s++)
        {
            bits += counts[s] * lengths[s];
        }

        var streamBytes = (bits + 7) / 8;
        return HuffmanTable.Write(lengths).Length + Leb128.SizeOf((uint)Math.Min(streamBytes, uint.MaxValue)) + streamBytes;
    }

    /// <summary>
    /// Decodes a block of <paramref name="count"/> symbols at <paramref name="offset"/> and advances it. The table's
    /// alphabet must not exceed <paramref name="alphabetLimit"/>, so every decoded symbol is below that limit.
    /// Reports the table and bit-stream sizes (the LEB128 length prefix counts with the table).
    /// </summary>
    public static ushort[] Decode(ReadOnlySpan<byte> data, ref int offset, int count, int alphabetLimit, out int tableBytes, out int streamBytes)
    {
        var start = offset;
        var lengths = HuffmanTable.Read(data[offset..], out var consumed);
        if (lengths.Length > alphabetLimit)
        {
            throw new InvalidCodedDataException($"Huffman table: alphabet size ({lengths.Length} vs limit {alphabetLimit})");
        }

        offset += consumed;
        streamBytes = Leb128.ReadLength(data, ref offset, int.MaxValue, "Huffman stream length");
        tableBytes = offset - start;
        if (count > streamBytes * 8L)
        {
            throw new InvalidCodedDataException($"Huffman stream: symbol count exceeds the bits present ({count} vs limit {streamBytes * 8L})");
        }

        var decoder = new HuffmanDecoder(lengths);
        var symbols = new ushort[count];
        if (count >= CodingConstants.MinInterleavedSymbols)
        {
            decoder.DecodeInterleaved(data.Slice(offset, streamBytes), symbols);
        }
        else
        {
            decoder.Decode(data.Slice(offset, streamBytes), symbols);
        }

        offset += streamBytes;
        return symbols;
    }
}
