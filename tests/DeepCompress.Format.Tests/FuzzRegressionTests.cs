using System.Runtime.CompilerServices;

namespace DeepCompress.Format.Tests;

/// <summary>
/// Replays tests/DeepCompress.Fuzz: every regression input (regressions/dcz-*.bin, docs/fuzzing.md) must end in
/// the reader's own exception, and every seed of the .dcz corpus must still read and inspect as a valid container.
/// </summary>
public class FuzzRegressionTests
{
    private const string RegressionFolder = "regressions";

    /// <summary>The seeds, then the regression inputs (the folder tells which outcome is expected).</summary>
    public static TheoryData<string> Inputs
    {
        get
        {
            var seeds = Files(Path.Combine("corpus", "dcz"), "*.dcz");
            Assert.NotEmpty(seeds);
            return new TheoryData<string>([.. seeds, .. Files(RegressionFolder, "dcz-*.bin")]);
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void ReplayedInputGetsItsExpectedOutcome(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(FuzzDirectory(), file));
        if (!file.StartsWith(RegressionFolder, StringComparison.Ordinal))
        {
            var model = DczReader.Read(bytes, file);
            Assert.NotEmpty(model.Graph);
            Assert.Equal(model.Layers.Count, DczReader.Inspect(bytes, file).Layers.Count);
            return;
        }

        var error = Record.Exception(() => DczReader.Read(bytes, file));

        Assert.True(error is InvalidContainerException or NotSupportedException, $"{file}: {error?.ToString() ?? "accepted"}");
        Assert.StartsWith(file + ": ", error!.Message, StringComparison.Ordinal);
    }

    private static string[] Files(string folder, string pattern) =>
        Directory.GetFiles(Path.Combine(FuzzDirectory(), folder), pattern)
            .Select(path => Path.GetRelativePath(FuzzDirectory(), path))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string FuzzDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "DeepCompress.Fuzz"));
}
