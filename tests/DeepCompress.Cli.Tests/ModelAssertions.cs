using DeepCompress.Onnx;

namespace DeepCompress.Cli.Tests;

internal static class ModelAssertions
{
    public static Dictionary<string, float[]> Weights(string path) =>
        OnnxModel.Load(path).FindLayers().ToDictionary(l => l.Name, l => l.ReadWeights());

    public static int Zeros(float[] w) => w.Count(v => v == 0f);

    public static int Distinct(float[] w) => w.Where(v => v != 0f).Select(BitConverter.SingleToInt32Bits).Distinct().Count();

    public static void AssertNoStrayFiles(string directory, params string[] expected)
    {
        var actual = Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), actual);
    }
}
