using DeepCompress.Core.Coding;

namespace DeepCompress.Core.Tests.Coding;

public class HuffmanCorruptionTests
{
    [Fact]
    public void TableRoundTripsWithRuns()
    {
        var lengths = new byte[300];
        lengths[0] = 1;
        lengths[299] = 2;
        lengths[150] = 2;
        var table = HuffmanTable.Write(lengths);
        Assert.Equal(lengths, HuffmanTable.Read(table, out var consumed));
        Assert.Equal(table.Length, consumed);
    }

    [Fact]
    public void FlatCodeIsStoredWithoutLengths()
    {
        var lengths = HuffmanTable.FlatLengths(5);
        Assert.Equal(new byte[] { 2, 2, 2, 3, 3 }, lengths);
        var table = HuffmanTable.Write(lengths);
        Assert.Equal(new byte[] { 11 }, table);
        Assert.Equal(lengths, HuffmanTable.Read(table, out var consumed));
        Assert.Equal(1, consumed);
    }

    [Fact]
    public void FlatCodeStoredAsLengthsIsCorruption()
    {
        // header 2n = 4 (n = 2, not flat), lengths 1, 1: the flat code of 2 symbols in its long form.
        Assert.Contains("flat form", Assert.Throws<InvalidCodedDataException>(() => HuffmanTable.Read(new byte[] { 4, 0x11 }, out _)).Message);
    }

    [Fact]
    public void FlatCodeWithoutSymbolsIsCorruption() =>
        Assert.Contains("flat code", Assert.Throws<InvalidCodedDataException>(() => HuffmanTable.Read(new byte[] { 1 }, out _)).Message);

    [Fact]
    public void IncompleteCodeIsCorruption() =>
        AssertCorrupt(new byte[] { 1, 2 }, "Kraft");

    [Fact]
    public void OversubscribedCodeIsCorruption() =>
        AssertCorrupt(new byte[] { 1, 1, 1 }, "Kraft");

    [Fact]
    public void OneSymbolCodeLongerThanOneBitIsCorruption() =>
        AssertCorrupt(new byte[] { 0, 3 }, "one-symbol");

    [Fact]
    public void CodeLengthAboveLimitIsCorruption() =>
        Assert.Contains("vs limit 15", Assert.Throws<InvalidCodedDataException>(() => HuffmanTable.Validate(new byte[] { 1, 16 })).Message);

    [Fact]
    public void RunPastTheAlphabetIsCorruption()
    {
        // header 2n = 6 (n = 3), nibbles: 1, then a zero run of 3 (run-1 = 2) although only 2 symbols remain.
        var data = new byte[] { 6, 0x01, 0x02 };
        Assert.Contains("zero run", Assert.Throws<InvalidCodedDataException>(() => HuffmanTable.Read(data, out _)).Message);
    }

    [Fact]
    public void ConsecutiveRunsAreCorruption()
    {
        // header 2n = 8 (n = 4): zero run of 1, zero run of 1, then lengths 1, 1.
        var data = new byte[] { 8, 0x00, 0x00, 0x11 };
        Assert.Contains("consecutive", Assert.Throws<InvalidCodedDataException>(() => HuffmanTable.Read(data, out _)).Message);
    }

    [Fact]
    public void NonzeroTablePaddingIsCorruption()
    {
        // header 2n = 2 (n = 1): one nibble (length 1) and a padding nibble that must be zero.
        Assert.Contains("padding", Assert.Throws<InvalidCodedDataException>(() => HuffmanTable.Read(new byte[] { 2, 0x51 }, out _)).Message);
    }

    [Fact]
    public void TruncatedTableIsCorruption() =>
        Assert.Throws<InvalidCodedDataException>(() => HuffmanTable.Read(new byte[] { 10, 0x11 }, out _));

    [Fact]
    public void AlphabetAboveLimitIsCorruption()
    {
        var block = HuffmanBlock.Encode(new ushort[] { 0, 9, 9 }, 10);
        var offset = 0;
        Assert.Contains("vs limit 9", Assert.Throws<InvalidCodedDataException>(() => HuffmanBlock.Decode(block, ref offset, 3, 9, out _, out _)).Message);
    }

