using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using DeepCompress.Core;
using DeepCompress.Core.Coding;

namespace DeepCompress.Format;

/// <summary>
/// Reads .dcz files (docs/format.md). Every count is checked against the bytes remaining before anything is
/// allocated; any malformed input throws <see cref="InvalidContainerException"/>, a newer version throws
/// <see cref="NotSupportedException"/>.
/// </summary>
public static class DczReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes the whole model; <paramref name="displayName"/> prefixes every error message.</summary>
    public static DczModel Read(ReadOnlySpan<byte> data, string displayName) => Parse(data, displayName, out _);

    /// <summary>Decodes and validates the file like <see cref="Read"/> and reports where its bytes go.</summary>
    public static DczFileInfo Inspect(ReadOnlySpan<byte> data, string displayName)
    {
        Parse(data, displayName, out var info);
        return info;
    }

    private static DczModel Parse(ReadOnlySpan<byte> data, string displayName, out DczFileInfo info)
    {
        if (data.Length < FormatConstants.HeaderSize)
        {
            throw Corrupt(displayName, "file shorter than the header", data.Length, FormatConstants.HeaderSize);
        }

        if (!data[..8].SequenceEqual(FormatConstants.Magic))
        {
            throw Corrupt(displayName, "magic", Convert.ToHexString(data[..8]), Convert.ToHexString(FormatConstants.Magic));
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (version > FormatConstants.Version)
        {
            throw new NotSupportedException($"{displayName}: .dcz version {version} is newer than this reader supports (version {FormatConstants.Version})");
        }

        if (version == 0)
        {
            throw Corrupt(displayName, "version", version, $"1..{FormatConstants.Version}");
        }

        var headerCrc = BinaryPrimitives.ReadUInt32LittleEndian(data[20..]);
        var expectedHeaderCrc = Crc32.HashToUInt32(data[..20]);
        if (headerCrc != expectedHeaderCrc)
        {
            throw Corrupt(displayName, "header CRC-32", $"0x{headerCrc:X8}", $"0x{expectedHeaderCrc:X8} computed");
        }

        var flags = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        if (flags != 0)
        {
            throw Corrupt(displayName, "reserved header flags", $"0x{flags:X8}", "0");
        }

        var sectionCount = BinaryPrimitives.ReadUInt32LittleEndian(data[16..]);
        const int minimumSectionBytes = FormatConstants.SectionHeaderSize + FormatConstants.SectionTrailerSize;
        var sectionLimit = Math.Min(FormatConstants.MaxLayers + 2L, (data.Length - FormatConstants.HeaderSize) / minimumSectionBytes);
        if (sectionCount < 2 || sectionCount > sectionLimit)
        {
            throw Corrupt(displayName, "section count", sectionCount, $"2..{sectionLimit}");
        }

        var offset = FormatConstants.HeaderSize;
        IReadOnlyDictionary<string, string>? metadata = null;
        byte[]? graph = null;
        long graphBytes = 0;
        long metadataBytes = 0;
        var layers = new List<DczLayer>();
        var layerInfos = new List<DczLayerInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < sectionCount; index++)
        {
            var expectedKind = index switch { 0 => SectionKind.Metadata, 1 => SectionKind.Graph, _ => SectionKind.Layer };
            var payload = ReadSection(data, ref offset, index, expectedKind, displayName, out var sectionFlags);
            switch (expectedKind)
            {
                case SectionKind.Metadata:
                    metadata = ParseMetadata(payload, displayName);
                    metadataBytes = payload.Length;
                    break;
                case SectionKind.Graph:
                    graph = sectionFlags == FormatConstants.GraphFlagBrotli ? GraphCompression.Decompress(payload, displayName) : payload.ToArray();
                    graphBytes = payload.Length;
                    break;
                default:
                    var (layer, layerInfo) = LayerParser.Parse(payload, index - 2, displayName);
                    if (!names.Add(layer.Name))
                    {
                        throw Corrupt(displayName, $"layer {index - 2} name '{layer.Name}' repeats an earlier layer", layer.Name, "unique names");
                    }

                    layers.Add(layer);
                    layerInfos.Add(layerInfo);
                    break;
            }
        }

        if (offset != data.Length)
        {
            throw Corrupt(displayName, "bytes after the last section", data.Length - offset, 0);
        }

        info = new DczFileInfo(data.Length, graphBytes, metadataBytes, layerInfos) { GraphDecompressedBytes = graph!.Length };
        return new DczModel(graph, layers, metadata!);
    }

    private static ReadOnlySpan<byte> ReadSection(ReadOnlySpan<byte> data, ref int offset, int index, SectionKind expectedKind, string displayName, out ushort flags)
    {
        var remaining = data.Length - offset;
        const int framing = FormatConstants.SectionHeaderSize + FormatConstants.SectionTrailerSize;
        if (remaining < framing)
        {
            throw Corrupt(displayName, $"section {index} truncated", remaining, framing);
        }

        var kind = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
        flags = BinaryPrimitives.ReadUInt16LittleEndian(data[(offset + 2)..]);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 4)..]);
        if (length > (uint)(remaining - framing))
        {
            throw Corrupt(displayName, $"section {index} payload length", length, remaining - framing);
        }

        var sectionLength = FormatConstants.SectionHeaderSize + (int)length;
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + sectionLength)..]);
        var computedCrc = Crc32.HashToUInt32(data.Slice(offset, sectionLength));
        if (storedCrc != computedCrc)
        {
            throw Corrupt(displayName, $"section {index} CRC-32", $"0x{storedCrc:X8}", $"0x{computedCrc:X8} computed");
        }

        if (kind != (ushort)expectedKind)
        {
            throw Corrupt(displayName, $"section {index} kind", kind, $"{(ushort)expectedKind} ({expectedKind})");
        }

        var allowedFlags = expectedKind == SectionKind.Graph ? FormatConstants.GraphFlagBrotli : 0;
        if ((flags & ~allowedFlags) != 0)
        {
            throw Corrupt(displayName, $"section {index} flags", $"0x{flags:X4}", $"0x{allowedFlags:X4} allowed");
        }

        var payload = data.Slice(offset + FormatConstants.SectionHeaderSize, (int)length);
        offset += sectionLength + FormatConstants.SectionTrailerSize;
        return payload;
    }

    private static Dictionary<string, string> ParseMetadata(ReadOnlySpan<byte> payload, string displayName)
    {
        try
        {
            var offset = 0;
            // A pair takes at least 3 bytes: two length varints and a non-empty key.
            var count = (int)Leb128.Read(payload, ref offset, (uint)(payload.Length / 3), "metadata pair count");
            var metadata = new Dictionary<string, string>(count, StringComparer.Ordinal);
            var previousKey = ReadOnlySpan<byte>.Empty;
            for (var i = 0; i < count; i++)
            {
                var keyLength = Leb128.ReadLength(payload, ref offset, FormatConstants.MaxNameBytes, $"metadata key {i} length");
                if (keyLength == 0)
                {
                    throw Corrupt(displayName, $"metadata key {i} length", 0, $"1..{FormatConstants.MaxNameBytes}");
                }

                var key = payload.Slice(offset, keyLength);
                offset += keyLength;
                if (i > 0 && key.SequenceCompareTo(previousKey) <= 0)
                {
                    throw Corrupt(displayName, $"metadata key {i} not after the previous key in byte order", Encoding.UTF8.GetString(key), $"> '{Encoding.UTF8.GetString(previousKey)}'");
                }

                previousKey = key;
                var valueLength = Leb128.ReadLength(payload, ref offset, int.MaxValue, $"metadata value {i} length");
                var value = payload.Slice(offset, valueLength);
                offset += valueLength;
                metadata.Add(DecodeUtf8(key, $"metadata key {i}", displayName), DecodeUtf8(value, $"metadata value {i}", displayName));
            }

            if (offset != payload.Length)
            {
                throw Corrupt(displayName, "bytes after the last metadata pair", payload.Length - offset, 0);
            }

            return metadata;
        }
        catch (InvalidCodedDataException e)
        {
            throw new InvalidContainerException($"{displayName}: metadata {e.Message}", e);
        }
    }

    internal static string DecodeUtf8(ReadOnlySpan<byte> bytes, string what, string displayName)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidContainerException($"{displayName}: {what} is not valid UTF-8 (byte index {e.Index} vs limit {bytes.Length})", e);
        }
    }

    internal static InvalidContainerException Corrupt(string displayName, string what, object value, object limit) =>
        new($"{displayName}: {what} ({value} vs limit {limit})");
}
