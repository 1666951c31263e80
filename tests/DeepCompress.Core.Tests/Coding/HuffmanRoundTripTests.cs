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
    public void ShortStreamOverSixtyFourSymbolsCannotReachItsEntropyWithAnyTableOrAdaptiveModel()
    {
        // LeNet-300-100 fc3's code histogram (260 codes, 6-bit codebook; docs/benchmarks.md, "Compression ratio").
        long[] counts =
        [
            2, 1, 1, 1, 1, 1, 2, 2, 4, 3, 1, 2, 2, 1, 3, 8, 9, 6, 10, 3, 4, 2, 9, 9, 2, 3, 3, 6, 5, 2, 7, 6,
            4, 1, 4, 5, 8, 13, 8, 4, 7, 5, 4, 3, 5, 2, 12, 13, 3, 4, 2, 2, 5, 4, 4, 4, 1, 2, 3, 2, 2, 1, 1, 1,
        ];
        var n = counts.Sum();
        var entropyBits = SymbolStatistics.EntropyBits(counts);
        var optimal = HuffmanCodeLengths.Build(counts);
        var huffmanBits = counts.Select((c, s) => c * optimal[s]).Sum();

        // The optimal prefix code itself is within 0.5% of the entropy; its 64 stored lengths are what it cannot pay.
        Assert.InRange((huffmanBits - entropyBits) / entropyBits, 0.0, 0.005);
        Assert.Equal(HuffmanTable.FlatLengths(64), HuffmanBlock.ChooseLengths(counts));
        var flatBlock = HuffmanBlock.MeasureEncodedBytes(counts);
        Assert.Equal(2 + 2 + 195, flatBlock);
        Assert.True(HuffmanTable.Write(optimal).Length + 2 + ((huffmanBits + 7) / 8) > flatBlock);

        // An adaptive (Laplace) order-0 coder needs no table: log2((n + k - 1)! / ((k - 1)! prod c!)) bits. It is
        // still above 6% over the entropy and within a byte of the flat code's 195-byte stream.
        var adaptiveBits = (LogFactorial(n + counts.Length - 1) - LogFactorial(counts.Length - 1) - counts.Sum(LogFactorial)) / Math.Log(2);
        Assert.InRange(adaptiveBits / entropyBits, 1.06, 1.07);
        Assert.InRange((195 * 8) - adaptiveBits, 0, 8);
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

    private static double LogFactorial(long n)
    {
        var sum = 0.0;
        for (var i = 2; i <= n; i++)
        {
            sum += Math.Log(i);
        }

        return sum;
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