    [Fact]
    public void TruncatedStreamIsCorruption()
    {
        var symbols = CodingTestData.Gaussian(1000, 64, 5);
        var (decoder, stream) = Encode(symbols, 64);
        for (var cut = 1; cut < 20; cut++)
        {
            Assert.Throws<InvalidCodedDataException>(() => decoder.Decode(stream.AsSpan(0, stream.Length - cut), new ushort[symbols.Length]));
        }
    }

    [Fact]
    public void TrailingBytesAreCorruption()
    {
        var symbols = CodingTestData.Gaussian(1000, 64, 5);
        var (decoder, stream) = Encode(symbols, 64);
        var longer = stream.Concat(new byte[] { 0 }).ToArray();
        Assert.Contains("after the last symbol", Assert.Throws<InvalidCodedDataException>(() => decoder.Decode(longer, new ushort[symbols.Length])).Message);
    }

    [Fact]
    public void NonzeroStreamPaddingIsCorruption()
    {
        var decoder = new HuffmanDecoder(new byte[] { 1, 1 });
        Assert.Contains("padding", Assert.Throws<InvalidCodedDataException>(() => decoder.Decode(new byte[] { 0b1000_0000 }, new ushort[3])).Message);
    }

    [Fact]
    public void OneSymbolCodeRejectsTheUnusedBit()
    {
        var decoder = new HuffmanDecoder(new byte[] { 0, 1 });
        var output = new ushort[4];
        decoder.Decode(new byte[] { 0 }, output);
        Assert.All(output, s => Assert.Equal(1, s));
        Assert.Contains("no code", Assert.Throws<InvalidCodedDataException>(() => decoder.Decode(new byte[] { 0b0100 }, new ushort[4])).Message);
    }

    [Fact]
    public void MoreSymbolsThanBitsIsCorruption()
    {
        var decoder = new HuffmanDecoder(new byte[] { 1, 1 });
        Assert.Contains("exceeds the bits", Assert.Throws<InvalidCodedDataException>(() => decoder.Decode(new byte[1], new ushort[9])).Message);
    }

    [Fact]
    public void EmptyCodeWithSymbolsIsCorruption() =>
        Assert.Throws<InvalidCodedDataException>(() => new HuffmanDecoder(Array.Empty<byte>()).Decode(new byte[1], new ushort[1]));

    [Fact]
    public void RandomStreamsNeverEscapeWithAnotherException()
    {
        var random = new Random(99);
        var decoder = new HuffmanDecoder(HuffmanCodeLengths.Build(SymbolStatistics.Histogram(HuffmanCodeLengthsTests.FibonacciCounts(20).Select((c, s) => (ushort)s).ToArray(), 20)));
        for (var trial = 0; trial < 3000; trial++)
        {
            var stream = new byte[random.Next(0, 40)];
            random.NextBytes(stream);
            try
            {
                decoder.Decode(stream, new ushort[random.Next(0, 200)]);
            }
            catch (InvalidCodedDataException)
            {
            }
        }
    }

    private static (HuffmanDecoder Decoder, byte[] Stream) Encode(ushort[] symbols, int alphabetSize)
    {
        var counts = SymbolStatistics.Histogram(symbols, alphabetSize);
        var lengths = HuffmanCodeLengths.Build(counts);
        var encoder = new HuffmanEncoder(lengths);
        var stream = new byte[(encoder.GetEncodedBitLength(counts) + 7) / 8];
        Assert.Equal(stream.Length, encoder.Encode(symbols, stream));
        return (new HuffmanDecoder(lengths), stream);
    }

    private static void AssertCorrupt(byte[] lengths, string expected)
    {
        var table = HuffmanTable.Write(lengths);
        Assert.Contains(expected, Assert.Throws<InvalidCodedDataException>(() => HuffmanTable.Read(table, out _)).Message);
        Assert.Throws<InvalidCodedDataException>(() => new HuffmanDecoder(lengths));
    }
}
