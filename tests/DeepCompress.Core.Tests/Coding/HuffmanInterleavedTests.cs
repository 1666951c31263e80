using DeepCompress.Core.Coding;

namespace DeepCompress.Core.Tests.Coding;

/// <summary>The interleaved (four-stream) form: round trips around the threshold and corrupt jump tables.</summary>
public class HuffmanInterleavedTests
{
    private const int Min = CodingConstants.MinInterleavedSymbols;

    public static TheoryData<int> LengthsAroundTheThreshold => new() { CodingConstants.MinInterleavableSymbols, CodingConstants.MinInterleavableSymbols + 1, 63, 1023, Min - 1, Min, Min + 1, Min + 2, Min + 3, Min + 4, Min + 63, (4 * Min) + 7, 100_003 };

    [Theory]
    [MemberData(nameof(LengthsAroundTheThreshold))]
    public void GaussianRoundTrips(int count) => AssertRoundTrip(CodingTestData.Gaussian(count, 64, count), 64);

    [Theory]
    [MemberData(nameof(LengthsAroundTheThreshold))]
    public void SkewedRoundTrips(int count) => AssertRoundTrip(CodingTestData.Geometric(count, 256, 0.7, count), 256);

    [Theory]
    [MemberData(nameof(LengthsAroundTheThreshold))]
    public void OneSymbolCodeRoundTrips(int count) => AssertRoundTrip(new ushort[count], 1);

    [Fact]
    public void LongCodesTakeTheSlowPathInEveryStream()
    {
        var counts = HuffmanCodeLengthsTests.FibonacciCounts(25);
        var random = new Random(17);
        var symbols = Enumerable.Range(0, 3 * Min).Select(_ => (ushort)Math.Min(24, (int)(-Math.Log(1 - random.NextDouble()) * 3))).ToArray();
        symbols[10] = 24;
        symbols[Min + 10] = 24;
        var lengths = HuffmanCodeLengths.Build(counts);
        Assert.True(lengths.Max() > CodingConstants.DecodeTableBits);
        var data = new HuffmanEncoder(lengths).EncodeInterleaved(symbols);
        var decoded = new ushort[symbols.Length];
        new HuffmanDecoder(lengths).DecodeInterleaved(data, decoded);
        Assert.Equal(symbols, decoded);
    }

    [Fact]
    public void StreamsHoldConsecutiveSegmentsBehindTheJumpTable()
    {
        var symbols = CodingTestData.Gaussian(Min + 5, 64, 3);
        var (encoder, decoder, data) = Encode(symbols, 64);
        var segment = HuffmanDecoder.InterleavedSegmentLength(symbols.Length);
        Assert.Equal((Min / 4) + 2, segment);
        var offset = 0;
        var firstStream = (int)Leb128.Read(data, ref offset, uint.MaxValue, "size");
        var secondStream = (int)Leb128.Read(data, ref offset, uint.MaxValue, "size");
        var thirdStream = (int)Leb128.Read(data, ref offset, uint.MaxValue, "size");
        var single = new byte[firstStream];
        Assert.Equal(firstStream, encoder.Encode(symbols.AsSpan(0, segment), single));
        Assert.Equal(single, data.AsSpan(offset, firstStream).ToArray());
        var lastStream = data.Length - offset - firstStream - secondStream - thirdStream;
        var lastSymbols = new ushort[symbols.Length - (3 * segment)];
        decoder.Decode(data.AsSpan(data.Length - lastStream), lastSymbols);
        Assert.Equal(symbols[(3 * segment)..], lastSymbols);
    }

    [Fact]
    public void BlockChoosesTheFormByCount()
    {
        var below = HuffmanBlock.Encode(CodingTestData.Gaussian(Min - 1, 64, 1), 64);
        var at = HuffmanBlock.Encode(CodingTestData.Gaussian(Min, 64, 1), 64);
        var belowCounts = SymbolStatistics.Histogram(CodingTestData.Gaussian(Min - 1, 64, 1), 64);
        var atCounts = SymbolStatistics.Histogram(CodingTestData.Gaussian(Min, 64, 1), 64);
        Assert.Equal(HuffmanBlock.MeasureEncodedBytes(belowCounts), below.Length);
        Assert.InRange(at.Length - HuffmanBlock.MeasureEncodedBytes(atCounts), 3, 18);
    }

    [Fact]
    public void SpanOverloadWritesTheSameBytesAndRejectsAShortDestination()
    {
        var symbols = CodingTestData.Gaussian(Min + 9, 64, 8);
        var (encoder, _, data) = Encode(symbols, 64);
        var destination = new byte[data.Length + 5];
        Assert.Equal(data.Length, encoder.EncodeInterleaved(symbols, destination));
        Assert.Equal(data, destination[..data.Length]);
        Assert.Throws<ArgumentException>(() => encoder.EncodeInterleaved(symbols, new byte[data.Length - 1]));
    }

