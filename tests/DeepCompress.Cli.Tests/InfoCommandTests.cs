using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

public class InfoCommandTests
{
    [Fact]
    public void ListsLayersWithClassShapeDensityAndBits()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.ConvNet([3, 8, 16], groups: 2).Save(dir.DirectoryPath);
        CliRun.Of("compress", input, "-o", dir.File("c.dcz"), "--sparsity", "0.5", "--bits", "2").AssertSuccess();
        CliRun.Of("decode", dir.File("c.dcz"), "-o", dir.File("d.onnx")).AssertSuccess();
        var run = CliRun.Of("info", dir.File("d.onnx"), "--json").AssertSuccess();
        using var doc = System.Text.Json.JsonDocument.Parse(run.Out);
        var layers = doc.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(["conv1.weight", "conv2.weight", "fc.weight"], layers.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(["conv", "conv", "fc"], layers.Select(l => l.GetProperty("class").GetString()));
        var conv2 = layers[1];
        Assert.Equal([16, 4, 3, 3], conv2.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0.5, conv2.GetProperty("density").GetDouble(), 6);
        Assert.True(conv2.GetProperty("distinct_nonzero").GetInt32() <= 4);
        Assert.True(conv2.GetProperty("bits").GetInt32() <= 2);

        var table = CliRun.Of("info", dir.File("d.onnx")).AssertSuccess().Out;
        Assert.Contains("conv2.weight", table);
        Assert.Contains("[16x4x3x3]", table);
    }
}
