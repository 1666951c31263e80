using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Data;
using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

/// <summary>
/// Issue 6: hostile models through `info`, `compress` and `run` end with the documented exit code and one error line,
/// never an internal error, and leave no output behind.
/// </summary>
public class HostileInputTests
{
    public static TheoryData<string, string, int> Cases => new()
    {
        // Dims claiming 2 x 10^9 elements (8 GB) around 48 bytes of data.
        { "huge-dims", "info", ExitCodes.InvalidInput },
        { "huge-dims", "compress", ExitCodes.InvalidInput },
        { "huge-dims", "run", ExitCodes.InvalidInput },
        { "overflowing-dims", "info", ExitCodes.InvalidInput },
        { "overflowing-dims", "compress", ExitCodes.InvalidInput },
        { "overflowing-dims", "run", ExitCodes.InvalidInput },
        { "negative-dims", "info", ExitCodes.InvalidInput },
        { "negative-dims", "compress", ExitCodes.InvalidInput },
        { "negative-dims", "run", ExitCodes.InvalidInput },
        // 100,000 unit dims: a valid tensor, but no layer of ours (and no container) has more than 8 dims.
        { "huge-rank", "info", ExitCodes.Unsupported },
        { "huge-rank", "compress", ExitCodes.Unsupported },
        { "huge-rank", "run", ExitCodes.InvalidInput },
        { "nested-10000", "info", ExitCodes.InvalidInput },
        { "nested-10000", "compress", ExitCodes.InvalidInput },
        { "nested-10000", "run", ExitCodes.InvalidInput },
        // Layer discovery ignores edges, so only the engine, which needs an order, refuses the cycle.
        { "cycle", "info", ExitCodes.Success },
        { "cycle", "compress", ExitCodes.Success },
        { "cycle", "run", ExitCodes.InvalidInput },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void HostileModelGetsTheDocumentedExitCode(string hostile, string command, int expected)
    {
        using var dir = new TempDirectory();
        var model = dir.File(hostile + ".onnx");
        File.WriteAllBytes(model, Build(hostile));
        NpyWriter.Write(dir.File("x.npy"), [1, 4], [0.5f, -1f, 2f, 0.25f]);
        string[] args = command switch
        {
            "info" => ["info", model],
            "compress" => ["compress", model, "-o", dir.File("out.dcz"), "--sparsity", "0.5", "--bits", "2"],
            _ => ["run", model, "--input", dir.File("x.npy"), "-o", dir.File("y.npy")],
        };

        var run = CliRun.Of(args);

        Assert.True(run.Code == expected, $"exit {run.Code}, expected {expected}; stderr: {run.Err}");
        if (expected != ExitCodes.Success)
        {
            // The engine's planner names the node or initializer, not the file, in what `run` prints.
            var prefix = command == "run" ? "error: " : $"error: {model}: ";
            Assert.StartsWith(prefix, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
            ModelAssertions.AssertNoStrayFiles(dir.DirectoryPath, hostile + ".onnx", "x.npy");
        }
    }

    private static byte[] Build(string hostile) => hostile switch
    {
        "huge-dims" => HostileModels.WeightWithDims(40_000, 50_000).ToBytes(),
        "overflowing-dims" => HostileModels.WeightWithDims(1L << 32, 1L << 32).ToBytes(),
        "negative-dims" => HostileModels.WeightWithDims(-3, -4).ToBytes(),
        "huge-rank" => HostileModels.WeightWithRank(100_000).ToBytes(),
        "nested-10000" => HostileModels.NestedIf(10_000),
        "cycle" => HostileModels.Cycle().ToBytes(),
        _ => throw new ArgumentOutOfRangeException(nameof(hostile), hostile, "no such hostile model"),
    };
}
