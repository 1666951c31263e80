using DeepCompress.Core;

namespace DeepCompress.Format;

/// <summary>
/// Where the bytes of one layer section go. <see cref="OverheadBytes"/> is everything else in the section: name,
/// shape, counts, gap width and the 12 bytes of section framing.
/// </summary>
public sealed record DczLayerInfo(
    string Name,
    LayerClass Class,
    int[] Shape,
    int NonZeroCount,
    int CodebookSize,
    int GapWidth,
    int GapSymbolCount,
    long WeightBytes,
    long IndexBytes,
    long CodebookBytes,
    long OverheadBytes,
    double WeightEntropyBits,
    double IndexEntropyBits)
{
    /// <summary>Of <see cref="WeightBytes"/>, the bytes of the code stream's Huffman table (the rest is the stream).</summary>
    public long WeightTableBytes { get; init; }

    /// <summary>Of <see cref="IndexBytes"/>, the bytes of the gap stream's Huffman table (the rest is the stream).</summary>
    public long IndexTableBytes { get; init; }

    /// <summary>Bytes of the whole layer section.</summary>
    public long TotalBytes => WeightBytes + IndexBytes + CodebookBytes + OverheadBytes;

    /// <summary>Bits per stored weight, counting the whole section (0 for an empty layer).</summary>
    public double BitsPerNonZero => NonZeroCount == 0 ? 0 : TotalBytes * 8.0 / NonZeroCount;
}
