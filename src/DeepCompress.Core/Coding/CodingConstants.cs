namespace DeepCompress.Core.Coding;

/// <summary>Limits of the canonical Huffman coder; the .dcz format (docs/format.md) depends on every one of them.</summary>
public static class CodingConstants
{
    /// <summary>
    /// Longest code the builder emits and the table format can express (one nibble). 15 is DEFLATE's limit: it
    /// leaves 3 codes of 15 bits per 64-bit refill and costs well under 0.1% on the skewed alphabets we code.
    /// </summary>
    public const int MaxCodeLength = 15;

    /// <summary>
    /// Symbols are <see cref="ushort"/> values, so an alphabet never exceeds 2^16 symbols; at most
    /// 2^<see cref="MaxCodeLength"/> of them can be used in one stream.
    /// </summary>
    public const int MaxAlphabetSize = 1 << 16;

    /// <summary>Largest alphabet of a flat code (no stored lengths): its lengths must fit <see cref="MaxCodeLength"/>.</summary>
    public const int MaxFlatAlphabetSize = 1 << MaxCodeLength;

    /// <summary>
    /// Index width of the decoder's one-symbol lookup table (at most 2^12 entries of 4 bytes = 16 KiB, inside L1;
    /// sized to the longest code when that is shorter). Longer codes are found through 2^(15 - 12)-entry subtables.
    /// </summary>
    public const int DecodeTableBits = 12;

    /// <summary>
    /// Index width of the decoder's two-symbol lookup table (at most 2^11 entries of 8 bytes = 16 KiB, inside L1).
    /// </summary>
    public const int PairTableBits = 11;

    /// <summary>
    /// Fewest expected symbols per pair-table lookup for which the decoder uses the pair table. Measured
    /// (docs/benchmarks.md, "Decoder rework"): at 1.94 (5-bit Gaussian codes) the pair loop takes 0.55-0.75x the
    /// one-symbol loop's time; at 0.99 (8-bit) pairs gain nothing. 1.5 lies between; it is not finely tuned.
    /// </summary>
    public const double MinPairYield = 1.5;

    /// <summary>
    /// Bits guaranteed in the 64-bit buffer after a branchless refill (the refill tops the buffer up to 56..63
    /// bits), so that many bits of codes can be consumed before the next refill.
    /// </summary>
    public const int BitsPerRefill = 56;

    /// <summary>Independent bit streams of a long block, decoded side by side so their lookup chains overlap.</summary>
    public const int InterleavedStreamCount = 4;

    /// <summary>
    /// Blocks of at least this many symbols are coded as <see cref="InterleavedStreamCount"/> streams behind a
    /// jump table; shorter blocks keep one stream. Measured (docs/benchmarks.md, "Huffman coding"): the interleaved
    /// decode is faster from 256 symbols on (0.85x the time at 256, 0.69x at 4096), so the threshold is set by size:
    /// the jump table and three extra padded bytes (about 6-9 bytes) stay near 0.3% of a 6-bit stream from 4096
    /// symbols, where they would be about 1% at 1024.
    /// </summary>
    public const int MinInterleavedSymbols = 4096;

    /// <summary>
    /// Fewest symbols the interleaved coder accepts at all (so that every stream holds at least one); the format
    /// uses it only from <see cref="MinInterleavedSymbols"/> on, the threshold benchmark also below.
    /// </summary>
    public const int MinInterleavableSymbols = InterleavedStreamCount * InterleavedStreamCount;
}
