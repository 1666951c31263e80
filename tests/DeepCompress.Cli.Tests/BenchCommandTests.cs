using System.Text.Json;
using DeepCompress.Cli.Benchmarking;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Data;
using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

public class BenchCommandTests
{
    private static (string Dcz, string Original) CompressedMlp(TempDirectory dir)
    {
        var onnx = TestModelFactory.Mlp([64, 48, 10]).Save(dir.DirectoryPath);
        CliRun.Of("compress", onnx, "-o", dir.File("model.dcz"), "--sparsity", "0.9", "--bits", "5").AssertSuccess();
        return (dir.File("model.dcz"), onnx);
    }

    [Fact]
    public void JsonHasEveryCaseWithLatenciesSpeedupsAndOutputsThatAgree()
    {
        using var dir = new TempDirectory();
        var (dcz, original) = CompressedMlp(dir);
        var run = CliRun.Of("bench", dcz, "--baseline", original, "--batch", "1,3", "--threads", "1,2", "--seconds", "0.02", "--json").AssertSuccess();

        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal([(1, 1), (1, 3), (2, 1), (2, 3)], cases.Select(c => (c.GetProperty("threads").GetInt32(), c.GetProperty("batch").GetInt32())));
        foreach (var c in cases)
        {
            foreach (var engine in new[] { "ours", "ort_original", "ort_decoded" })
            {
                var stats = c.GetProperty(engine);
                Assert.True(stats.GetProperty("median_ms").GetDouble() > 0, engine);
                Assert.True(stats.GetProperty("p90_ms").GetDouble() >= stats.GetProperty("median_ms").GetDouble(), engine);
                Assert.True(stats.GetProperty("calls").GetInt32() >= LatencyTimer.MinCalls, engine);
            }

            var expectedSpeedup = c.GetProperty("ort_original").GetProperty("median_ms").GetDouble() / c.GetProperty("ours").GetProperty("median_ms").GetDouble();
            Assert.Equal(expectedSpeedup, c.GetProperty("speedup_vs_ort").GetDouble(), 9);
            Assert.InRange(c.GetProperty("max_relative_difference").GetDouble(), 0, 1e-4);
        }

        Assert.InRange(root.GetProperty("max_relative_difference").GetDouble(), 0, 1e-4);
        Assert.True(root.GetProperty("memory_bandwidth_gb_per_s").GetProperty("1").GetDouble() > 0);
        Assert.True(root.GetProperty("memory_bandwidth_gb_per_s").GetProperty("2").GetDouble() > 0);
        Assert.True(root.GetProperty("ort_call_overhead_us").GetProperty("2").GetDouble() > 0);
        Assert.True(root.GetProperty("engine_call_overhead_us").GetProperty("1").GetDouble() > 0);
        var check = root.GetProperty("baseline_check");
        Assert.Equal("fc1.weight", check.GetProperty("layer").GetString());
        Assert.Equal(64 * 48 * sizeof(float), check.GetProperty("weight_bytes").GetInt64());
        var weak = check.GetProperty("fraction").GetDouble() < BaselineStrength.WeakFraction;
        Assert.Equal(weak ? "baseline is weak" : "baseline is strong", check.GetProperty("verdict").GetString());
    }

    [Fact]
    public void TableShowsThreeEnginesPerCaseBandwidthAndTheBaselineVerdict()
    {
        using var dir = new TempDirectory();
        var (dcz, original) = CompressedMlp(dir);
        var out_ = CliRun.Of("bench", dcz, "--baseline", original, "--batch", "2", "--seconds", "0.02").AssertSuccess().Out;
        Assert.Contains("ours (.dcz)", out_);
        Assert.Contains("ORT original", out_);
        Assert.Contains("ORT decoded", out_);
        Assert.Contains("memory bandwidth, 1 thread(s): ", out_);
        Assert.Contains("largest FC layer fc1.weight", out_);
        Assert.Matches("baseline is (weak|strong)", out_);
    }

    [Fact]
    public void ProgressReportsEachCaseAndStaysOffARedirectedStderr()
    {
        using var dir = new TempDirectory();
        var (dcz, original) = CompressedMlp(dir);
        var redirected = CliRun.Of("bench", dcz, "--baseline", original, "--batch", "1,2", "--seconds", "0.02").AssertSuccess();
        Assert.DoesNotContain("bench 1/2", redirected.Err);
        Assert.DoesNotContain("\u001b[2K", redirected.Err);

        var progress = new RecordingProgress();
        BenchRunner.Run(new BenchSettings(dcz, original, [1, 2], [1], 0.02, 42), Serilog.Core.Logger.None, progress);
        Assert.Equal(["bench 1/2 threads 1, batch 1", "bench 2/2 threads 1, batch 2"], progress.Lines);
    }

