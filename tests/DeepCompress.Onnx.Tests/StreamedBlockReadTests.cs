using DeepCompress.TestModels;

namespace DeepCompress.Onnx.Tests;

/// <summary><see cref="StreamedOnnxModel.ReadWeights(WeightLayer, long, Span{float})"/>: a layer read block by block.</summary>
public class StreamedBlockReadTests
{
    [Fact]
    public void BlocksBeyond2GiBAreTheSlicesOfTheWholeLayer()
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([64, 48, 10]);
        var path = FarOffsetExternalData.Save(model, "fc1.weight", dir.DirectoryPath);
        using var streamed = StreamedOnnxModel.Open(path);
        var layer = streamed.FindLayers().Single(l => l.Name == "fc1.weight");
        var whole = streamed.ReadWeights(layer);
        streamed.Detach(layer);
        Assert.True(streamed.IsExternal(layer));

        foreach (var (first, length) in new[] { (0, 1), (0, 17), (5, 100), (whole.Length - 7, 7), (whole.Length, 0) })
        {
            var block = new float[length];
            streamed.ReadWeights(layer, first, block);
            Assert.Equal(whole.AsSpan(first, length).ToArray(), block);
        }
    }

    [Fact]
    public void ABlockPastTheLayerIsRejectedWithTheNumbers()
    {
        using var dir = new TempDirectory();
        var path = FarOffsetExternalData.Save(TestModelFactory.Mlp([64, 48, 10]), "fc1.weight", dir.DirectoryPath);
        using var streamed = StreamedOnnxModel.Open(path);
        var layer = streamed.FindLayers().Single(l => l.Name == "fc1.weight");

        var error = Assert.Throws<InvalidModelException>(() => streamed.ReadWeights(layer, layer.ElementCount - 2, new float[3]));

        Assert.Contains("fc1.weight", error.Message);
        Assert.Contains((layer.ElementCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void AnInlineLayerIsNotReadInBlocks()
    {
        using var dir = new TempDirectory();
        var path = TestModelFactory.Mlp([8, 4]).Save(dir.DirectoryPath);
        using var streamed = StreamedOnnxModel.Open(path);
        var layer = streamed.FindLayers()[0];

        Assert.False(streamed.IsExternal(layer));
        Assert.Throws<InvalidOperationException>(() => streamed.ReadWeights(layer, 0, new float[1]));
    }
}
