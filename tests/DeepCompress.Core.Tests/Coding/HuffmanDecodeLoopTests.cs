using DeepCompress.Core.Coding;

namespace DeepCompress.Core.Tests.Coding;

/// <summary>
/// The decoder's two bulk loops (one-symbol table with subtables for long codes, pair table with the canonical slow
/// path) on the same codes and data, for one stream and the interleaved form, and the rule that picks between them.
/// </summary>
public class HuffmanDecodeLoopTests
{
    private const int Min = CodingConstants.MinInterleavedSymbols;

    public static TheoryData<string, int, bool> Cases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var shape in new[] { "gaussian5", "gaussian8", "fibonacci", "twoSymbols" })
        {
            foreach (var count in new[] { 1, 17, 1023, Min, Min + 1, Min + 2, Min + 3, (4 * Min) + 7, 100_003 })
            {
                data.Add(shape, count, true);
                data.Add(shape, count, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BothLoopsRoundTripOneStreamAndInterleaved(string shape, int count, bool preferSingles)
    {
        var (symbols, alphabetSize) = Symbols(shape, count);
        var lengths = HuffmanCodeLengths.Build(SymbolStatistics.Histogram(symbols, alphabetSize));
        var encoder = new HuffmanEncoder(lengths);
        var decoder = new HuffmanDecoder(lengths, preferSingles);
        // Pairs need a complete code (not the one-symbol code) whose longest code fits the pair table.
        var pairsPossible = lengths.Count(length => length != 0) > 1 && lengths.Max() <= CodingConstants.PairTableBits;
        Assert.Equal(!preferSingles && pairsPossible, decoder.DecodesThroughPairs);

        var stream = new byte[(encoder.GetEncodedBitLength(SymbolStatistics.Histogram(symbols, alphabetSize)) + 7) / 8];
        encoder.Encode(symbols, stream);
        var decoded = new ushort[count];
        decoder.Decode(stream, decoded);
        Assert.Equal(symbols, decoded);

        if (count >= CodingConstants.MinInterleavableSymbols)
        {
            Array.Clear(decoded);
            decoder.DecodeInterleaved(encoder.EncodeInterleaved(symbols), decoded);
            Assert.Equal(symbols, decoded);
        }
    }

    [Fact]
    public void CodesLongerThanTheFirstLevelAreDecodedThroughSubtablesInEveryStream()
    {
        // 30 Fibonacci counts give codes up to the 15-bit limit; put the longest codes in all four segments.
        var counts = HuffmanCodeLengthsTests.FibonacciCounts(30);
        var symbols = FibonacciSymbols(4 * Min, counts);
        var lengths = HuffmanCodeLengths.Build(counts);
        Assert.Equal(CodingConstants.MaxCodeLength, lengths.Max());
        var longest = (ushort)Array.IndexOf(lengths, (byte)CodingConstants.MaxCodeLength);
        var segment = HuffmanDecoder.InterleavedSegmentLength(symbols.Length);
        for (var k = 0; k < CodingConstants.InterleavedStreamCount; k++)
        {
            symbols[(k * segment) + 100] = longest;
        }

        var decoded = new ushort[symbols.Length];
        new HuffmanDecoder(lengths, preferSingles: true).DecodeInterleaved(new HuffmanEncoder(lengths).EncodeInterleaved(symbols), decoded);
        Assert.Equal(symbols, decoded);
    }

    [Fact]
    public void ShortCodesDecodeThroughPairsAndLongOnesThroughTheOneSymbolTable()
    {
        var (five, _) = Symbols("gaussian5", 100_000);
        var (eight, _) = Symbols("gaussian8", 100_000);
        var fiveBit = new HuffmanDecoder(HuffmanCodeLengths.Build(SymbolStatistics.Histogram(five, 32)));
        var eightBit = new HuffmanDecoder(HuffmanCodeLengths.Build(SymbolStatistics.Histogram(eight, 256)));
        Assert.True(fiveBit.PairYield >= CodingConstants.MinPairYield, $"5-bit yield {fiveBit.PairYield}");
        Assert.True(fiveBit.DecodesThroughPairs);
        Assert.True(eightBit.PairYield < CodingConstants.MinPairYield, $"8-bit yield {eightBit.PairYield}");
        Assert.False(eightBit.DecodesThroughPairs);
    }

    [Theory]
    [InlineData(new byte[] { 1, 1 }, 2.0)]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11 }, 2 - (12.0 / 2048))]
    [InlineData(new byte[] { 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6 }, 1.0)]
    public void PairYieldIsTheExpectedSymbolsPerLookup(byte[] lengths, double expected)
    {
        // {1,1}: two 1-bit codes always fit. Lengths 1..11 (11 twice) in the 11-bit pair table: a first code of L
        // bits (probability 2^-L) is followed by a second that fits in 11 - L bits with probability 1 - 2^-(11-L),
        // so the yield is 1 + sum over L = 1..10 of (2^-L - 2^-11) = 2 - 12/2048. 6-bit codes: 12 bits never fit.
        Assert.Equal(expected, new HuffmanDecoder(lengths).PairYield, 12);
    }

    [Fact]
    public void OneSymbolCodeFallsBackToTheCheckedLoopAndRejectsTheUnusedBit()
    {
        var decoder = new HuffmanDecoder(new byte[] { 1 }, preferSingles: false);
        Assert.False(decoder.DecodesThroughPairs);
        var zeros = new ushort[Min];
        Assert.Equal(zeros, DecodeInterleaved(decoder, new HuffmanEncoder(new byte[] { 1 }).EncodeInterleaved(zeros), Min));
        var data = new HuffmanEncoder(new byte[] { 1 }).EncodeInterleaved(zeros);
        data[^1] = 1;
        Assert.Contains("are no code", Assert.Throws<InvalidCodedDataException>(() => DecodeInterleaved(decoder, data, Min)).Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ByteFlipsInLongCodeStreamsNeverEscapeWithAnotherException(bool preferSingles)
    {
        var (symbols, alphabetSize) = Symbols("gaussian8", Min + 3);
        var lengths = HuffmanCodeLengths.Build(SymbolStatistics.Histogram(symbols, alphabetSize));
        var decoder = new HuffmanDecoder(lengths, preferSingles);
        var data = new HuffmanEncoder(lengths).EncodeInterleaved(symbols);
        var random = new Random(preferSingles ? 31 : 32);
        var rejected = 0;
        for (var trial = 0; trial < 1000; trial++)
        {
            var bytes = (byte[])data.Clone();
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                DecodeInterleaved(decoder, bytes[..random.Next(bytes.Length - 3, bytes.Length + 1)], symbols.Length);
            }
            catch (InvalidCodedDataException)
            {
                rejected++;
            }
        }

        Assert.True(rejected > 0, "no corruption detected in 1000 flips");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TruncatedAndExtendedStreamsAreCorruption(bool preferSingles)
    {
        var (symbols, alphabetSize) = Symbols("gaussian8", (2 * Min) + 1);
        var lengths = HuffmanCodeLengths.Build(SymbolStatistics.Histogram(symbols, alphabetSize));
        var decoder = new HuffmanDecoder(lengths, preferSingles);
        var data = new HuffmanEncoder(lengths).EncodeInterleaved(symbols);
        Assert.Throws<InvalidCodedDataException>(() => DecodeInterleaved(decoder, data[..^1], symbols.Length));
        Assert.Throws<InvalidCodedDataException>(() => DecodeInterleaved(decoder, [.. data, 0], symbols.Length));
        Assert.Throws<InvalidCodedDataException>(() => DecodeInterleaved(decoder, data, symbols.Length + 1));
    }

    private static ushort[] DecodeInterleaved(HuffmanDecoder decoder, byte[] data, int count)
    {
        var decoded = new ushort[count];
        decoder.DecodeInterleaved(data, decoded);
        return decoded;
    }

    private static (ushort[] Symbols, int AlphabetSize) Symbols(string shape, int count) => shape switch
    {
        "gaussian5" => (CodingTestData.Gaussian(count, 32, count), 32),
        "gaussian8" => (CodingTestData.Gaussian(count, 256, count), 256),
        "fibonacci" => (FibonacciSymbols(count, HuffmanCodeLengthsTests.FibonacciCounts(25)), 25),
        _ => (CodingTestData.Geometric(count, 2, 0.3, count), 2),
    };

    // Symbols drawn with Fibonacci weights (a code as deep as the length limit allows), every symbol present.
    private static ushort[] FibonacciSymbols(int count, long[] counts)
    {
        var total = counts.Sum();
        var random = new Random(count);
        var symbols = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            var draw = (long)(random.NextDouble() * total);
            var s = 0;
            while (draw >= counts[s])
            {
                draw -= counts[s++];
            }

            symbols[i] = (ushort)s;
        }

        for (var s = 0; s < Math.Min(counts.Length, count); s++)
        {
            symbols[(int)((long)s * count / counts.Length)] = (ushort)s;
        }

        return symbols;
    }
}
