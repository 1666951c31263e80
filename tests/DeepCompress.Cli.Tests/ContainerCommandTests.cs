using DeepCompress.Cli.Infrastructure;
using DeepCompress.TestModels;
using static DeepCompress.Cli.Tests.ModelAssertions;

namespace DeepCompress.Cli.Tests;

public class ContainerCommandTests
{
    public static TheoryData<string> Models => new() { "mlp-gemm", "mlp-matmul", "constants", "if", "loop", "conv-only", "grouped", "depthwise", "lenet5", "external" };

    private static string Build(string kind, string directory) => kind switch
    {
        "mlp-gemm" => TestModelFactory.Mlp([40, 30, 10]).Save(directory),
        "mlp-matmul" => TestModelFactory.Mlp([40, 30, 10], style: FcStyle.MatMulAdd).Save(directory),
        "constants" => TestModelFactory.Mlp([40, 30, 10], WeightStorage.ConstantNode).Save(directory),
        "if" => TestModelFactory.IfSubgraphModel().Save(directory),
        "loop" => TestModelFactory.LoopSubgraphModel().Save(directory),
        "conv-only" => TestModelFactory.ConvTransposeModel().Save(directory),
        "grouped" => TestModelFactory.ConvNet([4, 8, 8], groups: 4).Save(directory),
        "depthwise" => TestModelFactory.ConvNet([4, 8, 8], depthwise: true).Save(directory),
        "lenet5" => TestModelFactory.LeNet5Like().Save(directory),
        "external" => TestModelFactory.Mlp([40, 30, 10], WeightStorage.External).Save(directory),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void CompressThenDecodeGivesBitIdenticalWeightsThatOnnxRuntimeRuns(string kind)
    {
        using var dir = new TempDirectory();
        var input = Build(kind, dir.DirectoryPath);
        CliRun.Of("prune", input, "-o", dir.File("p.onnx"), "--sparsity", "0.7").AssertSuccess();
        CliRun.Of("quantize", dir.File("p.onnx"), "-o", dir.File("q.onnx"), "--bits", "4").AssertSuccess();
        CliRun.Of("compress", input, "-o", dir.File("c.dcz"), "--sparsity", "0.7", "--bits", "4").AssertSuccess();
        CliRun.Of("decode", dir.File("c.dcz"), "-o", dir.File("d.onnx")).AssertSuccess();

        var expected = Weights(dir.File("q.onnx"));
        var actual = Weights(dir.File("d.onnx"));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, w) in expected)
        {
            Assert.Equal(w.Select(BitConverter.SingleToInt32Bits), actual[name].Select(BitConverter.SingleToInt32Bits));
        }

