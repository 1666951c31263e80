using DeepCompress.Core;
using DeepCompress.Core.Coding;
using Xunit.Abstractions;

namespace DeepCompress.Format.Tests;

/// <summary>
/// The measurement behind the index layout in docs/format.md: bytes of the gap stream under fixed and per-layer
/// widths, raw and Huffman-coded, on realistic layers. It fails if the writer's per-layer choice is ever beaten by
/// a fixed alternative. Print the table with:
/// dotnet test tests/DeepCompress.Format.Tests -c Release --filter GapWidthStudy --logger "console;verbosity=detailed"
/// </summary>
public class GapWidthStudyTests(ITestOutputHelper output)
{
    public static TheoryData<string, int[], double, int> Layers => new()
    {
        { "fc 300x784 @8%, 64 codes", [300, 784], 0.08, 64 },
        { "fc 100x300 @9%, 64 codes", [100, 300], 0.09, 64 },
        { "fc 10x100 @26%, 64 codes", [10, 100], 0.26, 64 },
        { "conv 20x1x5x5 @66%, 256 codes", [20, 1, 5, 5], 0.66, 256 },
        { "conv 50x20x5x5 @12%, 256 codes", [50, 20, 5, 5], 0.12, 256 },
        { "conv 384x256x3x3 @35%, 256 codes", [384, 256, 3, 3], 0.35, 256 },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void PerLayerWidthBeatsEveryFixedAlternative(string label, int[] shape, double density, int centroids)
    {
        var weights = TestLayers.Pruned(shape, density, centroids, shape.Sum());
        var positions = weights.Positions;
        long Raw(int width)
        {
            GapCoding.Histogram(positions, width, out var symbols);
            return ((symbols * width) + 7) / 8;
        }

        long Coded(int width) => HuffmanBlock.MeasureEncodedBytes(GapCoding.Histogram(positions, width, out _));

        var chosen = GapCoding.ChooseWidth(positions, out _);
        var chosenBytes = Coded(chosen);
        var gapHistogram = new Dictionary<int, long>();
        var previous = -1;
        foreach (var p in positions)
        {
            gapHistogram[p - previous - 1] = gapHistogram.GetValueOrDefault(p - previous - 1) + 1;
            previous = p;
        }

        var exactGapEntropyBytes = SymbolStatistics.EntropyBits(gapHistogram.Values.ToArray()) / 8;
        var codeBytes = HuffmanBlock.MeasureEncodedBytes(SymbolStatistics.Histogram(weights.Codes, centroids));
        var codeEntropyBytes = SymbolStatistics.EntropyBits(SymbolStatistics.Histogram(weights.Codes, centroids)) / 8;
        var rawCodeBytes = ((weights.NonZeroCount * (long)Math.Log2(centroids)) + 7) / 8;
        output.WriteLine(
            $"| {label} | {weights.NonZeroCount} | {Raw(4)} | {Raw(5)} | {Raw(8)} | {Coded(4)} | {Coded(5)} | {Coded(8)} | **{chosenBytes}** (w={chosen}) | {exactGapEntropyBytes:F0} | {rawCodeBytes} | {codeBytes} | {codeEntropyBytes:F0} |");

        foreach (var width in new[] { 4, 5, 8 })
        {
            Assert.True(chosenBytes <= Raw(width), $"w={width} raw");
            Assert.True(chosenBytes <= Coded(width), $"w={width} coded");
        }

        Assert.True(codeBytes <= rawCodeBytes + 4, $"codes {codeBytes} vs raw {rawCodeBytes}");
        if (weights.NonZeroCount >= 10_000)
        {
            var tableBytes = HuffmanTable.Write(HuffmanBlock.ChooseLengths(SymbolStatistics.Histogram(weights.Codes, centroids))).Length;
            Assert.True(codeBytes <= (codeEntropyBytes * 1.03) + tableBytes + 4, $"codes {codeBytes} vs entropy {codeEntropyBytes:F0} + table {tableBytes}");
        }
    }
}
