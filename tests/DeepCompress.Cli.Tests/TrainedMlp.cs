using System.Globalization;
using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

/// <summary>
/// A small MLP trained on a synthetic IDX dataset in the directory, so that pruning it measurably hurts: the
/// fixture of the sensitivity and compress --data tests (CI has no MNIST).
/// </summary>
internal static class TrainedMlp
{
    public const int Inputs = 36;
    public const int Classes = 5;
    public const int TrainCount = 512;
    public const int TestCount = 256;

    /// <summary>
    /// The MLP has no normalisation metadata, so every command gets these: pixels (bytes, uniform) centred to about
    /// zero mean and unit variance, which SGD needs to learn the labels within a few epochs.
    /// </summary>
    public static readonly string[] Normalization = ["--scale", "0.00392157", "--mean", "0.5", "--std", "0.29"];

    /// <summary>Writes the dataset and returns the path of the trained model.</summary>
    public static string Create(TempDirectory dir)
    {
        var model = Untrained(dir, TrainCount, TestCount);
        var trained = dir.File("trained.onnx");
        CliRun.Of(["finetune", model, "--data", dir.DirectoryPath, "-o", trained, .. Normalization, "--epochs", "8", "--lr", "0.1",
            "--batch-size", "32", "--seed", "1"]).AssertSuccess();
        return trained;
    }

    /// <summary>The seeded, untrained MLP (enough for option checks), with a dataset of the given size when not null.</summary>
    public static string Untrained(TempDirectory dir, int? trainCount = 10, int testCount = 10)
    {
        if (trainCount is { } count)
        {
            SyntheticDataset.Write(dir.DirectoryPath, 6, 6, Classes, count, testCount);
        }

        return TestModelFactory.Mlp([Inputs, 24, Classes]).Save(dir.DirectoryPath);
    }

    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
