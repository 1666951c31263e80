using System.Buffers;
using System.IO.Compression;
using DeepCompress.Core.Coding;

namespace DeepCompress.Format;

/// <summary>
/// The graph section's optional Brotli form (docs/format.md, "Graph section"): varint decompressed size, then one
/// Brotli stream that must decode to exactly that many bytes.
/// </summary>
internal static class GraphCompression
{
    // First decode buffer, and the growth step after it: output is only ever allocated as it arrives.
    private const int InitialBufferBytes = 1 << 16;

    /// <summary>
    /// The compressed payload, or null when compressing does not make the section smaller (or the graph is above
    /// <see cref="FormatConstants.MaxCompressedGraphBytes"/>).
    /// </summary>
    public static byte[]? TryCompress(byte[] graph)
    {
        if (graph.Length is 0 or > FormatConstants.MaxCompressedGraphBytes)
        {
            return null;
        }

        var sizePrefix = Leb128.SizeOf((uint)graph.Length);
        var buffer = new byte[sizePrefix + BrotliEncoder.GetMaxCompressedLength(graph.Length)];
        using (var prefix = new MemoryStream(buffer, 0, sizePrefix))
        {
            Leb128.Write(prefix, (uint)graph.Length);
        }

        if (!BrotliEncoder.TryCompress(graph, buffer.AsSpan(sizePrefix), out var written, FormatConstants.GraphBrotliQuality, FormatConstants.GraphBrotliWindow))
        {
            throw new InvalidOperationException($"Brotli could not compress a graph of {graph.Length} bytes into its bound");
        }

        var total = sizePrefix + written;
        return total < graph.Length ? buffer[..total] : null;
    }

    /// <summary>Decompresses a Brotli graph payload; throws <see cref="InvalidContainerException"/> when it is malformed.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> payload, string displayName)
    {
        var offset = 0;
        int size;
        try
        {
            size = (int)Leb128.Read(payload, ref offset, FormatConstants.MaxCompressedGraphBytes, "graph decompressed size");
        }
        catch (InvalidCodedDataException e)
        {
            throw new InvalidContainerException($"{displayName}: {e.Message}", e);
        }

        if (size == 0)
        {
            throw DczReader.Corrupt(displayName, "graph decompressed size", 0, $"1..{FormatConstants.MaxCompressedGraphBytes}");
        }

        var source = payload[offset..];
        var output = new byte[Math.Min(size, InitialBufferBytes)];
        var produced = 0;
        using var decoder = new BrotliDecoder();
        while (true)
        {
            var status = decoder.Decompress(source, output.AsSpan(produced), out var consumed, out var written);
            source = source[consumed..];
            produced += written;
            switch (status)
            {
                case OperationStatus.Done when produced == size && source.IsEmpty:
                    return output;
                case OperationStatus.Done when produced != size:
                    throw DczReader.Corrupt(displayName, "graph decompressed bytes differ from the declared size", produced, size);
                case OperationStatus.Done:
                    throw DczReader.Corrupt(displayName, "bytes after the graph's Brotli stream", source.Length, 0);
                case OperationStatus.DestinationTooSmall when output.Length < size:
                    Array.Resize(ref output, (int)Math.Min(size, output.Length * 2L));
                    break;
                case OperationStatus.DestinationTooSmall:
                    throw DczReader.Corrupt(displayName, "graph decompresses past the declared size", $"> {size}", size);
                case OperationStatus.NeedMoreData:
                    throw DczReader.Corrupt(displayName, "graph Brotli stream truncated after decompressed bytes", produced, size);
                default:
                    throw DczReader.Corrupt(displayName, "graph Brotli stream invalid after decompressed bytes", produced, size);
            }
        }
    }
}
