using DeepCompress.Core.Coding;

namespace DeepCompress.Core.Tests.Coding;

public class HuffmanRoundTripTests
{
    public static TheoryData<int> AwkwardLengths => new()
    {
        0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1023,
        CodingConstants.MinInterleavedSymbols - 1, CodingConstants.MinInterleavedSymbols, CodingConstants.MinInterleavedSymbols + 1,
        CodingConstants.MinInterleavedSymbols + 2, CodingConstants.MinInterleavedSymbols + 3, 100_003,
    };

    [Theory]
    [MemberData(nameof(AwkwardLengths))]
    public void UniformRoundTrip(int count) => AssertRoundTrip(CodingTestData.Uniform(count, 37, count), 37);

    [Theory]
    [MemberData(nameof(AwkwardLengths))]
    public void SkewedRoundTrip(int count) => AssertRoundTrip(CodingTestData.Geometric(count, 256, 0.7, count), 256);

    [Theory]
    [MemberData(nameof(AwkwardLengths))]
    public void GaussianRoundTrip(int count) => AssertRoundTrip(CodingTestData.Gaussian(count, 64, count), 64);

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(1000)]
    public void SingleSymbolRoundTripsWithOneBitPerSymbol(int count)
    {
        var symbols = Enumerable.Repeat((ushort)5, count).ToArray();
        var block = AssertRoundTrip(symbols, 8);
        var streamBytes = (count + 7) / 8;
        Assert.True(block.Length <= 4 + Leb128.SizeOf((uint)streamBytes) + streamBytes, $"{block.Length} bytes");
    }

    [Fact]
    public void SparseSixteenBitAlphabetWithMostUsedSymbolsRoundTrips()
    {
        // 2^15 distinct even symbols up to 65534: the most a 15-bit code can hold, spread over the whole range.
        var symbols = new ushort[CodingConstants.MaxAlphabetSize * 2];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = (ushort)((i * 40503) & 0xFFFE);
        }

        AssertRoundTrip(symbols, CodingConstants.MaxAlphabetSize);
    }

    [Fact]
    public void MoreUsedSymbolsThanFifteenBitCodesCanHoldAreRejected()
    {
        var symbols = Enumerable.Range(0, (1 << CodingConstants.MaxCodeLength) + 1).Select(i => (ushort)i).ToArray();
        Assert.Throws<ArgumentException>(() => HuffmanBlock.Encode(symbols, CodingConstants.MaxAlphabetSize));
    }

    [Fact]
    public void LongCodesTakeTheSlowPathAndRoundTrip()
    {
        var counts = HuffmanCodeLengthsTests.FibonacciCounts(25);
        var random = new Random(7);
        var symbols = new List<ushort>();
        for (var s = 0; s < counts.Length; s++)
        {
            for (long k = 0; k < Math.Min(counts[s], 2000); k++)
            {
                symbols.Add((ushort)s);
            }
        }

        var shuffled = symbols.OrderBy(_ => random.Next()).ToArray();
        var lengths = HuffmanCodeLengths.Build(SymbolStatistics.Histogram(shuffled, counts.Length));
        Assert.True(lengths.Max() > CodingConstants.DecodeTableBits);
        AssertRoundTrip(shuffled, counts.Length);
    }

    [Theory]
    [InlineData(64, 0)]
    [InlineData(256, 1)]
    public void LongStreamsAreWithinThreePercentOfEntropyPlusTable(int alphabetSize, int shape)
    {
        var symbols = shape == 0
            ? CodingTestData.Gaussian(1_000_000, alphabetSize, 11)
            : CodingTestData.Geometric(1_000_000, alphabetSize, 0.97, 11);
        var counts = SymbolStatistics.Histogram(symbols, alphabetSize);
        var entropyBytes = SymbolStatistics.EntropyBits(counts) / 8;
        var tableBytes = HuffmanTable.Write(HuffmanBlock.ChooseLengths(counts)).Length;
        var block = HuffmanBlock.Encode(symbols, alphabetSize);
        Assert.True(block.Length <= (entropyBytes * 1.03) + tableBytes + 8, $"{block.Length} bytes vs entropy {entropyBytes:F0} + table {tableBytes}");
        var singleStreamBytes = HuffmanBlock.MeasureEncodedBytes(counts);
        Assert.InRange(block.Length - singleStreamBytes, 3, (3 * 5) + 3);
    }

    [Fact]
    public void ShortStreamOverLargeAlphabetUsesTheFlatCode()
    {
        var symbols = CodingTestData.Uniform(300, 256, 4);
        var counts = SymbolStatistics.Histogram(symbols, 256);
        var alphabetSize = Array.FindLastIndex(counts, c => c > 0) + 1;
        Assert.Equal(HuffmanTable.FlatLengths(alphabetSize), HuffmanBlock.ChooseLengths(counts)[..alphabetSize]);
        var block = AssertRoundTrip(symbols, 256);
        Assert.True(block.Length <= 300 + 4, $"{block.Length} bytes");
    }

    [Fact]
    public void EncodingIsDeterministic()
    {
        var symbols = CodingTestData.Gaussian(50_000, 64, 3);
        Assert.Equal(HuffmanBlock.Encode(symbols, 64), HuffmanBlock.Encode(symbols, 64));
    }

    [Fact]
    public void EncoderRejectsSymbolWithoutCode()
    {
        var encoder = new HuffmanEncoder(new byte[] { 1, 1 });
        Assert.Throws<ArgumentException>(() => encoder.Encode(new ushort[] { 0, 2, 1, 0, 1, 0, 1, 1, 1, 1 }, new byte[64]));
    }

    [Fact]
    public void EncoderRejectsShortDestination()
    {
        var encoder = new HuffmanEncoder(new byte[] { 1, 1 });
        Assert.Throws<ArgumentException>(() => encoder.Encode(new ushort[20], new byte[2]));
    }

    private static byte[] AssertRoundTrip(ushort[] symbols, int alphabetSize)
    {
        var block = HuffmanBlock.Encode(symbols, alphabetSize);
        var offset = 0;
        var decoded = HuffmanBlock.Decode(block, ref offset, symbols.Length, alphabetSize, out var tableBytes, out var streamBytes);
        Assert.Equal(symbols, decoded);
        Assert.Equal(block.Length, offset);
        Assert.Equal(block.Length, tableBytes + streamBytes);
        return block;
    }
}
