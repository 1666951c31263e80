namespace DeepCompress.Format;

/// <summary>
/// Size accounting of a .dcz file (graph and metadata as stored): per layer (<see cref="Layers"/>) and in total. The totals add up to
/// <see cref="FileSize"/>: weights + indices + codebooks + graph + metadata + overhead.
/// </summary>
public sealed record DczFileInfo(long FileSize, long GraphBytes, long MetadataBytes, IReadOnlyList<DczLayerInfo> Layers)
{
    /// <summary>Bytes of the graph once decompressed (<see cref="GraphBytes"/> is what the file stores).</summary>
    public long GraphDecompressedBytes { get; init; }

    /// <summary>Code streams and their tables, all layers.</summary>
    public long WeightBytes => Layers.Sum(l => l.WeightBytes);

    /// <summary>Gap streams and their tables, all layers.</summary>
    public long IndexBytes => Layers.Sum(l => l.IndexBytes);

    /// <summary>Codebooks, all layers.</summary>
    public long CodebookBytes => Layers.Sum(l => l.CodebookBytes);

    /// <summary>Everything else: file header, section framing of graph and metadata, per-layer overhead.</summary>
    public long OverheadBytes => FileSize - WeightBytes - IndexBytes - CodebookBytes - GraphBytes - MetadataBytes;

    /// <summary>Stored weights, all layers.</summary>
    public long NonZeroCount => Layers.Sum(l => (long)l.NonZeroCount);

    /// <summary>Bits per stored weight over all layer sections (graph and metadata excluded).</summary>
    public double BitsPerNonZero => NonZeroCount == 0 ? 0 : Layers.Sum(l => l.TotalBytes) * 8.0 / NonZeroCount;

    /// <summary>Order-0 entropy bound of all code streams, in bits.</summary>
    public double WeightEntropyBits => Layers.Sum(l => l.WeightEntropyBits);

    /// <summary>Order-0 entropy bound of all gap streams, in bits.</summary>
    public double IndexEntropyBits => Layers.Sum(l => l.IndexEntropyBits);
}