    [Fact]
    public void InputFileFeedsEveryEngineItsLeadingEntriesAndOutputsAgree()
    {
        using var dir = new TempDirectory();
        var (dcz, original) = CompressedMlp(dir);
        // Four entries, four in five values zero as in MNIST images: sparse enough for the engine's column walk.
        var random = new Random(6);
        NpyWriter.Write(dir.File("x.npy"), [4, 64], Enumerable.Range(0, 4 * 64).Select(_ => random.Next(5) == 0 ? random.NextSingle() : 0f).ToArray());

        var run = CliRun.Of("bench", dcz, "--baseline", original, "--input", dir.File("x.npy"), "--batch", "1,4", "--seconds", "0.02", "--json").AssertSuccess();

        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Assert.Equal(dir.File("x.npy"), root.GetProperty("input").GetString());
        Assert.False(root.TryGetProperty("seed", out var seed) && seed.ValueKind != JsonValueKind.Null, "a seed reported for file inputs");
        Assert.Equal([1, 4], root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("batch").GetInt32()));
        Assert.InRange(root.GetProperty("max_relative_difference").GetDouble(), 0, 1e-4);
        var table = CliRun.Of("bench", dcz, "--baseline", original, "-i", dir.File("x.npy"), "--batch", "2", "--seconds", "0.02").AssertSuccess().Out;
        Assert.Contains($"input {dir.File("x.npy")} (batch N: its first N entries)", table);
        Assert.Contains("random inputs, seed 42", CliRun.Of("bench", dcz, "--baseline", original, "--batch", "1", "--seconds", "0.02").AssertSuccess().Out);
    }

    [Fact]
    public void IdxImagesBecomeTheBatchesOfAConvNet()
    {
        using var dir = new TempDirectory();
        var onnx = TestModelFactory.ConvNet([1, 4, 8], imageSize: 8).Save(dir.DirectoryPath);
        CliRun.Of("compress", onnx, "-o", dir.File("conv.dcz"), "--sparsity", "0.7", "--bits", "5").AssertSuccess();
        var random = new Random(9);
        var pixels = Enumerable.Range(0, 3 * 64).Select(_ => random.Next(3) == 0 ? (byte)random.Next(256) : (byte)0).ToArray();
        SyntheticDataset.WriteImages(dir.File("images-idx3-ubyte"), pixels, 3, 8, 8);

        var run = CliRun.Of("bench", dir.File("conv.dcz"), "--baseline", onnx, "--input", dir.File("images-idx3-ubyte"), "--batch", "1,3", "--seconds", "0.02", "--json").AssertSuccess();

        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("cases").GetArrayLength());
        Assert.InRange(doc.RootElement.GetProperty("max_relative_difference").GetDouble(), 0, 1e-4);
    }

    [Fact]
    public void PercentileIsNearestRankAndMedianAveragesTheMiddlePair()
    {
        Assert.Equal(2.5, LatencyTimer.Percentile([1, 2, 3, 4], 0.5));
        Assert.Equal(3, LatencyTimer.Percentile([1, 2, 3, 4, 5], 0.5));
        Assert.Equal(9, LatencyTimer.Percentile([.. Enumerable.Range(1, 10).Select(i => (double)i)], 0.9));
        Assert.Equal(1, LatencyTimer.Percentile([1], 0.9));
    }

    [Fact]
    public void DifferenceIsRelativeToTheLargestReferenceMagnitude()
    {
        var d = OutputDifference.Of([1f, -2f, 4.5f], [1f, -2.5f, 5f]);
        Assert.Equal(0.5, d.MaxAbsolute, 9);
        Assert.Equal(0.1, d.Relative, 9);
        Assert.Equal(OutputDifference.Zero, OutputDifference.Of([0f], [0f]));
    }

    public static TheoryData<string, string[], int, string> BadInputs => new()
    {
        { "missing baseline", ["--baseline", "{dir}/none.onnx", "--seconds", "0.01"], ExitCodes.InvalidInput, "none.onnx: no such file" },
        { "baseline with other inputs", ["--baseline", "{dir}/other.onnx", "--seconds", "0.01"], ExitCodes.InvalidInput, "differ from the model's 'input'" },
        { "baseline not ONNX", ["--baseline", "{dir}/model.dcz", "--seconds", "0.01"], ExitCodes.InvalidInput, "model.dcz" },
        { "zero batch", ["--baseline", "{dir}/model.onnx", "--batch", "0", "--seconds", "0.01"], ExitCodes.UsageError, "--batch: '0'" },
        { "zero seconds", ["--baseline", "{dir}/model.onnx", "--seconds", "0"], ExitCodes.UsageError, "--seconds must be" },
        { "no baseline", [], ExitCodes.UsageError, "--baseline" },
        { "missing input", ["--baseline", "{dir}/model.onnx", "--input", "{dir}/none.npy", "--seconds", "0.01"], ExitCodes.InvalidInput, "none.npy: no such file" },
        { "input shorter than a batch", ["--baseline", "{dir}/model.onnx", "--input", "{dir}/three.npy", "--batch", "1,4", "--seconds", "0.01"], ExitCodes.InvalidInput, "three.npy: holds 3 entries, fewer than the largest --batch 4" },
        { "input of another shape", ["--baseline", "{dir}/model.onnx", "--input", "{dir}/images.npy", "--batch", "2", "--seconds", "0.01"], ExitCodes.InvalidInput, "does not fit model input 'input'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneClearLineWithItsExitCode(string what, string[] arguments, int code, string message)
    {
        using var dir = new TempDirectory();
        var (dcz, _) = CompressedMlp(dir);
        TestModelFactory.IfSubgraphModel().Save(dir.DirectoryPath, "other.onnx");
        NpyWriter.Write(dir.File("three.npy"), [3, 64], new float[3 * 64]);
        NpyWriter.Write(dir.File("images.npy"), [3, 1, 8, 8], new float[3 * 64]);
        string[] args = ["bench", dcz, .. arguments.Select(a => a.Replace("{dir}", dir.DirectoryPath, StringComparison.Ordinal))];
        var run = CliRun.Of(args);
        Assert.True(run.Code == code, $"{what}: exit {run.Code}, stderr {run.Err}");
        Assert.Single(run.ErrorLines);
        Assert.Contains(message, run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }
}
