using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeepCompress.Core.Coding;

namespace DeepCompress.Benchmarks;

/// <summary>
/// Canonical Huffman encode/decode of 10^7 symbols (reported per symbol via OperationsPerInvoke), as one stream and
/// as the interleaved four-stream form, against .NET's DeflateStream on the same symbols stored one byte each, in the same run. Symbols are bins of Gaussian draws
/// over +-3 sigma: the shape of k-means codes of pruned weights (5-bit: fc layers, 8-bit: conv layers).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HuffmanBenchmarks
{
    private const int SymbolCount = 10_000_000;

    private ushort[] _symbols = [];
    private byte[] _symbolBytes = [];
    private byte[] _lengths = [];
    private HuffmanEncoder _encoder = null!;
    private HuffmanDecoder _decoder = null!;
    private HuffmanDecoder _singleTableDecoder = null!;
    private byte[] _encoded = [];
    private byte[] _encodedInterleaved = [];
    private ushort[] _decoded = [];
    private byte[] _deflatedOptimal = [];
    private byte[] _deflatedFastest = [];
    private MemoryStream _deflateOutput = null!;

    [Params(5, 8)]
    public int AlphabetBits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var alphabetSize = 1 << AlphabetBits;
        var random = new Random(20160201);
        _symbols = new ushort[SymbolCount];
        _symbolBytes = new byte[SymbolCount];
        for (var i = 0; i < SymbolCount; i++)
        {
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var bin = Math.Clamp((int)Math.Floor((g + 3) / 6 * alphabetSize), 0, alphabetSize - 1);
            _symbols[i] = (ushort)bin;
            _symbolBytes[i] = (byte)bin;
        }

        var counts = SymbolStatistics.Histogram(_symbols, alphabetSize);
        _lengths = HuffmanCodeLengths.Build(counts);
        _encoder = new HuffmanEncoder(_lengths);
        _decoder = new HuffmanDecoder(_lengths);
        _singleTableDecoder = new HuffmanDecoder(_lengths, preferSingles: true);
        _encoded = new byte[(_encoder.GetEncodedBitLength(counts) + 7) / 8];
        _encoder.Encode(_symbols, _encoded);
        _encodedInterleaved = _encoder.EncodeInterleaved(_symbols);
        _decoded = new ushort[SymbolCount];
        _deflatedOptimal = Deflate(CompressionLevel.Optimal);
        _deflatedFastest = Deflate(CompressionLevel.Fastest);
        _deflateOutput = new MemoryStream(SymbolCount);
    }

    [Benchmark(OperationsPerInvoke = SymbolCount)]
    [BenchmarkCategory("Encode")]
    public int HuffmanEncode() => _encoder.Encode(_symbols, _encoded);

    [Benchmark(OperationsPerInvoke = SymbolCount)]
    [BenchmarkCategory("Encode")]
    public int HuffmanEncodeInterleaved() => _encoder.EncodeInterleaved(_symbols, _encodedInterleaved);

    [Benchmark(OperationsPerInvoke = SymbolCount, Baseline = true)]
    [BenchmarkCategory("Encode")]
    public long DeflateFastestCompress() => Compress(CompressionLevel.Fastest);

    [Benchmark(OperationsPerInvoke = SymbolCount)]
    [BenchmarkCategory("Encode")]
    public long DeflateOptimalCompress() => Compress(CompressionLevel.Optimal);

    [Benchmark(OperationsPerInvoke = SymbolCount)]
    [BenchmarkCategory("Decode")]
    public ushort HuffmanDecode()
    {
        _decoder.Decode(_encoded, _decoded);
        return _decoded[^1];
    }

    [Benchmark(OperationsPerInvoke = SymbolCount)]
    [BenchmarkCategory("Decode")]
    public ushort HuffmanDecodeInterleaved()
    {
        _decoder.DecodeInterleaved(_encodedInterleaved, _decoded);
        return _decoded[^1];
    }

    // The interleaved decode forced onto the one-symbol table: against HuffmanDecodeInterleaved it shows what the
    // pair table gains where the decoder chooses it (5-bit codes); for 8-bit codes both rows run the same loop.
    [Benchmark(OperationsPerInvoke = SymbolCount)]
    [BenchmarkCategory("Decode")]
    public ushort HuffmanDecodeInterleavedSingleTable()
    {
        _singleTableDecoder.DecodeInterleaved(_encodedInterleaved, _decoded);
        return _decoded[^1];
    }

    [Benchmark(OperationsPerInvoke = SymbolCount, Baseline = true)]
    [BenchmarkCategory("Decode")]
    public int DeflateFastestDecompress() => Decompress(_deflatedFastest);

    [Benchmark(OperationsPerInvoke = SymbolCount)]
    [BenchmarkCategory("Decode")]
    public int DeflateOptimalDecompress() => Decompress(_deflatedOptimal);

    private long Compress(CompressionLevel level)
    {
        _deflateOutput.SetLength(0);
        using (var deflate = new DeflateStream(_deflateOutput, level, leaveOpen: true))
        {
            deflate.Write(_symbolBytes);
        }

        return _deflateOutput.Length;
    }

    private int Decompress(byte[] compressed)
    {
        using var deflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var total = 0;
        int read;
        while ((read = deflate.Read(_symbolBytes.AsSpan(total))) > 0)
        {
            total += read;
        }

        return total;
    }

    private byte[] Deflate(CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, level, leaveOpen: true))
        {
            deflate.Write(_symbolBytes);
        }

        return output.ToArray();
    }
}