    [Fact]
    public void BelowTheMinimumIsRejectedByBothSides()
    {
        var lengths = new byte[] { 1, 1 };
        Assert.Throws<ArgumentException>(() => new HuffmanEncoder(lengths).EncodeInterleaved(new ushort[CodingConstants.MinInterleavableSymbols - 1]));
        Assert.Throws<ArgumentException>(() => new HuffmanDecoder(lengths).DecodeInterleaved(new byte[Min], new ushort[CodingConstants.MinInterleavableSymbols - 1]));
    }

    [Fact]
    public void JumpTablePastTheBlockIsCorruption()
    {
        var (_, decoder, data) = Encode(CodingTestData.Gaussian(Min, 64, 2), 64);
        AssertCorrupt(decoder, [0xFF, 0xFF, 0xFF, 0xFF, 0x07, .. data[1..]], Min, "run past the block");
        AssertCorrupt(decoder, [0x80], Min, "varint truncated");
        AssertCorrupt(decoder, [], Min, "varint truncated");
        AssertCorrupt(decoder, [0, 0], Min, "jump table entry 2: varint truncated");
    }

    [Fact]
    public void ThreeSizesSummingPastTheBlockAreCorruption()
    {
        var (_, decoder, _) = Encode(CodingTestData.Gaussian(Min, 64, 2), 64);
        // Three sizes of 100 bytes each, but only 250 bytes of streams follow.
        AssertCorrupt(decoder, [100, 100, 100, .. new byte[250]], Min, "run past the block (300 vs limit 250)");
    }

    [Fact]
    public void ShiftedStreamBoundaryIsCorruption()
    {
        var symbols = CodingTestData.Gaussian(2 * Min, 64, 4);
        var (_, decoder, data) = Encode(symbols, 64);
        var offset = 0;
        var first = Leb128.Read(data, ref offset, uint.MaxValue, "size");
        foreach (var delta in new[] { -1, 1 })
        {
            using var shifted = new MemoryStream();
            Leb128.Write(shifted, (uint)(first + delta));
            shifted.Write(data.AsSpan(Leb128.SizeOf(first)));
            var bytes = shifted.ToArray();
            Assert.Throws<InvalidCodedDataException>(() => decoder.DecodeInterleaved(bytes, new ushort[symbols.Length]));
        }
    }

    [Fact]
    public void EmptyStreamWithSymbolsIsCorruption()
    {
        var (_, decoder, data) = Encode(CodingTestData.Gaussian(Min, 64, 5), 64);
        var offset = 0;
        Leb128.Read(data, ref offset, uint.MaxValue, "size");
        AssertCorrupt(decoder, [0, .. data[offset..]], Min, "Huffman stream 0: symbol count exceeds the bits present");
    }

    [Fact]
    public void ByteFlipsNeverEscapeWithAnotherException()
    {
        var symbols = CodingTestData.Gaussian(Min + 3, 64, 6);
        var (_, decoder, data) = Encode(symbols, 64);
        var random = new Random(6);
        for (var trial = 0; trial < 2000; trial++)
        {
            var bytes = (byte[])data.Clone();
            var position = trial < 40 ? trial % 6 : random.Next(bytes.Length);
            bytes[position] ^= (byte)(1 << random.Next(8));
            try
            {
                decoder.DecodeInterleaved(bytes[..random.Next(bytes.Length - 3, bytes.Length + 1)], new ushort[symbols.Length]);
            }
            catch (InvalidCodedDataException)
            {
            }
        }
    }

    private static (HuffmanEncoder Encoder, HuffmanDecoder Decoder, byte[] Data) Encode(ushort[] symbols, int alphabetSize)
    {
        var lengths = HuffmanCodeLengths.Build(SymbolStatistics.Histogram(symbols, alphabetSize));
        var encoder = new HuffmanEncoder(lengths);
        return (encoder, new HuffmanDecoder(lengths), encoder.EncodeInterleaved(symbols));
    }

    private static void AssertRoundTrip(ushort[] symbols, int alphabetSize)
    {
        var (_, decoder, data) = Encode(symbols, alphabetSize);
        var decoded = new ushort[symbols.Length];
        decoder.DecodeInterleaved(data, decoded);
        Assert.Equal(symbols, decoded);
        if (symbols.Length < Min)
        {
            return;
        }

        var offset = 0;
        var block = HuffmanBlock.Encode(symbols, alphabetSize);
        Assert.Equal(symbols, HuffmanBlock.Decode(block, ref offset, symbols.Length, alphabetSize, out _, out _));
        Assert.Equal(block.Length, offset);
    }

    private static void AssertCorrupt(HuffmanDecoder decoder, byte[] data, int count, string expected) =>
        Assert.Contains(expected, Assert.Throws<InvalidCodedDataException>(() => decoder.DecodeInterleaved(data, new ushort[count])).Message);
}
