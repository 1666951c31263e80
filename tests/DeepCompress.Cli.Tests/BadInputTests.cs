using DeepCompress.Cli.Infrastructure;
using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

/// <summary>Every bad input gets one clear line naming the file or option, the documented exit code, and no output.</summary>
public class BadInputTests
{
    public static TheoryData<string> Commands => new() { "prune", "quantize", "encode", "compress" };

    private static string[] Options(string command) => command == "prune" ? ["--sparsity", "0.5"] : [];

    [Theory]
    [MemberData(nameof(Commands))]
    public void MissingInputFile(string command)
    {
        using var dir = new TempDirectory();
        var run = CliRun.Of([command, dir.File("nope.onnx"), "-o", dir.File("out"), .. Options(command)]);
        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        Assert.Equal($"error: {dir.File("nope.onnx")}: no such file", Assert.Single(run.ErrorLines));
        ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void TextFileIsNotAModel(string command)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("notes.onnx"), "this is not a model\n");
        var run = CliRun.Of([command, dir.File("notes.onnx"), "-o", dir.File("out"), .. Options(command)]);
        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        Assert.StartsWith($"error: {dir.File("notes.onnx")}", Assert.Single(run.ErrorLines));
        ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath, "notes.onnx");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void TruncatedModel(double keep)
    {
        using var dir = new TempDirectory();
        var bytes = TestModelFactory.Mlp([30, 20, 10]).ToBytes();
        File.WriteAllBytes(dir.File("cut.onnx"), bytes[..(int)(bytes.Length * keep)]);
        var run = CliRun.Of("prune", dir.File("cut.onnx"), "-o", dir.File("out.onnx"), "--sparsity", "0.5");
        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        Assert.StartsWith($"error: {dir.File("cut.onnx")}", Assert.Single(run.ErrorLines));
        ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath, "cut.onnx");
    }

    [Theory]
    [InlineData("--sparsity", "1.5")]
    [InlineData("--sparsity", "-0.1")]
    [InlineData("--sparsity", "conv=abc")]
    [InlineData("--sparsity", "rnn=0.5")]
    [InlineData("--std-quality", "-1")]
    [InlineData("--min-size", "-3")]
    [InlineData("--scope", "everywhere")]
    [InlineData("--layer", "fc1.weight")]
    [InlineData("--layer", "fc1.weight=2")]
    public void PruneOptionOutOfRange(string option, string value)
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 10]).Save(dir.DirectoryPath);
        var run = CliRun.Of("prune", input, "-o", dir.File("out.onnx"), "--sparsity", "0.5", option, value);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Contains(option == "--scope" ? "everywhere" : option, Assert.Single(run.ErrorLines));
        ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath, "model.onnx");
    }

    [Theory]
    [InlineData("--bits", "0")]
    [InlineData("--bits", "17")]
    [InlineData("--bits", "conv=8,fc=x")]
    [InlineData("--init", "spectral")]
    [InlineData("--max-iter", "-1")]
    [InlineData("--threads", "0")]
    [InlineData("--layer", "fc1.weight=0")]
    public void QuantizeOptionOutOfRange(string option, string value)
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 10]).Save(dir.DirectoryPath);
        var run = CliRun.Of("quantize", input, "-o", dir.File("out.onnx"), option, value);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Single(run.ErrorLines);
        ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath, "model.onnx");
    }

    [Theory]
    [InlineData("prune", "--layer", "conv9.weight=0.5")]
    [InlineData("quantize", "--layer", "conv9.weight=4")]
    public void UnknownLayerNameIsAUsageErrorThatListsTheLayers(string command, string option, string value)
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 10]).Save(dir.DirectoryPath);
        var run = CliRun.Of(command, input, "-o", dir.File("out.onnx"), option, value);
        Assert.Equal(ExitCodes.UsageError, run.Code);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("'conv9.weight'", line);
        Assert.Contains("fc1.weight", line);
        ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath, "model.onnx");
    }

    [Fact]
    public void OutputOverTheInputIsRefusedAndTheInputKept()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 10]).Save(dir.DirectoryPath);
        var before = File.ReadAllBytes(input);
        var run = CliRun.Of("prune", input, "-o", input, "--sparsity", "0.5");
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void OutputDirectoryMissing()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 10]).Save(dir.DirectoryPath);
        var run = CliRun.Of("prune", input, "-o", dir.File("no/such/dir/out.onnx"), "--sparsity", "0.5");
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Contains("does not exist", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void ConflictingRulesAndMissingRule()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 10]).Save(dir.DirectoryPath);
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("prune", input, "-o", dir.File("o.onnx")).Code);
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("prune", input, "-o", dir.File("o.onnx"), "--sparsity", "0.5", "--std-quality", "1").Code);
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("prune", input, "-o", dir.File("o.onnx"), "--sparsity", "conv=0.5", "--scope", "global").Code);
        ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath, "model.onnx");
    }

    [Fact]
    public void MissingExternalDataFile()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 10], WeightStorage.External).Save(dir.DirectoryPath);
        File.Delete(dir.File(TestModel.ExternalFileName));
        var run = CliRun.Of("quantize", input, "-o", dir.File("o.onnx"));
        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        Assert.Contains(TestModel.ExternalFileName, Assert.Single(run.ErrorLines));
        ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath, "model.onnx");
    }

    [Fact]
    public void UnknownCommandAndNoCommand()
    {
        var run = CliRun.Of("squash", "x.onnx");
        Assert.Equal(ExitCodes.UsageError, run.Code);
        Assert.Contains("squash", Assert.Single(run.ErrorLines));
        Assert.Equal(ExitCodes.UsageError, CliRun.Of().Code);
    }

    [Theory]
    [InlineData("prune")]
    [InlineData("quantize")]
    [InlineData("encode")]
    [InlineData("decode")]
    [InlineData("compress")]
    [InlineData("info")]
    public void EveryCommandHasHelp(string command)
    {
        var run = CliRun.Of(command, "--help");
        Assert.Equal(ExitCodes.Success, run.Code);
        Assert.Contains("Usage:", run.Out);
    }
}
