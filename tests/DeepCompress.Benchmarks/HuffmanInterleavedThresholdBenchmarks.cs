using BenchmarkDotNet.Attributes;
using DeepCompress.Core.Coding;

namespace DeepCompress.Benchmarks;

/// <summary>
/// Decode time per symbol of one stream against the interleaved four-stream form at block lengths around
/// <see cref="CodingConstants.MinInterleavedSymbols"/>, to place that threshold. Gaussian 6-bit codes (fc layers).
/// </summary>
public class HuffmanInterleavedThresholdBenchmarks
{
    private const int Repetitions = 64;

    private ushort[] _decoded = [];
    private HuffmanDecoder _decoder = null!;
    private byte[] _single = [];
    private byte[] _interleaved = [];

    [Params(256, 1024, 4096, 16384)]
    public int SymbolCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20160201);
        var symbols = new ushort[SymbolCount];
        for (var i = 0; i < SymbolCount; i++)
        {
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            symbols[i] = (ushort)Math.Clamp((int)Math.Floor((g + 3) / 6 * 64), 0, 63);
        }

        var counts = SymbolStatistics.Histogram(symbols, 64);
        var lengths = HuffmanCodeLengths.Build(counts);
        var encoder = new HuffmanEncoder(lengths);
        _decoder = new HuffmanDecoder(lengths);
        _single = new byte[(encoder.GetEncodedBitLength(counts) + 7) / 8];
        encoder.Encode(symbols, _single);
        _interleaved = encoder.EncodeInterleaved(symbols);
        _decoded = new ushort[SymbolCount];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Repetitions)]
    public ushort SingleStream()
    {
        for (var r = 0; r < Repetitions; r++)
        {
            _decoder.Decode(_single, _decoded);
        }

        return _decoded[^1];
    }

    [Benchmark(OperationsPerInvoke = Repetitions)]
    public ushort Interleaved()
    {
        for (var r = 0; r < Repetitions; r++)
        {
            _decoder.DecodeInterleaved(_interleaved, _decoded);
        }

        return _decoded[^1];
    }
}
