using System.Runtime.CompilerServices;

namespace DeepCompress.Onnx.Tests;

/// <summary>
/// Replays tests/DeepCompress.Fuzz: every regression input (onnx-*.bin, docs/fuzzing.md) must end in the reader's own
/// exception, and every seed of the ONNX corpus must still be a model whose layers read.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string> Regressions => Files("regressions", "onnx-*.bin");

    public static TheoryData<string> Seeds => Files(Path.Combine("corpus", "onnx"), "*.onnx");

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Regression_input_is_rejected_cleanly(string file)
    {
        var error = Record.Exception(() =>
        {
            foreach (WeightLayer layer in OnnxModel.FromBytes(File.ReadAllBytes(Path.Combine(FuzzDirectory(), file)), file).FindLayers())
            {
                layer.ReadWeights();
            }
        });

        Assert.NotNull(error);
        Assert.True(error is InvalidModelException or NotSupportedException, $"{file}: {error}");
        Assert.StartsWith(file + ": ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Seed_is_a_model_whose_layers_read(string file)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(FuzzDirectory(), file));
        if (Path.GetFileName(file) == "external.onnx")
        {
            // Its weight lives in the data file the harness writes beside it; from bytes alone it cannot resolve.
            Assert.Throws<NotSupportedException>(() => OnnxModel.FromBytes(bytes, file));
            return;
        }

        IReadOnlyList<WeightLayer> layers = OnnxModel.FromBytes(bytes, file).FindLayers();

        Assert.NotEmpty(layers);
        Assert.All(layers, layer => Assert.Equal(layer.ElementCount, layer.ReadWeights().Length));
    }

    private static TheoryData<string> Files(string folder, string pattern)
    {
        var files = Directory.GetFiles(Path.Combine(FuzzDirectory(), folder), pattern)
            .Select(path => Path.GetRelativePath(FuzzDirectory(), path))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(files);
        return new TheoryData<string>(files);
    }

    private static string FuzzDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "DeepCompress.Fuzz"));
}
