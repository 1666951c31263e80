using System.Buffers.Binary;
using DeepCompress.Core.Coding;

namespace DeepCompress.Format.Tests;

/// <summary>A layer section payload written field by field (see <see cref="HandcraftedContainer"/> for the defaults).</summary>
internal sealed class LayerPayload
{
    public byte[] Name { get; set; } = "fc"u8.ToArray();

    public uint? NameLength { get; set; }

    public byte Class { get; set; } = 1;

    public byte Layout { get; set; }

    public uint[] Shape { get; set; } = [2, 4];

    public uint? Rank { get; set; }

    public float[] Codebook { get; set; } = [-0.5f, 0.25f];

    public uint? CodebookSize { get; set; }

    public uint NonZeroCount { get; set; } = 2;

    public byte GapWidth { get; set; } = 2;

    public uint? GapSymbolCount { get; set; }

    public byte[] GapBlock { get; set; } = HuffmanBlock.Encode(new ushort[] { 1, 3, 1 }, 4);

    public byte[] CodeBlock { get; set; } = HuffmanBlock.Encode(new ushort[] { 0, 1 }, 2);

    public byte[] Trailing { get; set; } = [];

    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        Leb128.Write(output, NameLength ?? (uint)Name.Length);
        output.Write(Name);
        output.WriteByte(Class);
        output.WriteByte(Layout);
        Leb128.Write(output, Rank ?? (uint)Shape.Length);
        foreach (var dimension in Shape)
        {
            Leb128.Write(output, dimension);
        }

        Leb128.Write(output, CodebookSize ?? (uint)Codebook.Length);
        var value = new byte[4];
        foreach (var entry in Codebook)
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, entry);
            output.Write(value);
        }

        Leb128.Write(output, NonZeroCount);
        output.WriteByte(GapWidth);
        Leb128.Write(output, GapSymbolCount ?? 3);
        output.Write(GapBlock);
        output.Write(CodeBlock);
        output.Write(Trailing);
        return output.ToArray();
    }

    /// <summary>A valid container holding this payload as its only layer.</summary>
    public byte[] InContainer()
    {
        var container = new HandcraftedContainer();
        container.Sections[2] = new HandcraftedContainer.Section(3, 0, ToBytes());
        return container.ToBytes();
    }
}
