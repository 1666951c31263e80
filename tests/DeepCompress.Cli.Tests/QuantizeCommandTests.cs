using DeepCompress.TestModels;
using static DeepCompress.Cli.Tests.ModelAssertions;

namespace DeepCompress.Cli.Tests;

public class QuantizeCommandTests
{
    [Theory]
    [InlineData("linear")]
    [InlineData("forgy")]
    [InlineData("density")]
    [InlineData("kmeans++")]
    public void EveryInitKeepsZerosAndAtMostTwoToTheBitsValues(string init)
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([64, 48, 10]).Save(dir.DirectoryPath);
        CliRun.Of("prune", input, "-o", dir.File("p.onnx"), "--sparsity", "0.6").AssertSuccess();
        CliRun.Of("quantize", dir.File("p.onnx"), "-o", dir.File("q.onnx"), "--bits", "3", "--init", init, "--seed", "5").AssertSuccess();

        var pruned = Weights(dir.File("p.onnx"));
        foreach (var (name, w) in Weights(dir.File("q.onnx")))
        {
            Assert.True(Distinct(w) <= 8, $"{name}: {Distinct(w)} values");
            for (var i = 0; i < w.Length; i++)
            {
                Assert.Equal(pruned[name][i] == 0f, w[i] == 0f);
            }
        }

        OrtRunner.Run(dir.File("q.onnx"));
    }

    [Fact]
    public void DefaultBitsAreEightForConvAndFiveForFc()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.ConvNet([3, 32, 32], imageSize: 8).Save(dir.DirectoryPath);
        var run = CliRun.Of("quantize", input, "-o", dir.File("q.onnx"), "--json").AssertSuccess();

        using var doc = System.Text.Json.JsonDocument.Parse(run.Out);
        var bits = doc.RootElement.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("bits").GetInt32());
        Assert.Equal(8, bits["conv1.weight"]);
        Assert.Equal(8, bits["conv2.weight"]);
        Assert.Equal(5, bits["fc.weight"]);
        var w = Weights(dir.File("q.onnx"));
        Assert.True(Distinct(w["conv2.weight"]) <= 256);
        Assert.True(Distinct(w["conv2.weight"]) > 32);
        Assert.True(Distinct(w["fc.weight"]) <= 32);
    }

    [Fact]
    public void LayerOverrideAndPerClassBits()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.ConvNet([3, 8, 16], depthwise: true).Save(dir.DirectoryPath);
        CliRun.Of("quantize", input, "-o", dir.File("q.onnx"), "--bits", "conv=4,fc=2", "--layer", "conv1.weight=1").AssertSuccess();
        var w = Weights(dir.File("q.onnx"));
        Assert.True(Distinct(w["conv1.weight"]) <= 2);
        Assert.True(Distinct(w["conv2.weight"]) <= 16);
        Assert.True(Distinct(w["fc.weight"]) <= 4);
        OrtRunner.Run(dir.File("q.onnx"));
    }

    [Fact]
    public void OutputIsByteIdenticalForAnyThreadCountAndRun()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.LeNet5Like().Save(dir.DirectoryPath);
        CliRun.Of("quantize", input, "-o", dir.File("t1.onnx"), "--threads", "1", "--init", "kmeans++").AssertSuccess();
        CliRun.Of("quantize", input, "-o", dir.File("t2.onnx"), "--threads", "2", "--init", "kmeans++").AssertSuccess();
        CliRun.Of("quantize", input, "-o", dir.File("t2b.onnx"), "--threads", "2", "--init", "kmeans++").AssertSuccess();
        Assert.Equal(File.ReadAllBytes(dir.File("t1.onnx")), File.ReadAllBytes(dir.File("t2.onnx")));
        Assert.Equal(File.ReadAllBytes(dir.File("t2.onnx")), File.ReadAllBytes(dir.File("t2b.onnx")));
    }

    [Fact]
    public void SubgraphAndConstantHeldWeightsAreQuantized()
    {
        using var dir = new TempDirectory();
        var loop = TestModelFactory.LoopSubgraphModel().Save(dir.DirectoryPath, "loop.onnx");
        CliRun.Of("quantize", loop, "-o", dir.File("loop-q.onnx"), "--bits", "2").AssertSuccess();
        Assert.All(Weights(dir.File("loop-q.onnx")), kv => Assert.True(Distinct(kv.Value) <= 4, kv.Key));
        OrtRunner.Run(dir.File("loop-q.onnx"));

        var constants = TestModelFactory.Mlp([16, 8], WeightStorage.ConstantNode).Save(dir.DirectoryPath, "const.onnx");
        CliRun.Of("quantize", constants, "-o", dir.File("const-q.onnx"), "--bits", "2").AssertSuccess();
        Assert.All(Weights(dir.File("const-q.onnx")), kv => Assert.True(Distinct(kv.Value) <= 4, kv.Key));
    }

    [Fact]
    public void MinSizeLeavesSmallLayersUnquantized()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([40, 30, 5]).Save(dir.DirectoryPath);
        CliRun.Of("quantize", input, "-o", dir.File("q.onnx"), "--bits", "2", "--min-size", "1000").AssertSuccess();
        var w = Weights(dir.File("q.onnx"));
        Assert.True(Distinct(w["fc1.weight"]) <= 4);
        Assert.Equal(Weights(input)["fc2.weight"], w["fc2.weight"]);
    }

    [Fact]
    public void MaxIterZeroStillGivesNearestCentroidValues()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([30, 10]).Save(dir.DirectoryPath);
        CliRun.Of("quantize", input, "-o", dir.File("q.onnx"), "--bits", "2", "--max-iter", "0").AssertSuccess();
        Assert.True(Distinct(Weights(dir.File("q.onnx"))["fc1.weight"]) <= 4);
    }
}
