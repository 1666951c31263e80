using System.Buffers.Binary;
using System.IO.Hashing;
using DeepCompress.Core.Coding;

namespace DeepCompress.Format.Tests;

/// <summary>
/// Builds .dcz bytes field by field so a test can plant one defect and still get valid CRCs (or not), reaching the
/// check it targets. Defaults describe a valid file with one tiny layer: "fc", 2x4, codebook {-0.5, 0.25},
/// positions {1, 6}, codes {0, 1}, gap width 2 (gap symbols 1, pad, 1).
/// </summary>
internal sealed class HandcraftedContainer
{
    public byte[] Magic { get; set; } = FormatConstants.Magic.ToArray();

    public uint Version { get; set; } = FormatConstants.Version;

    public uint Flags { get; set; }

    public uint? SectionCount { get; set; }

    public bool CorruptHeaderCrc { get; set; }

    public List<Section> Sections { get; } =
    [
        new(1, 0, Metadata(("producer", "test"))),
        new(2, 0, [0xAB, 0xCD]),
        new(3, 0, new LayerPayload().ToBytes()),
    ];

    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        var header = new byte[FormatConstants.HeaderSize];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), SectionCount ?? (uint)Sections.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), Crc32.HashToUInt32(header.AsSpan(0, 20)) ^ (CorruptHeaderCrc ? 1u : 0u));
        output.Write(header);
        foreach (var section in Sections)
        {
            var framed = new byte[FormatConstants.SectionHeaderSize + section.Payload.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(framed, section.Kind);
            BinaryPrimitives.WriteUInt16LittleEndian(framed.AsSpan(2), section.Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(4), section.LengthOverride ?? (uint)section.Payload.Length);
            section.Payload.CopyTo(framed, FormatConstants.SectionHeaderSize);
            output.Write(framed);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(framed) ^ (section.CorruptCrc ? 1u : 0u));
            output.Write(crc);
        }

        return output.ToArray();
    }

    public static byte[] Metadata(params (string Key, string Value)[] pairs) =>
        Metadata(pairs.Select(p => (System.Text.Encoding.UTF8.GetBytes(p.Key), System.Text.Encoding.UTF8.GetBytes(p.Value))).ToArray());

    public static byte[] Metadata((byte[] Key, byte[] Value)[] pairs, uint? count = null)
    {
        using var output = new MemoryStream();
        Leb128.Write(output, count ?? (uint)pairs.Length);
        foreach (var (key, value) in pairs)
        {
            Leb128.Write(output, (uint)key.Length);
            output.Write(key);
            Leb128.Write(output, (uint)value.Length);
            output.Write(value);
        }

        return output.ToArray();
    }

    internal sealed record Section(ushort Kind, ushort Flags, byte[] Payload)
    {
        public uint? LengthOverride { get; init; }

        public bool CorruptCrc { get; init; }
    }
}
