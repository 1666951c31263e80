using DeepCompress.Core.Pruning;
using DeepCompress.TestModels;
using static DeepCompress.Cli.Tests.ModelAssertions;

namespace DeepCompress.Cli.Tests;

public class PruneCommandTests
{
    [Theory]
    [InlineData(WeightStorage.Initializer, FcStyle.Gemm)]
    [InlineData(WeightStorage.ConstantNode, FcStyle.Gemm)]
    [InlineData(WeightStorage.External, FcStyle.Gemm)]
    [InlineData(WeightStorage.Initializer, FcStyle.MatMulAdd)]
    [InlineData(WeightStorage.ConstantNode, FcStyle.MatMulAdd)]
    public void SparsityPrunesExactlyRoundSTimesNOfEveryLayer(WeightStorage storage, FcStyle style)
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([37, 29, 11], storage, style).Save(dir.DirectoryPath);
        var output = dir.File("pruned.onnx");

        CliRun.Of("prune", input, "-o", output, "--sparsity", "0.7").AssertSuccess();

        foreach (var (name, w) in Weights(output))
        {
            Assert.True(MagnitudePruner.CountForSparsity(w.Length, 0.7) == Zeros(w), name);
        }

        Assert.Equal(2 * 11, OrtRunner.Run(output)[0].Length);
    }

    [Fact]
    public void PerClassAndPerLayerValues()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.ConvNet([3, 8, 16], imageSize: 8, groups: 2).Save(dir.DirectoryPath);
        var output = dir.File("pruned.onnx");

        CliRun.Of("prune", input, "-o", output, "--sparsity", "conv=0.5,fc=0.9", "--layer", "conv2.weight=0.25").AssertSuccess();

        var w = Weights(output);
        Assert.Equal(MagnitudePruner.CountForSparsity(w["conv1.weight"].Length, 0.5), Zeros(w["conv1.weight"]));
        Assert.Equal(MagnitudePruner.CountForSparsity(w["conv2.weight"].Length, 0.25), Zeros(w["conv2.weight"]));
        Assert.Equal(MagnitudePruner.CountForSparsity(w["fc.weight"].Length, 0.9), Zeros(w["fc.weight"]));
        OrtRunner.Run(output);
    }

    [Fact]
    public void GlobalScopeUsesOneThresholdAndExactTotal()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([40, 30, 20, 10]).Save(dir.DirectoryPath);
        var output = dir.File("pruned.onnx");

        CliRun.Of("prune", input, "-o", output, "--sparsity", "0.6", "--scope", "global").AssertSuccess();

        var before = Weights(input).Values.SelectMany(v => v).ToArray();
        var after = Weights(output).Values.SelectMany(v => v).ToArray();
        Assert.Equal(MagnitudePruner.CountForSparsity(before.Length, 0.6), Zeros(after));
        var largestPruned = before.Where((v, i) => after[i] == 0f).Max(Math.Abs);
        var smallestKept = after.Where(v => v != 0f).Min(Math.Abs);
        Assert.True(largestPruned <= smallestKept);
    }

    [Fact]
    public void StdQualityPrunesBelowQualityTimesStd()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([50, 40, 10]).Save(dir.DirectoryPath);
        var output = dir.File("pruned.onnx");

        CliRun.Of("prune", input, "-o", output, "--std-quality", "0.8").AssertSuccess();

        var before = Weights(input);
        foreach (var (name, w) in Weights(output))
        {
            var original = before[name];
            var mean = original.Average(v => (double)v);
            var std = Math.Sqrt(original.Average(v => (v - mean) * (v - mean)));
            for (var i = 0; i < w.Length; i++)
            {
                Assert.Equal(Math.Abs(original[i]) < 0.8 * std ? 0f : original[i], w[i]);
            }
        }
    }

    [Fact]
    public void MinSizeLeavesSmallLayersDense()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([40, 30, 5]).Save(dir.DirectoryPath);
        var output = dir.File("pruned.onnx");

        CliRun.Of("prune", input, "-o", output, "--sparsity", "0.9", "--min-size", "1000").AssertSuccess();

        var w = Weights(output);
        Assert.Equal(MagnitudePruner.CountForSparsity(1200, 0.9), Zeros(w["fc1.weight"]));
        Assert.Equal(0, Zeros(w["fc2.weight"]));
    }

    [Fact]
    public void PruningAPrunedModelKeepsItsZeros()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([30, 20, 10]).Save(dir.DirectoryPath);
        CliRun.Of("prune", input, "-o", dir.File("a.onnx"), "--sparsity", "0.8").AssertSuccess();
        CliRun.Of("prune", dir.File("a.onnx"), "-o", dir.File("b.onnx"), "--sparsity", "0.5").AssertSuccess();
        CliRun.Of("prune", dir.File("a.onnx"), "-o", dir.File("c.onnx"), "--sparsity", "0.9").AssertSuccess();

        var a = Weights(dir.File("a.onnx"));
        Assert.Equal(a, Weights(dir.File("b.onnx")));
        foreach (var (name, w) in Weights(dir.File("c.onnx")))
        {
            Assert.All(Enumerable.Range(0, w.Length).Where(i => a[name][i] == 0f), i => Assert.Equal(0f, w[i]));
            Assert.Equal(MagnitudePruner.CountForSparsity(w.Length, 0.9), Zeros(w));
        }
    }

    [Fact]
    public void SubgraphWeightsArePruned()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.IfSubgraphModel().Save(dir.DirectoryPath);
        var output = dir.File("pruned.onnx");
        CliRun.Of("prune", input, "-o", output, "--sparsity", "0.5").AssertSuccess();
        var w = Weights(output);
        Assert.NotEmpty(w);
        Assert.All(w, kv => Assert.Equal(MagnitudePruner.CountForSparsity(kv.Value.Length, 0.5), Zeros(kv.Value)));
        OrtRunner.Run(output, condition: true);
        OrtRunner.Run(output, condition: false);
    }

    [Fact]
    public void JsonReportsEachLayer()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 10]).Save(dir.DirectoryPath);
        var run = CliRun.Of("prune", input, "-o", dir.File("p.onnx"), "--sparsity", "0.5", "--json").AssertSuccess();
        using var doc = System.Text.Json.JsonDocument.Parse(run.Out);
        var layer = doc.RootElement.GetProperty("layers")[0];
        Assert.Equal("fc1.weight", layer.GetProperty("name").GetString());
        Assert.Equal(100, layer.GetProperty("nonzero_after").GetInt32());
    }
}
