using DeepCompress.Core;

namespace DeepCompress.Format.Tests;

public class RoundTripTests
{
    internal static DczModel LeNetLike()
    {
        var graph = new byte[777];
        new Random(5).NextBytes(graph);
        var layers = new List<DczLayer>
        {
            new("conv1.weight", LayerClass.Conv, TestLayers.Pruned([20, 1, 5, 5], 0.66, 256, 1)),
            new("ip1.weight", LayerClass.Fc, TestLayers.Pruned([300, 784], 0.08, 64, 2)),
            new("ip2.weight", LayerClass.Fc, TestLayers.Pruned([100, 300], 0.09, 64, 3)),
            new("ip3.weight", LayerClass.Fc, TestLayers.Pruned([10, 100], 0.26, 64, 4)),
        };
        var metadata = new Dictionary<string, string>
        {
            ["source.size"] = "1070800",
            ["producer"] = "dcompress test",
            ["input.normalisation"] = "x/255 (µ=0, σ=1)",
        };
        return new DczModel(graph, layers, metadata);
    }

    internal static byte[] Write(DczModel model)
    {
        using var output = new MemoryStream();
        DczWriter.Write(output, model);
        return output.ToArray();
    }

    [Fact]
    public void ModelRoundTripsBitIdentically()
    {
        var model = LeNetLike();
        ModelAssert.Equal(model, DczReader.Read(Write(model), "lenet.dcz"));
    }

    [Fact]
    public void WritingTwiceGivesTheSameBytes()
    {
        var model = LeNetLike();
        var reordered = new DczModel(model.Graph, model.Layers, model.Metadata.Reverse().ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal(Write(model), Write(LeNetLike()));
        Assert.Equal(Write(model), Write(reordered));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(70_000)]
    [InlineData(300_000)]
    public void CompressibleGraphIsStoredCompressedAndRoundTrips(int graphBytes)
    {
        var graph = Enumerable.Range(0, graphBytes).Select(i => (byte)(i % 97 < 50 ? 0 : i % 7)).ToArray();
        var model = new DczModel(graph, LeNetLike().Layers, new Dictionary<string, string>());
        var bytes = Write(model);
        var info = DczReader.Inspect(bytes, "graph.dcz");
        Assert.Equal(graphBytes, info.GraphDecompressedBytes);
        Assert.Equal(graphBytes == 1, info.GraphBytes == graphBytes);
        Assert.True(info.GraphBytes <= graphBytes);
        ModelAssert.Equal(model, DczReader.Read(bytes, "graph.dcz"));
        Assert.Equal(bytes, Write(model));
    }

    [Fact]
    public void EdgeCaseLayersRoundTrip()
    {
        var layers = new List<DczLayer>
        {
            new("empty", LayerClass.Fc, new SparseQuantizedTensor([4, 4], [], [], [])),
            new("empty-with-codebook", LayerClass.Fc, new SparseQuantizedTensor([3], [1.5f], [], [])),
            new("one", LayerClass.Fc, new SparseQuantizedTensor([7], [2f], [6], [0])),
            new("dense", LayerClass.Conv, new SparseQuantizedTensor([2, 2, 2], [1f, -1f], [0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 1, 0, 1, 1, 1, 0])),
            new("far-apart", LayerClass.Fc, new SparseQuantizedTensor([1, 1_000_000], [float.NaN, float.NegativeInfinity, -0f], [0, 999_999], [2, 1])),
            new("zero-size", LayerClass.Fc, new SparseQuantizedTensor([0, 5], [], [], [])),
            new("名前", LayerClass.Conv, TestLayers.Pruned([8, 4, 3, 3], 0.5, 16, 9)),
        };
        var model = new DczModel([], layers, new Dictionary<string, string>());
        ModelAssert.Equal(model, DczReader.Read(Write(model), "edge.dcz"));
    }

    [Fact]
    public void InspectAccountsForEveryByte()
    {
        var bytes = Write(LeNetLike());
        var info = DczReader.Inspect(bytes, "lenet.dcz");
        Assert.Equal(bytes.Length, info.FileSize);
        Assert.Equal(777, info.GraphBytes);
        Assert.Equal(4, info.Layers.Count);
        Assert.True(info.OverheadBytes > 0);
        var layerSections = info.Layers.Sum(l => l.TotalBytes);
        Assert.Equal(bytes.Length - FormatConstants.HeaderSize - (2 * 12) - info.GraphBytes - info.MetadataBytes, layerSections);
        foreach (var layer in info.Layers)
        {
            Assert.True(layer.WeightBytes * 8 >= layer.WeightEntropyBits);
            Assert.True(layer.IndexBytes * 8 >= layer.IndexEntropyBits);
            Assert.Equal(layer.CodebookSize * 4, layer.CodebookBytes);
        }

        var ip1 = info.Layers[1];
        Assert.Equal(DczReader.Read(bytes, "x").Layers[1].Weights.NonZeroCount, ip1.NonZeroCount);
        Assert.InRange(ip1.BitsPerNonZero, 5, 16);
    }

    [Fact]
    public void WriterRejectsModelsTheFormatCannotHold()
    {
        var ok = new SparseQuantizedTensor([4], [1f], [1], [0]);
        Assert.Throws<ArgumentException>(() => Write(new DczModel([], [new("a", LayerClass.Fc, ok), new("a", LayerClass.Fc, ok)], new Dictionary<string, string>())));
        Assert.Throws<ArgumentException>(() => Write(new DczModel([], [new("", LayerClass.Fc, ok)], new Dictionary<string, string>())));
        Assert.Throws<ArgumentException>(() => Write(new DczModel([], [new("b", LayerClass.Fc, new SparseQuantizedTensor([4], [1f], [2, 1], [0, 0]))], new Dictionary<string, string>())));
        Assert.Throws<ArgumentException>(() => Write(new DczModel([], [new("c", LayerClass.Fc, new SparseQuantizedTensor([4], [1f], [1], [1]))], new Dictionary<string, string>())));
        Assert.Throws<ArgumentException>(() => Write(new DczModel([], [new("d", LayerClass.Fc, new SparseQuantizedTensor([4], [1f], [4], [0]))], new Dictionary<string, string>())));
        Assert.Throws<ArgumentException>(() => Write(new DczModel([], [], new Dictionary<string, string> { [""] = "x" })));
    }
}
