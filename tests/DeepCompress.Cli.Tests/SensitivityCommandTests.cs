using System.Text.Json;
using System.Xml.Linq;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core;
using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

public class SensitivityCommandTests
{
    private static readonly string[] Layers = ["fc1.weight", "fc2.weight"];

    [Fact]
    public void JsonHasOneRowPerLayerAndOneErrorPerSparsityStartingAtEvalsError()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);

        var json = Json(Sensitivity(dir, model, "--sparsities", "0.9,0,0.5,1", "--json"));
        var evalRun = CliRun.Of(["eval", model, "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, "--engine", "sparse", "--json"]).AssertSuccess();
        var evalErrors = Json(evalRun).GetProperty("top1_errors").GetInt32();

        Assert.Equal([0, 0.5, 0.9, 1], json.GetProperty("sparsities").EnumerateArray().Select(s => s.GetDouble()));
        Assert.Equal(evalErrors, json.GetProperty("dense").GetProperty("top1_errors").GetInt32());
        Assert.Equal(TrainedMlp.TestCount, json.GetProperty("images").GetInt32());
        var layers = json.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(Layers, layers.Select(l => l.GetProperty("name").GetString()));
        foreach (var layer in layers)
        {
            var errors = layer.GetProperty("top1_errors").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(4, errors.Count);
            Assert.Equal(evalErrors, errors[0]);

            // A layer pruned to nothing makes the output independent of the input: about 4 in 5 wrong, far above the
            // trained model's error.
            Assert.True(errors[3] > evalErrors + (TrainedMlp.TestCount / 4), $"{layer.GetProperty("name")}: {string.Join(", ", errors)}, dense {evalErrors}");
        }

        Assert.True(evalErrors < TrainedMlp.TestCount / 3, $"the fixture did not learn: {evalErrors} errors");
    }

    [Fact]
    public void TableHasALayerRowAndASparsityColumnAndScanningOneLayerGivesItsRow()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);

        var all = Json(Sensitivity(dir, model, "--sparsities", "0,0.6", "--json"));
        var table = Sensitivity(dir, model, "--sparsities", "0,0.6", "--layer", "fc2.weight").Out.Split('\n');
        var one = Json(Sensitivity(dir, model, "--sparsities", "0,0.6", "--layer", "fc2.weight", "--json"));

        var header = Assert.Single(table, l => l.StartsWith("layer", StringComparison.Ordinal));
        Assert.Equal(["layer", "weights", "0", "0.6"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = Assert.Single(table, l => l.StartsWith("fc2.weight", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, row.Length);
        Assert.DoesNotContain(table, l => l.StartsWith("fc1.weight", StringComparison.Ordinal));
        var alone = Assert.Single(one.GetProperty("layers").EnumerateArray());
        var fromAll = all.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "fc2.weight");
        Assert.Equal(fromAll.GetProperty("top1_errors").ToString(), alone.GetProperty("top1_errors").ToString());
    }

    [Fact]
    public void ProposalIsTheLargestTestedSparsityWithinTheBudgetEvenPastAWorseOne()
    {
        var dense = new EvalResult(1000, 10, 10, 0);
        double[] sparsities = [0, 0.5, 0.8, 0.9, 0.95];
        var layer = new LayerSensitivity("w", LayerClass.Fc, 100, [.. new[] { 10, 12, 15, 40, 13 }.Select(e => new EvalResult(1000, 10, e, 0))]);
        var result = new SensitivityResult(dense, sparsities, [layer]);

        Assert.Equal(0.95, result.ProposedSparsity(layer, 0.005));
        Assert.Equal(0.5, result.ProposedSparsity(layer, 0.002));
        Assert.Equal(0.5, result.ProposedSparsity(layer, 0.0029));
        Assert.Equal(0, result.ProposedSparsity(layer, 0));
        Assert.Equal(0.95, result.ProposedSparsity(layer, 1));
    }

    [Fact]
    public void MaxErrorIncreaseProposesOptionsThatPruneAccepts()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);

        var json = Json(Sensitivity(dir, model, "--sparsities", "0,0.3,0.6,0.9,0.99", "--max-error-increase", "2", "--json"));
        var text = Sensitivity(dir, model, "--sparsities", "0,0.3,0.6,0.9,0.99", "--max-error-increase", "2");

        var dense = json.GetProperty("dense").GetProperty("top1_errors").GetInt32();
        var sparsities = json.GetProperty("sparsities").EnumerateArray().Select(s => s.GetDouble()).ToList();
        var expected = new List<string>();
        foreach (var layer in json.GetProperty("layers").EnumerateArray())
        {
            var errors = layer.GetProperty("top1_errors").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var within = Enumerable.Range(0, errors.Count).Where(i => errors[i] - dense <= 0.02 * TrainedMlp.TestCount).Select(i => sparsities[i]).Max();
            Assert.Equal(within, layer.GetProperty("proposed_sparsity").GetDouble());
            if (within > 0)
            {
                expected.Add($"--layer-sparsity {layer.GetProperty("name").GetString()}={TrainedMlp.Text(within)}");
            }
        }

        Assert.NotEmpty(expected);
        var options = json.GetProperty("proposed_options").GetString()!;
        Assert.Equal(string.Join(" ", expected), options);
        Assert.Contains(options, text.Out.Split('\n'));
        CliRun.Of(["prune", model, "-o", dir.File("pruned.onnx"), .. options.Split(' ')]).AssertSuccess();
    }

    [Fact]
    public void PlotIsAPngOrAnSvgByExtension()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);

        Sensitivity(dir, model, "--sparsities", "0,0.5,0.9", "--plot", dir.File("s.png"));
        Sensitivity(dir, model, "--sparsities", "0,0.5,0.9", "--plot", dir.File("s.svg"));

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(dir.File("s.png")).Take(4));
        var svg = XDocument.Load(dir.File("s.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Contains("fc2.weight", svg.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OutputIsIdenticalForAnyThreadCount()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);

        var one = Sensitivity(dir, model, "--sparsities", "0,0.5,0.8,0.95", "--threads", "1", "--json", "--max-error-increase", "1");
        var two = Sensitivity(dir, model, "--sparsities", "0,0.5,0.8,0.95", "--threads", "2", "--json", "--max-error-increase", "1");

        Assert.Equal(one.Out, two.Out);
    }

    [Fact]
    public void DefaultScanTestsElevenSparsitiesFromZeroTo95Percent()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Untrained(dir);

        var json = Json(Sensitivity(dir, model, "--json"));

        Assert.Equal([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95], json.GetProperty("sparsities").EnumerateArray().Select(s => s.GetDouble()));
        Assert.All(json.GetProperty("layers").EnumerateArray(), l => Assert.Equal(11, l.GetProperty("top1_errors").GetArrayLength()));
    }

    [Theory]
    [InlineData("--sparsities", "0,1.5")]
    [InlineData("--sparsities", "0.5,0.5")]
    [InlineData("--layer", "nosuch.weight")]
    [InlineData("--max-error-increase", "-1")]
    [InlineData("--test-count", "0")]
    [InlineData("--test-count", "100000")]
    [InlineData("--plot", "s.gif")]
    public void BadOptionsAreOneClearLineAndExitTwo(string option, string value)
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Untrained(dir);

        var run = CliRun.Of(["sensitivity", model, "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, option, value == "s.gif" ? dir.File(value) : value]);

        Assert.Equal(2, run.Code);
        Assert.Contains(option, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(run.Out);
        Assert.False(File.Exists(dir.File("s.gif")));
    }

    [Fact]
    public void MissingDataIsAUsageErrorAndAMissingDirectoryAnInputError()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Untrained(dir, trainCount: null);

        Assert.Equal(2, CliRun.Of("sensitivity", model).Code);
        var missing = CliRun.Of("sensitivity", model, "--data", dir.File("none"));
        Assert.Equal(3, missing.Code);
        Assert.Contains("none", Assert.Single(missing.ErrorLines), StringComparison.Ordinal);
    }

    private static CliRun Sensitivity(TempDirectory dir, string model, params string[] extra) =>
        CliRun.Of(["sensitivity", model, "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, "-q", .. extra]).AssertSuccess();

    private static JsonElement Json(CliRun run)
    {
        using var document = JsonDocument.Parse(run.Out);
        return document.RootElement.Clone();
    }
}
