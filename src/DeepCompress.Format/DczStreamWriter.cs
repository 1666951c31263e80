using System.Buffers.Binary;
using System.IO.Hashing;

namespace DeepCompress.Format;

/// <summary>
/// Writes a .dcz file section by section (docs/format.md): the header, metadata and graph at construction, then one
/// layer per <see cref="Append"/>, so a model's layers never need to be in memory together. The bytes are those
/// <see cref="DczWriter.Write"/> produces for the same layers.
/// </summary>
public sealed class DczStreamWriter
{
    private readonly Stream _output;
    private readonly int _layerCount;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes the header (which records <paramref name="layerCount"/>), the metadata and the graph. Throws
    /// <see cref="ArgumentException"/> for more than <see cref="FormatConstants.MaxLayers"/> layers or metadata the
    /// format cannot hold.
    /// </summary>
    public DczStreamWriter(Stream output, byte[] graph, IReadOnlyDictionary<string, string> metadata, int layerCount)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(metadata);
        if (layerCount is < 0 or > FormatConstants.MaxLayers)
        {
            throw new ArgumentException($"{layerCount} layers outside 0..{FormatConstants.MaxLayers}", nameof(layerCount));
        }

        _output = output;
        _layerCount = layerCount;
        var metadataPayload = DczWriter.WriteMetadata(metadata);
        var compressedGraph = GraphCompression.TryCompress(graph);

        Span<byte> header = stackalloc byte[FormatConstants.HeaderSize];
        FormatConstants.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatConstants.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)(layerCount + 2));
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], Crc32.HashToUInt32(header[..20]));
        output.Write(header);
        WriteSection(SectionKind.Metadata, 0, metadataPayload);
        if (compressedGraph is null)
        {
            WriteSection(SectionKind.Graph, 0, graph);
        }
        else
        {
            WriteSection(SectionKind.Graph, FormatConstants.GraphFlagBrotli, compressedGraph);
        }
    }

    /// <summary>Layers appended so far.</summary>
    public int LayersWritten => _names.Count;

    /// <summary>
    /// Encodes and writes one layer. Throws <see cref="ArgumentException"/> for a layer the format cannot hold (see
    /// <see cref="DczWriter.Write"/>) or a duplicate name, <see cref="InvalidOperationException"/> past the declared count.
    /// </summary>
    public void Append(DczLayer layer) => Append(layer, null);

    /// <summary>
    /// <see cref="Append(DczLayer)"/> with the layer's positions already encoded by
    /// <see cref="DczWriter.EncodePositions"/> (from the very array the layer holds, else <see cref="ArgumentException"/>).
    /// </summary>
    public void Append(DczLayer layer, EncodedPositions? encodedPositions) => Append(DczWriter.EncodeLayer(layer, encodedPositions));

    /// <summary>Appends a layer encoded beforehand by <see cref="DczWriter.EncodeLayer"/>; the checks of <see cref="Append(DczLayer)"/>.</summary>
    public void Append(EncodedLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_names.Count == _layerCount)
        {
            throw new InvalidOperationException($"layer '{layer.Name}' is one more than the {_layerCount} the header declares");
        }

        if (_names.Contains(layer.Name))
        {
            throw new ArgumentException($"duplicate layer name '{layer.Name}'", nameof(layer));
        }

        WriteSection(SectionKind.Layer, 0, layer.Payload);
        _names.Add(layer.Name);
    }

    /// <summary>Checks that every declared layer was written (the header's section count would be wrong otherwise).</summary>
    public void Complete()
    {
        if (_names.Count != _layerCount)
        {
            throw new InvalidOperationException($"{_names.Count} layers written; the header declares {_layerCount}");
        }
    }

    private void WriteSection(SectionKind kind, ushort flags, byte[] payload)
    {
        Span<byte> sectionHeader = stackalloc byte[FormatConstants.SectionHeaderSize];
        Span<byte> crc = stackalloc byte[FormatConstants.SectionTrailerSize];
        BinaryPrimitives.WriteUInt16LittleEndian(sectionHeader, (ushort)kind);
        BinaryPrimitives.WriteUInt16LittleEndian(sectionHeader[2..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(sectionHeader[4..], (uint)payload.Length);
        var hash = new Crc32();
        hash.Append(sectionHeader);
        hash.Append(payload);
        BinaryPrimitives.WriteUInt32LittleEndian(crc, hash.GetCurrentHashAsUInt32());
        _output.Write(sectionHeader);
        _output.Write(payload);
        _output.Write(crc);
    }
}
