namespace DeepCompress.Format;

/// <summary>Every number that docs/format.md fixes for .dcz version 1, in one place.</summary>
public static class FormatConstants
{
    /// <summary>The current and only version; a reader rejects larger versions as unsupported.</summary>
    public const uint Version = 1;

    /// <summary>Bytes of the file header: magic, version, flags, section count, header CRC.</summary>
    public const int HeaderSize = 24;

    /// <summary>Bytes before a section payload (kind, reserved, payload length).</summary>
    public const int SectionHeaderSize = 8;

    /// <summary>Bytes after a section payload (its CRC-32).</summary>
    public const int SectionTrailerSize = 4;

    /// <summary>Most layer sections a reader accepts.</summary>
    public const int MaxLayers = 1 << 16;

    /// <summary>Longest layer name, metadata key, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 4096;

    /// <summary>Most dimensions of a layer shape.</summary>
    public const int MaxRank = 8;

    /// <summary>Largest codebook: codes are 16-bit.</summary>
    public const int MaxCodebookSize = 1 << 16;

    /// <summary>Narrowest and widest gap symbol width in bits (a 15-bit alphabet is the most 15-bit codes can hold).</summary>
    public const int MinGapWidth = 1;

    /// <inheritdoc cref="MinGapWidth"/>
    public const int MaxGapWidth = 15;

    /// <summary>Graph section flag (in the section header's flags field): the payload is Brotli-compressed.</summary>
    public const ushort GraphFlagBrotli = 1;

    /// <summary>
    /// Largest decompressed graph a reader accepts (1 GiB); larger graphs are stored uncompressed. The reader grows
    /// its buffer as output arrives, so a small bomb declaring this size never allocates it.
    /// </summary>
    public const int MaxCompressedGraphBytes = 1 << 30;

    /// <summary>Brotli quality of the graph section: the highest, fixed so the same graph gives the same bytes.</summary>
    public const int GraphBrotliQuality = 11;

    /// <summary>Brotli window of the graph section, log2 bytes: the encoder's default.</summary>
    public const int GraphBrotliWindow = 22;

    /// <summary>"\x89DCZ\r\n\x1A\n": a high bit, the name, and the line-ending and EOF traps of PNG's signature.</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, 0x44, 0x43, 0x5A, 0x0D, 0x0A, 0x1A, 0x0A];
}
