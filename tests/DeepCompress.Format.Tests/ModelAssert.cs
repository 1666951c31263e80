using DeepCompress.Core;

namespace DeepCompress.Format.Tests;

internal static class ModelAssert
{
    public static void Equal(DczModel expected, DczModel actual)
    {
        Assert.Equal(expected.Graph, actual.Graph);
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Layers.Count, actual.Layers.Count);
        for (var i = 0; i < expected.Layers.Count; i++)
        {
            Assert.Equal(expected.Layers[i].Name, actual.Layers[i].Name);
            Assert.Equal(expected.Layers[i].Class, actual.Layers[i].Class);
            Equal(expected.Layers[i].Weights, actual.Layers[i].Weights);
        }
    }

    public static void Equal(SparseQuantizedTensor expected, SparseQuantizedTensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Codebook.Select(BitConverter.SingleToInt32Bits), actual.Codebook.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected.Positions, actual.Positions);
        Assert.Equal(expected.Codes, actual.Codes);
    }
}
