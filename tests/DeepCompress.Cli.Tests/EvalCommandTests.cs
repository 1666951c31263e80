using System.Text.Json;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core.Data;
using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

public class EvalCommandTests
{
    private const int Inputs = 37;
    private const int Classes = 11;
    private const int TestCount = 53;

    [Fact]
    public void OrtAndSparseAgreeWithAnIndependentArgmax()
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([Inputs, 29, Classes]).Save(dir.DirectoryPath);
        SyntheticDataset.Write(dir.DirectoryPath, 1, Inputs, Classes, trainCount: 1, testCount: TestCount);

        var expected = ExpectedErrors(model, dir.DirectoryPath);
        foreach (var engine in new[] { "ort", "sparse" })
        {
            var run = CliRun.Of("eval", model, "--data", dir.DirectoryPath, "--engine", engine, "--batch-size", "7", "--json").AssertSuccess();
            using var json = JsonDocument.Parse(run.Out);
            Assert.Equal(TestCount, json.RootElement.GetProperty("images").GetInt32());
            Assert.Equal(Classes, json.RootElement.GetProperty("classes").GetInt32());
            Assert.Equal(expected.Top1, json.RootElement.GetProperty("top1_errors").GetInt32());
            Assert.Equal(expected.Top5, json.RootElement.GetProperty("top5_errors").GetInt32());
        }
    }

    [Fact]
    public void CountLimitsTheImagesAndTableNamesTheEngine()
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([Inputs, Classes]).Save(dir.DirectoryPath);
        SyntheticDataset.Write(dir.DirectoryPath, 1, Inputs, Classes, trainCount: 1, testCount: TestCount);

        var run = CliRun.Of("eval", model, "--data", dir.DirectoryPath, "--count", "10", "--engine", "sparse").AssertSuccess();

        Assert.Contains("sparse", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"\s10\s", run.Out);
        Assert.Equal(2, CliRun.Of("eval", model, "--data", dir.DirectoryPath, "--count", "54").Code);
    }

    [Theory]
    [InlineData("ort")]
    [InlineData("sparse")]
    public void ContainerHasTheErrorsOfItsDecodedModel(string engine)
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([Inputs, 29, Classes]).Save(dir.DirectoryPath);
        SyntheticDataset.Write(dir.DirectoryPath, 1, Inputs, Classes, trainCount: 1, testCount: TestCount);
        var container = dir.File("m.dcz");
        var decoded = dir.File("decoded.onnx");
        CliRun.Of("compress", model, "-o", container, "--sparsity", "0.5", "--bits", "4").AssertSuccess();
        CliRun.Of("decode", container, "-o", decoded).AssertSuccess();

        var expected = ExpectedErrors(decoded, dir.DirectoryPath);
        var run = CliRun.Of("eval", container, "--data", dir.DirectoryPath, "--engine", engine, "--json").AssertSuccess();
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(expected.Top1, json.RootElement.GetProperty("top1_errors").GetInt32());
        Assert.Equal(expected.Top5, json.RootElement.GetProperty("top5_errors").GetInt32());
    }

    [Fact]
    public void MissingDataDirectoryIsAnInputError()
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([Inputs, Classes]).Save(dir.DirectoryPath);

        var run = CliRun.Of("eval", model, "--data", dir.File("nowhere"));

        Assert.Equal(3, run.Code);
        Assert.Contains("nowhere", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void LabelCountMismatchIsAnInputError()
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([Inputs, Classes]).Save(dir.DirectoryPath);
        SyntheticDataset.WriteImages(dir.File("t10k-images-idx3-ubyte"), new byte[5 * Inputs], 5, 1, Inputs);
        SyntheticDataset.WriteLabels(dir.File("t10k-labels-idx1-ubyte"), new byte[4]);

        var run = CliRun.Of("eval", model, "--data", dir.DirectoryPath);

        Assert.Equal(3, run.Code);
        Assert.Contains("4 labels for the 5 images", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ort")]
    [InlineData("sparse")]
    public void InputShapeMismatchIsAnInputError(string engine)
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([Inputs + 1, Classes]).Save(dir.DirectoryPath);
        SyntheticDataset.Write(dir.DirectoryPath, 1, Inputs, Classes, trainCount: 1, testCount: 3);

        var run = CliRun.Of("eval", model, "--data", dir.DirectoryPath, "--engine", engine);

        Assert.Equal(3, run.Code);
        Assert.Contains("does not take the 1x37 images", Assert.Single(run.ErrorLines).Replace("1x1x37", "1x37", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void LabelBeyondTheClassesIsAnInputError()
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([Inputs, 3]).Save(dir.DirectoryPath);
        SyntheticDataset.Write(dir.DirectoryPath, 1, Inputs, Classes, trainCount: 1, testCount: 40);

        var run = CliRun.Of("eval", model, "--data", dir.DirectoryPath);

        Assert.Equal(3, run.Code);
        Assert.Contains("not below the model's 3 classes", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new float[] { 0, 1, 2 }, 2, 0)]
    [InlineData(new float[] { 0, 1, 2 }, 0, 2)]
    [InlineData(new float[] { 5, 5, 5 }, 1, 1)]
    [InlineData(new float[] { 5, 5, 5 }, 0, 0)]
    [InlineData(new float[] { 1, float.NaN, 0 }, 1, 3)]
    public void RankCountsBetterClassesAndTiesAgainstTheModel(float[] scores, int label, int expected)
    {
        Assert.Equal(expected, ClassifierEvaluation.Rank(scores, label));
    }

    private static (int Top1, int Top5) ExpectedErrors(string model, string dataDirectory)
    {
        var data = DatasetLoader.Load(dataDirectory, DatasetSplit.Test, InputNormalization.Identity);
        var scores = OrtRunner.RunSingle(model, data.Images, data.Count, Inputs);
        var classes = scores.Length / data.Count;
        var (top1, top5) = (0, 0);
        for (var n = 0; n < data.Count; n++)
        {
            var row = scores.AsSpan(n * classes, classes).ToArray();
            var label = data.Labels[n];
            var better = row.Count(s => s > row[label]);
            top1 += better >= 1 ? 1 : 0;
            top5 += better >= 5 ? 1 : 0;
        }

        return (top1, top5);
    }
}