        var q = OrtRunner.Run(dir.File("q.onnx"));
        var d = OrtRunner.Run(dir.File("d.onnx"));
        Assert.Equal(q, d);
    }

    [Fact]
    public void CompressEqualsPruneQuantizeEncodeByteForByte()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.LeNet5Like().Save(dir.DirectoryPath);
        string[] prune = ["--sparsity", "conv=0.5,fc=0.9", "--layer-sparsity", "conv1.weight=0.3"];
        string[] quantize = ["--bits", "conv=6,fc=4", "--layer-bits", "fc2.weight=3", "--init", "density"];
        CliRun.Of(["prune", input, "-o", dir.File("p.onnx"), .. prune]).AssertSuccess();
        CliRun.Of(["quantize", dir.File("p.onnx"), "-o", dir.File("q.onnx"), .. quantize]).AssertSuccess();
        CliRun.Of(["encode", dir.File("q.onnx"), "-o", dir.File("e.dcz"), "--bits", "conv=6,fc=4", "--layer-bits", "fc2.weight=3"]).AssertSuccess();
        CliRun.Of(["compress", input, "-o", dir.File("c.dcz"), .. prune, .. quantize]).AssertSuccess();
        Assert.Equal(File.ReadAllBytes(dir.File("e.dcz")), File.ReadAllBytes(dir.File("c.dcz")));
    }

    [Fact]
    public void CompressIsDeterministicAcrossRunsAndThreadCounts()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.LeNet5Like().Save(dir.DirectoryPath);
        CliRun.Of("compress", input, "-o", dir.File("a.dcz"), "--sparsity", "0.8", "--init", "kmeans++", "--threads", "1").AssertSuccess();
        CliRun.Of("compress", input, "-o", dir.File("b.dcz"), "--sparsity", "0.8", "--init", "kmeans++", "--threads", "2").AssertSuccess();
        Assert.Equal(File.ReadAllBytes(dir.File("a.dcz")), File.ReadAllBytes(dir.File("b.dcz")));
    }

    [Fact]
    public void EncodeRefusesALayerOverItsBudgetAndPointsToQuantize()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([40, 30, 10]).Save(dir.DirectoryPath);
        var run = CliRun.Of("encode", input, "-o", dir.File("e.dcz"));
        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("fc1.weight", line);
        Assert.Contains("dcompress quantize", line);
        AssertNoStrayFiles(dir.DirectoryPath, "model.onnx");
    }

    [Fact]
    public void MinSizeLayersStayRawAndDecodeExactly()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([40, 30, 5]).Save(dir.DirectoryPath);
        CliRun.Of("compress", input, "-o", dir.File("c.dcz"), "--sparsity", "0.5", "--min-size", "1000").AssertSuccess();
        CliRun.Of("decode", dir.File("c.dcz"), "-o", dir.File("d.onnx")).AssertSuccess();
        Assert.Equal(Weights(input)["fc2.weight"], Weights(dir.File("d.onnx"))["fc2.weight"]);
        var info = CliRun.Of("info", dir.File("c.dcz"), "--json").AssertSuccess();
        using var doc = System.Text.Json.JsonDocument.Parse(info.Out);
        Assert.Equal("fc1.weight", Assert.Single(doc.RootElement.GetProperty("layers").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(40)]
    [InlineData(100)]
    [InlineData(-1)]
    public void CorruptContainerIsRejectedWithoutOutput(int position)
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([40, 30, 10]).Save(dir.DirectoryPath);
        CliRun.Of("compress", input, "-o", dir.File("c.dcz"), "--sparsity", "0.5").AssertSuccess();
        var bytes = File.ReadAllBytes(dir.File("c.dcz"));
        var at = position < 0 ? bytes.Length - 5 : position;
        bytes[at] ^= 0x5A;
        File.WriteAllBytes(dir.File("c.dcz"), bytes);
        var run = CliRun.Of("decode", dir.File("c.dcz"), "-o", dir.File("d.onnx"));
        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        Assert.StartsWith($"error: {dir.File("c.dcz")}", Assert.Single(run.ErrorLines));
        AssertNoStrayFiles(dir.DirectoryPath, "model.onnx", "c.dcz");
    }

    [Fact]
    public void TruncatedContainerIsRejected()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([40, 30, 10]).Save(dir.DirectoryPath);
        CliRun.Of("compress", input, "-o", dir.File("c.dcz"), "--sparsity", "0.5").AssertSuccess();
        var bytes = File.ReadAllBytes(dir.File("c.dcz"));
        File.WriteAllBytes(dir.File("c.dcz"), bytes[..(bytes.Length / 2)]);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Of("decode", dir.File("c.dcz"), "-o", dir.File("d.onnx")).Code);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Of("info", dir.File("c.dcz")).Code);
        AssertNoStrayFiles(dir.DirectoryPath, "model.onnx", "c.dcz");
    }

    [Fact]
    public void InfoOnContainerReportsBytesAndRatioAgainstTheSource()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([200, 100, 10]).Save(dir.DirectoryPath);
        CliRun.Of("compress", input, "-o", dir.File("c.dcz"), "--sparsity", "0.9", "--bits", "5").AssertSuccess();
        var run = CliRun.Of("info", dir.File("c.dcz"), "--json").AssertSuccess();
        using var doc = System.Text.Json.JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Assert.Equal(new FileInfo(input).Length, root.GetProperty("source_bytes").GetInt64());
        Assert.Equal(new FileInfo(dir.File("c.dcz")).Length, root.GetProperty("file_bytes").GetInt64());
        Assert.Equal((double)new FileInfo(input).Length / new FileInfo(dir.File("c.dcz")).Length, root.GetProperty("ratio").GetDouble(), 9);
        Assert.Equal(2, root.GetProperty("layers").GetArrayLength());
        foreach (var layer in root.GetProperty("layers").EnumerateArray())
        {
            Assert.InRange(layer.GetProperty("weight_table_bytes").GetInt64(), 1, layer.GetProperty("weight_bytes").GetInt64() - 1);
            Assert.InRange(layer.GetProperty("index_table_bytes").GetInt64(), 1, layer.GetProperty("index_bytes").GetInt64() - 1);
        }

        Assert.Equal(2000 + 100, root.GetProperty("total").GetProperty("nonzero").GetInt64());
    }
}
