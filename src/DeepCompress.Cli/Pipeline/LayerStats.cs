using DeepCompress.Core.Pruning;
using DeepCompress.Core;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Per-layer facts of an ONNX model, as `info` prints them (like Table 2 of the paper).</summary>
public sealed record LayerStats(string Name, LayerClass Class, string OpType, int[] Shape, int Weights, int NonZero, int DistinctNonZero, string Location)
{
    public double Density => Weights == 0 ? 0 : (double)NonZero / Weights;

    public static LayerStats Of(WeightLayer layer) => Of(layer, layer.ReadWeights());

    /// <summary>The facts of <paramref name="layer"/> whose weights were read elsewhere (e.g. from its external data file).</summary>
    public static LayerStats Of(WeightLayer layer, float[] weights)
    {
        return new LayerStats(layer.Name, layer.Class, layer.OpType, layer.Shape, weights.Length,
            MagnitudePruner.CountNonZeros(weights), ModelQuantization.CountDistinct(weights), layer.Location);
    }
}
