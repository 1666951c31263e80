using System.Diagnostics;
using DeepCompress.Core.Pruning;
using DeepCompress.TestModels;
using static DeepCompress.Cli.Tests.ModelAssertions;

namespace DeepCompress.Cli.Tests;

/// <summary>
/// The real launcher (`./dcompress`, which builds the CLI on first use) on the models shipped in models/, as a
/// shell script or CI job runs it. One class, so its tests run one after another and build the launcher once.
/// </summary>
public class LauncherEndToEndTests
{
    private static readonly string RepositoryRoot = FindRoot();

    private static (int Code, string Out, string Err) Launch(params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "dcompress"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void PruneThenQuantizeTheShippedLeNet300100()
    {
        using var dir = new TempDirectory();
        var model = Path.Combine(RepositoryRoot, "models", "lenet-300-100.onnx");
        var pruned = Launch("prune", model, "-o", dir.File("p.onnx"), "--sparsity", "0.92", "--layer", "fc2.weight=0.91", "--layer", "fc3.weight=0.74");
        Assert.True(pruned.Code == 0, pruned.Err);
        var quantized = Launch("quantize", dir.File("p.onnx"), "-o", dir.File("q.onnx"), "--bits", "6");
        Assert.True(quantized.Code == 0, quantized.Err);

        var w = Weights(dir.File("q.onnx"));
        Assert.Equal(MagnitudePruner.CountForSparsity(235_200, 0.92), Zeros(w["fc1.weight"]));
        Assert.Equal(MagnitudePruner.CountForSparsity(30_000, 0.91), Zeros(w["fc2.weight"]));
        Assert.Equal(MagnitudePruner.CountForSparsity(1_000, 0.74), Zeros(w["fc3.weight"]));
        Assert.All(w, kv => Assert.True(Distinct(kv.Value) <= 64, kv.Key));
        Assert.Equal(2 * 10, OrtRunner.Run(dir.File("q.onnx"))[0].Length);
    }

    [Fact]
    public void CompressDecodeRoundTripOfEveryShippedModel()
    {
        foreach (var model in Directory.GetFiles(Path.Combine(RepositoryRoot, "models"), "*.onnx"))
        {
            using var dir = new TempDirectory();
            var compressed = Launch("compress", model, "-o", dir.File("m.dcz"), "--sparsity", "conv=0.6,fc=0.9");
            Assert.True(compressed.Code == 0, compressed.Err);
            Assert.Contains("bytes ->", compressed.Out);
            var decoded = Launch("decode", dir.File("m.dcz"), "-o", dir.File("d.onnx"));
            Assert.True(decoded.Code == 0, decoded.Err);
            var info = Launch("info", dir.File("m.dcz"));
            Assert.True(info.Code == 0, info.Err);
            OrtRunner.Run(dir.File("d.onnx"));
        }
    }

    [Fact]
    public void BadInputThroughTheLauncherIsOneLineAndAnExitCode()
    {
        using var dir = new TempDirectory();
        var run = Launch("quantize", dir.File("missing.onnx"), "-o", dir.File("out.onnx"));
        Assert.Equal(3, run.Code);
        Assert.Equal($"error: {dir.File("missing.onnx")}: no such file", run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
        Assert.DoesNotContain("   at ", run.Err);
    }

    /// <summary>
    /// SIGKILL at random moments while compress and decode write: the output is always the old file or the complete
    /// new one (never partial), and the input is never touched. Leftover temporary files are allowed: a killed
    /// process cannot clean up, and their names say what they are.
    /// </summary>
    [Fact]
    public void KillingAWriteLeavesTheOldOutputOrTheCompleteNewOneAndTheInputIntact()
    {
        Assert.Equal(0, Launch("--help").Code);
        var binary = Path.Combine(RepositoryRoot, ".build", "cli", "dcompress");
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([784, 1024, 512, 10]).Save(dir.DirectoryPath);
        var inputBytes = File.ReadAllBytes(input);
        string[] compress = ["compress", input, "-o", dir.File("out.dcz"), "--sparsity", "0.5", "--bits", "5"];
        Assert.Equal(0, Launch(compress).Code);
        var newContainer = File.ReadAllBytes(dir.File("out.dcz"));
        Assert.Equal(0, Launch("decode", dir.File("out.dcz"), "-o", dir.File("out.onnx")).Code);
        var newModel = File.ReadAllBytes(dir.File("out.onnx"));
        var oldContent = "previous version\n"u8.ToArray();

        var random = new Random(20161);
        for (var trial = 0; trial < 12; trial++)
        {
            var decode = trial % 2 == 1;
            var output = decode ? dir.File("out.onnx") : dir.File("out.dcz");
            File.WriteAllBytes(output, oldContent);
            string[] args = decode ? ["decode", dir.File("ref.dcz"), "-o", output] : compress;
            if (decode)
            {
                File.WriteAllBytes(dir.File("ref.dcz"), newContainer);
            }

            using var process = Process.Start(new ProcessStartInfo(binary, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            Thread.Sleep(random.Next(0, 1500));
            process.Kill();
            process.WaitForExit();

            var after = File.ReadAllBytes(output);
            Assert.True(after.AsSpan().SequenceEqual(oldContent) || after.AsSpan().SequenceEqual(decode ? newModel : newContainer),
                $"trial {trial}: {output} is neither the old file nor the complete new one ({after.Length} bytes)");
            Assert.Equal(inputBytes, File.ReadAllBytes(input));
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepCompress.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (DeepCompress.sln) not found above " + AppContext.BaseDirectory);
    }
}
