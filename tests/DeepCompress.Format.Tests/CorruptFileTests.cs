using DeepCompress.Core.Coding;

namespace DeepCompress.Format.Tests;

/// <summary>
/// One handcrafted file per "considered corrupted" condition of docs/format.md (the condition id is the case
/// name). CRCs are recomputed unless the defect is the CRC itself, so each file reaches the check it targets.
/// </summary>
public class CorruptFileTests
{
    private static readonly Dictionary<string, (Func<byte[]> Build, string Message)> Cases = new()
    {
        ["F1 file shorter than the header"] = (() => new HandcraftedContainer().ToBytes()[..20], "shorter than the header (20 vs limit 24)"),
        ["F2 magic"] = (() => new HandcraftedContainer { Magic = [0x89, 0x44, 0x43, 0x5A, 0x0D, 0x0A, 0x1A, 0x0B] }.ToBytes(), "magic"),
        ["F3 version 0"] = (() => new HandcraftedContainer { Version = 0 }.ToBytes(), "version (0 vs limit 1..1)"),
        ["F4 header CRC"] = (() => new HandcraftedContainer { CorruptHeaderCrc = true }.ToBytes(), "header CRC-32"),
        ["F5 reserved flags"] = (() => new HandcraftedContainer { Flags = 4 }.ToBytes(), "reserved header flags (0x00000004 vs limit 0)"),
        ["F6 section count below 2"] = (() => Sections(1), "section count (1 vs limit 2.."),
        ["F6 section count above the bytes"] = (() => new HandcraftedContainer { SectionCount = 1000 }.ToBytes(), "section count (1000 vs limit 2.."),
        ["F7 section truncated"] = (() => Truncated(), "section 2 truncated"),
        ["F8 section payload length past the end"] = (() => WithSection(2, s => s with { LengthOverride = 5000 }), "section 2 payload length (5000 vs limit"),
        ["F9 section CRC"] = (() => WithSection(1, s => s with { CorruptCrc = true }), "section 1 CRC-32"),
        ["F10 section kind out of order"] = (() => WithSection(1, s => s with { Kind = 3 }), "section 1 kind (3 vs limit 2 (Graph))"),
        ["F11 metadata section flags"] = (() => WithSection(0, s => s with { Flags = 1 }), "section 0 flags (0x0001 vs limit 0x0000 allowed)"),
        ["F11 graph section unknown flag"] = (() => WithSection(1, s => s with { Flags = 2 }), "section 1 flags (0x0002 vs limit 0x0001 allowed)"),
        ["G1 compressed graph declares size 0"] = (() => Graph(Prefixed(0, Brotli([1, 2, 3]))), "graph decompressed size (0 vs limit 1..1073741824)"),
        ["G1 compressed graph declares size above the limit"] = (() => Graph(Prefixed((1u << 30) + 1, Brotli([1, 2, 3]))), "graph decompressed size: value out of range (1073741825 vs limit 1073741824)"),
        ["G2 compressed graph shorter than declared"] = (() => Graph(Prefixed(4, Brotli([1, 2, 3]))), "graph decompressed bytes differ from the declared size (3 vs limit 4)"),
        ["G2 compressed graph longer than declared"] = (() => Graph(Prefixed(2, Brotli([1, 2, 3]))), "graph decompresses past the declared size (> 2 vs limit 2)"),
        ["G2 decompression bomb"] = (() => Graph(Prefixed(1000, Brotli(new byte[1 << 24]))), "graph decompresses past the declared size (> 1000 vs limit 1000)"),
        ["G3 compressed graph truncated"] = (() => Graph(Prefixed(3000, Brotli(Enumerable.Range(0, 3000).Select(i => (byte)(i * i >> 3)).ToArray())[..^3])), "graph Brotli stream truncated"),
        ["G3 compressed graph not Brotli"] = (() => Graph(Prefixed(3, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])), "graph Brotli stream invalid"),
        ["G4 bytes after the compressed graph"] = (() => Graph(Prefixed(3, [.. Brotli([1, 2, 3]), 0])), "bytes after the graph's Brotli stream (1 vs limit 0)"),
        ["F12 bytes after the last section"] = (() => new HandcraftedContainer().ToBytes().Concat(new byte[12]).ToArray(), "bytes after the last section (12 vs limit 0)"),
        ["M1 metadata pair count"] = (() => Metadata(HandcraftedContainer.Metadata([], count: 50)), "metadata pair count"),
        ["M2 empty metadata key"] = (() => Metadata(HandcraftedContainer.Metadata(("", "x"))), "metadata key 0 length (0 vs limit 1..4096)"),
        ["M3 metadata keys out of order"] = (() => Metadata(HandcraftedContainer.Metadata(("b", "1"), ("a", "2"))), "metadata key 1 not after the previous key"),
        ["M3 duplicate metadata key"] = (() => Metadata(HandcraftedContainer.Metadata(("a", "1"), ("a", "2"))), "metadata key 1 not after the previous key"),
        ["M4 metadata key not UTF-8"] = (() => Metadata(HandcraftedContainer.Metadata([([0xC3, 0x28], [0x41])])), "metadata key 0 is not valid UTF-8"),
        ["M4 metadata value not UTF-8"] = (() => Metadata(HandcraftedContainer.Metadata([([0x41], [0xFF])])), "metadata value 0 is not valid UTF-8"),
        ["M5 metadata value past the payload"] = (() => Metadata([1, 1, 0x41, 9, 0x42]), "metadata value 0 length"),
        ["M6 bytes after the last metadata pair"] = (() => Metadata([0, 0]), "bytes after the last metadata pair (1 vs limit 0)"),
        ["V1 varint not in shortest form"] = (() => Metadata([0x80, 0x00]), "shortest form"),
        ["V2 varint truncated"] = (() => Metadata([0x80]), "varint truncated"),
        ["L1 empty layer name"] = (() => new LayerPayload { Name = [] }.InContainer(), "layer 0 name length (0 vs limit 1..4096)"),
        ["L1 layer name past the payload"] = (() => new LayerPayload { NameLength = 200 }.InContainer(), "layer 0 name length"),
        ["L2 layer name not UTF-8"] = (() => new LayerPayload { Name = [0xE2, 0x82] }.InContainer(), "layer 0 name is not valid UTF-8"),
        ["L3 duplicate layer name"] = (() => DuplicateLayer(), "layer 1 name 'fc' repeats an earlier layer"),
        ["L4 layer class"] = (() => new LayerPayload { Class = 2 }.InContainer(), "layer 0 'fc' class (2 vs limit 0..1)"),
        ["L5 layer layout"] = (() => new LayerPayload { Layout = 1 }.InContainer(), "layer 0 'fc' layout (1 vs limit 0)"),
        ["L6 rank 0"] = (() => new LayerPayload { Shape = [] }.InContainer(), "rank (0 vs limit 1..8)"),
        ["L6 rank 9"] = (() => new LayerPayload { Shape = [1, 1, 1, 1, 1, 1, 1, 2, 4] }.InContainer(), "rank: value out of range (9 vs limit 8)"),
        ["L7 element count overflow"] = (() => new LayerPayload { Shape = [65536, 65536] }.InContainer(), "element count (4294967296 vs limit 2147483647)"),
        ["L8 codebook past the payload"] = (() => new LayerPayload { CodebookSize = 1000 }.InContainer(), "codebook past the payload (1000 vs limit"),
        ["L8 codebook above 65536 entries"] = (() => new LayerPayload { CodebookSize = 65537 }.InContainer(), "codebook size: value out of range (65537 vs limit 65536)"),
        ["L8 codebook one entry past the payload"] = (() => LastCodebookEntryCut(), "codebook past the payload (2 vs limit 1)"),
        ["L1 layer name one byte past the payload"] = (() => NameToTheEnd(), "name length: runs past the end (4 vs limit 3)"),
        ["M5 metadata key one byte past the payload"] = (() => Metadata([1, 2, 0x41]), "metadata key 0 length: runs past the end (2 vs limit 1)"),
        ["L15 stream length one byte past the payload"] = (() => new LayerPayload { CodeBlock = [5, 0x81, 0x01] }.InContainer(), "Huffman stream length: runs past the end (129 vs limit 0)"),
        ["L9 nonzero count above the element count"] = (() => new LayerPayload { NonZeroCount = 9 }.InContainer(), "nonzero count: value out of range (9 vs limit 8)"),
        ["L10 nonzeros with an empty codebook"] = (() => new LayerPayload { Codebook = [] }.InContainer(), "nonzero count with an empty codebook (2 vs limit 0)"),
        ["L11 gap width 0"] = (() => new LayerPayload { GapWidth = 0 }.InContainer(), "gap width (0 vs limit 1..15)"),
        ["L11 gap width 16"] = (() => new LayerPayload { GapWidth = 16 }.InContainer(), "gap width (16 vs limit 1..15)"),
        ["L12 gap symbol count below the nonzero count"] = (() => new LayerPayload { GapSymbolCount = 1 }.InContainer(), "gap symbol count below the nonzero count (1 vs limit >= 2)"),
        ["L12 gap symbol count above the bits"] = (() => new LayerPayload { GapSymbolCount = 5000 }.InContainer(), "gap symbol count: value out of range (5000 vs limit"),
        ["L13 gap table alphabet above 2^width"] = (() => new LayerPayload { GapWidth = 1 }.InContainer(), "alphabet size (4 vs limit 2)"),
        ["L13 code table alphabet above the codebook"] = (() => new LayerPayload { Codebook = [1f] }.InContainer(), "alphabet size (2 vs limit 1)"),
        ["L14 incomplete code"] = (() => new LayerPayload { GapBlock = [8, 0x10, 0x32, 1, 0x00] }.InContainer(), "Kraft sum"),
        ["L14 table zero runs not maximal"] = (() => new LayerPayload { GapBlock = [8, 0x00, 0x10, 0x01, 1, 0x00] }.InContainer(), "consecutive zero runs"),
        ["L15 stream length past the payload"] = (() => new LayerPayload { CodeBlock = [5, 40, 0x02] }.InContainer(), "Huffman stream length"),
        ["L16 symbol count above the bits"] = (() => new LayerPayload { GapSymbolCount = 9, GapBlock = [9, 1, 0x01], Trailing = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }.InContainer(), "symbol count exceeds the bits present (9 vs limit 8)"),
        ["L16 stream runs out of bits"] = (() => OutOfBits(), "bits consumed (10 vs limit 8)"),
        ["L16 bytes after the last symbol"] = (() => new LayerPayload { CodeBlock = [5, 2, 0x02, 0x00] }.InContainer(), "bytes after the last symbol (1 vs limit 0)"),
        ["L16 nonzero padding bits"] = (() => new LayerPayload { CodeBlock = [5, 1, 0x06] }.InContainer(), "nonzero padding bits"),
        ["L16 bits that are no code"] = (() => new LayerPayload { CodeBlock = [3, 1, 0b10] }.InContainer(), "are no code"),
        ["L17 position past the tensor"] = (() => new LayerPayload { GapWidth = 3, GapSymbolCount = 2, GapBlock = HuffmanBlock.Encode(new ushort[] { 1, 6 }, 8) }.InContainer(), "position past the tensor (8 vs limit 7)"),
        ["L17 more gaps than nonzeros"] = (() => new LayerPayload { NonZeroCount = 1, GapSymbolCount = 2, GapBlock = HuffmanBlock.Encode(new ushort[] { 1, 1 }, 4), CodeBlock = HuffmanBlock.Encode(new ushort[] { 0 }, 2) }.InContainer(), "more gaps than nonzeros (2 vs limit 1)"),
        ["L17 fewer gaps than nonzeros"] = (() => new LayerPayload { GapBlock = HuffmanBlock.Encode(new ushort[] { 1, 3, 3 }, 4), Shape = [4, 4] }.InContainer(), "fewer gaps than nonzeros (1 vs limit 2)"),
        ["L17 gap stream ends in padding"] = (() => new LayerPayload { GapSymbolCount = 4, GapBlock = HuffmanBlock.Encode(new ushort[] { 1, 3, 1, 3 }, 4), Shape = [4, 4] }.InContainer(), "ends in padding"),
        ["L19 jump table past the interleaved block"] = (() => InterleavedCodeBlock([0xC8, 0x01, 0xC8, 0x01, 0xC8, 0x01]), "Huffman jump table: streams 0..2 run past the block (600 vs limit 512)"),
        ["L19 jump table varint too long"] = (() => InterleavedCodeBlock([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), "jump table entry 0: varint too long"),
        ["L18 bytes after the code stream"] = (() => new LayerPayload { Trailing = [0] }.InContainer(), "bytes after the code stream (1 vs limit 0)"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void HandcraftedBaselineIsValid()
    {
        var model = DczReader.Read(new HandcraftedContainer().ToBytes(), "base.dcz");
        var layer = Assert.Single(model.Layers);
        Assert.Equal("fc", layer.Name);
        Assert.Equal([1, 6], layer.Weights.Positions);
        Assert.Equal([0, 1], layer.Weights.Codes);
        Assert.Equal("test", model.Metadata["producer"]);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void DefectIsReportedAsInvalidContainer(string caseName)
    {
        var (build, message) = Cases[caseName];
        var ex = Assert.Throws<InvalidContainerException>(() => DczReader.Read(build(), "bad.dcz"));
        Assert.StartsWith("bad.dcz: ", ex.Message);
        Assert.Contains(message, ex.Message);
        Assert.Contains(" vs limit ", ex.Message);
        Assert.Throws<InvalidContainerException>(() => DczReader.Inspect(build(), "bad.dcz"));
    }

    [Fact]
    public void BombDeclaringTheLimitAllocatesOnlyWhatItDecodes()
    {
        var bomb = Graph(Prefixed(1u << 30, Brotli(new byte[100])));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidContainerException>(() => DczReader.Read(bomb, "bomb.dcz"));
        Assert.Contains("graph decompressed bytes differ from the declared size (100 vs limit 1073741824)", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void NewerVersionIsUnsupported()
    {
        var ex = Assert.Throws<NotSupportedException>(() => DczReader.Read(new HandcraftedContainer { Version = 2 }.ToBytes(), "new.dcz"));
        Assert.Equal("new.dcz: .dcz version 2 is newer than this reader supports (version 1)", ex.Message);
    }

    private static byte[] Sections(uint count)
    {
        var container = new HandcraftedContainer { SectionCount = count };
        container.Sections.RemoveRange(1, 2);
        return container.ToBytes();
    }

    private static byte[] Truncated()
    {
        var bytes = new HandcraftedContainer().ToBytes();
        var container = new HandcraftedContainer();
        container.Sections.RemoveAt(2);
        container.SectionCount = 3;
        var withoutLayer = container.ToBytes();
        // Keep room for the declared section count but leave the third section's framing incomplete.
        return withoutLayer.Concat(new byte[11]).ToArray()[..Math.Min(bytes.Length, withoutLayer.Length + 11)];
    }

    private static byte[] WithSection(int index, Func<HandcraftedContainer.Section, HandcraftedContainer.Section> change)
    {
        var container = new HandcraftedContainer();
        container.Sections[index] = change(container.Sections[index]);
        return container.ToBytes();
    }

    private static byte[] Graph(byte[] compressedPayload) => WithSection(1, s => s with { Flags = FormatConstants.GraphFlagBrotli, Payload = compressedPayload });

    private static byte[] Prefixed(uint declaredSize, byte[] stream)
    {
        using var output = new MemoryStream();
        Leb128.Write(output, declaredSize);
        output.Write(stream);
        return output.ToArray();
    }

    internal static byte[] Brotli(byte[] data)
    {
        var buffer = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(data.Length)];
        Assert.True(System.IO.Compression.BrotliEncoder.TryCompress(data, buffer, out var written, 11, 22));
        return buffer[..written];
    }

    private static byte[] Metadata(byte[] payload) => WithSection(0, s => s with { Payload = payload });

    // A payload that ends inside the codebook: the size varint fits, the second float does not.
    private static byte[] LastCodebookEntryCut()
    {
        var payload = new LayerPayload().ToBytes();
        var codebookStart = 1 + 2 + 2 + 1 + 2 + 1;
        return WithSection(2, s => s with { Payload = payload[..(codebookStart + 4 + 3)] });
    }

    // A payload of a name-length varint claiming every byte after the length field plus one.
    private static byte[] NameToTheEnd() => WithSection(2, s => s with { Payload = [4, 0x61, 0x62, 0x63] });

    private static byte[] DuplicateLayer()
    {
        var container = new HandcraftedContainer();
        container.Sections.Add(container.Sections[2]);
        return container.ToBytes();
    }

    // 4096 nonzeros (the interleaved minimum), every position used: the gap block is valid and interleaved, the
    // code block's S bytes start with the given jump table and are padded with zero bytes to 512 stream bytes.
    private static byte[] InterleavedCodeBlock(byte[] jumpTable)
    {
        var count = CodingConstants.MinInterleavedSymbols;
        using var codeBlock = new MemoryStream();
        codeBlock.WriteByte(5);
        Leb128.Write(codeBlock, (uint)(jumpTable.Length + (count / 8)));
        codeBlock.Write(jumpTable);
        codeBlock.Write(new byte[count / 8]);
        return new LayerPayload
        {
            Shape = [(uint)count],
            NonZeroCount = (uint)count,
            GapWidth = 1,
            GapSymbolCount = (uint)count,
            GapBlock = HuffmanBlock.Encode(new ushort[count], 2),
            CodeBlock = codeBlock.ToArray(),
        }.InContainer();
    }

    // Five nonzeros of a 4-entry flat code need 10 bits; the stream holds 8.
    private static byte[] OutOfBits() => new LayerPayload
    {
        Shape = [8],
        Codebook = [1f, 2f, 3f, 4f],
        NonZeroCount = 5,
        GapWidth = 1,
        GapSymbolCount = 5,
        GapBlock = HuffmanBlock.Encode(new ushort[5], 2),
        CodeBlock = [9, 1, 0x00],
    }.InContainer();
}
