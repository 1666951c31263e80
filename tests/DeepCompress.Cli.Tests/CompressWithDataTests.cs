using System.Text.Json;
using DeepCompress.TestModels;
using static DeepCompress.Cli.Tests.ModelAssertions;

namespace DeepCompress.Cli.Tests;

public class CompressWithDataTests
{
    private static readonly string[] PipelineOptions =
        ["--sparsity", "0.6", "--layer-sparsity", "fc2.weight=0.3", "--bits", "3", "--prune-steps", "2", "--retrain-epochs", "1", "--centroid-epochs", "1",
         "--lr", "0.02", "--batch-size", "32", "--seed", "5"];

    [Fact]
    public void PipelineReportsEveryStageAndWritesADczThatDecodesToThePrunedQuantizedModel()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);
        var output = dir.File("out.dcz");

        var json = Json(Compress(dir, model, output, "--json"));
        var decoded = dir.File("out.onnx");
        CliRun.Of("decode", output, "-o", decoded).AssertSuccess();
        CliRun.Of("prune", model, "-o", dir.File("pruned.onnx"), "--sparsity", "0.6", "--layer", "fc2.weight=0.3").AssertSuccess();
        var evalRun = CliRun.Of(["eval", output, "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, "--json"]).AssertSuccess();

        var stages = json.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(
            ["original", "prune 1/2", "retrain 1/2", "prune 2/2", "retrain 2/2", "quantize", "fine-tune centroids", "encode"],
            stages.Select(s => s.GetProperty("stage").GetString()));
        var sparsities = stages.Select(s => s.GetProperty("sparsity").GetDouble()).ToList();
        Assert.Equal(0, sparsities[0]);
        Assert.True(sparsities[1] > 0 && sparsities[1] < sparsities[3], string.Join(", ", sparsities));
        Assert.True(stages[^1].GetProperty("bytes").GetInt64() < stages[0].GetProperty("bytes").GetInt64());
        Assert.Equal(new FileInfo(output).Length, stages[^1].GetProperty("bytes").GetInt64());
        Assert.Equal(Json(evalRun).GetProperty("top1_errors").GetInt32(), stages[^1].GetProperty("top1_errors").GetInt32());

        // Each layer ends with exactly the zeros `prune` gives it and at most 2^3 shared values.
        var pruned = Weights(dir.File("pruned.onnx"));
        foreach (var (name, weights) in Weights(decoded))
        {
            Assert.Equal(Zeros(pruned[name]), Zeros(weights));
            Assert.InRange(Distinct(weights), 1, 8);
        }
    }

    [Fact]
    public void RetrainingRecoversFromPruning()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);

        var json = Json(CliRun.Of(["compress", model, "-o", dir.File("out.dcz"), "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, "--json", "-q",
            "--sparsity", "0.9", "--prune-steps", "1", "--retrain-epochs", "3", "--centroid-epochs", "0", "--lr", "0.05", "--batch-size", "32"]).AssertSuccess());

        var errors = json.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("top1_errors").GetInt32());
        Assert.Equal(["original", "prune", "retrain", "quantize", "encode"], errors.Keys);
        Assert.True(errors["retrain"] < errors["prune"], string.Join(", ", errors));
    }

    [Fact]
    public void OutputIsByteIdenticalForAnyThreadCount()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);

        var one = Compress(dir, model, dir.File("one.dcz"), "--threads", "1", "--json");
        var two = Compress(dir, model, dir.File("two.dcz"), "--threads", "2", "--json");

        Assert.Equal(File.ReadAllBytes(dir.File("one.dcz")), File.ReadAllBytes(dir.File("two.dcz")));
        Assert.Equal(Json(one).GetProperty("stages").ToString(), Json(two).GetProperty("stages").ToString());
    }

    [Fact]
    public void DistillingFromTheInputModelIsDeterministicAndChangesTheTraining()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);

        var one = Compress(dir, model, dir.File("one.dcz"), "--distill", "--threads", "1", "--json");
        Compress(dir, model, dir.File("two.dcz"), "--distill", "--threads", "2");
        Compress(dir, model, dir.File("hot.dcz"), "--distill", "--temperature", "1", "--distill-weight", "0.5");
        Compress(dir, model, dir.File("plain.dcz"));

        Assert.Equal(File.ReadAllBytes(dir.File("one.dcz")), File.ReadAllBytes(dir.File("two.dcz")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("one.dcz")), File.ReadAllBytes(dir.File("plain.dcz")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("one.dcz")), File.ReadAllBytes(dir.File("hot.dcz")));
        Assert.Equal(8, Json(one).GetProperty("stages").GetArrayLength());
        var orphan = CliRun.Of(["compress", model, "-o", dir.File("o.dcz"), "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, "--sparsity", "0.5",
            "--temperature", "2"]);
        Assert.Equal(2, orphan.Code);
        Assert.Contains("--temperature: only means something with --distill", Assert.Single(orphan.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void TablePrintsTheStagesAndKeepIntermediateSavesTheirModels()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Create(dir);
        var kept = dir.File("stages");

        var run = Compress(dir, model, dir.File("out.dcz"), "--keep-intermediate", kept);

        var lines = run.Out.Split('\n');
        Assert.Equal(["stage", "sparsity", "top-1", "error", "bytes"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, l => l.StartsWith("encode ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("top-1 error", StringComparison.Ordinal) && l.Contains("out.dcz", StringComparison.Ordinal));
        Assert.Equal(["centroids-tuned.onnx", "pruned-1-of-2.onnx", "pruned-2-of-2.onnx", "quantized.onnx"],
            Directory.GetFiles(kept).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Weights(Path.Combine(kept, "quantized.onnx")).Values, w => Assert.InRange(Distinct(w), 1, 8));
    }

    [Theory]
    [InlineData("--prune-steps", "0")]
    [InlineData("--retrain-epochs", "-1")]
    [InlineData("--lr", "0")]
    [InlineData("--train-count", "100000")]
    [InlineData("--schedule", "linear")]
    public void BadTrainingOptionsAreOneClearLineAndExitTwo(string option, string value)
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Untrained(dir);

        var run = CliRun.Of(["compress", model, "-o", dir.File("out.dcz"), "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, "--sparsity", "0.5", option, value]);

        Assert.Equal(2, run.Code);
        Assert.Contains(option, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.dcz")));
    }

    [Fact]
    public void AnUnknownLayerBitsNameFailsBeforeAnyTraining()
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Untrained(dir);

        var run = CliRun.Of(["compress", model, "-o", dir.File("out.dcz"), "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, "--sparsity", "0.5",
            "--layer-bits", "nosuch.weight=3"]);

        Assert.Equal(2, run.Code);
        Assert.Contains("nosuch.weight", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain("retrain", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.dcz")));
    }

    [Theory]
    [InlineData("--retrain-epochs", "2")]
    [InlineData("--scale", "1")]
    [InlineData("--keep-intermediate", "stages")]
    [InlineData("--distill", "true")]
    [InlineData("--distill-weight", "0.5")]
    public void TrainingOptionsWithoutDataAreAUsageError(string option, string value)
    {
        using var dir = new TempDirectory();
        var model = TrainedMlp.Untrained(dir, trainCount: null);

        var run = CliRun.Of("compress", model, "-o", dir.File("out.dcz"), "--sparsity", "0.5", option, value);

        Assert.Equal(2, run.Code);
        Assert.Contains($"{option}: only means something with --data", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.dcz")));
    }

    private static CliRun Compress(TempDirectory dir, string model, string output, params string[] extra) =>
        CliRun.Of(["compress", model, "-o", output, "--data", dir.DirectoryPath, .. TrainedMlp.Normalization, "-q", .. PipelineOptions, .. extra]).AssertSuccess();

    private static JsonElement Json(CliRun run)
    {
        using var document = JsonDocument.Parse(run.Out);
        return document.RootElement.Clone();
    }
}
