using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core;
using DeepCompress.Core.Quantization;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Everything `quantize` (and `compress`) takes: bits per layer class or layer, and the k-means settings.</summary>
public sealed record QuantizeSettings(
    ClassValueSpec<int> Bits,
    IReadOnlyList<LayerOverride<int>> LayerBits,
    CentroidInit Init,
    int Seed,
    int MaxIterations,
    int MinSize,
    int Threads)
{
    /// <summary>The paper's defaults: 8 bits for conv layers, 5 for fully connected ones.</summary>
    public static readonly ClassValueSpec<int> DefaultBits = new(null, 8, 5);

    /// <summary>
    /// Bits for a layer: its --layer override, else its class's value, else the default; null when the layer is
    /// below --min-size (and has no override), i.e. it is left as it is (not quantized, stored raw by encode).
    /// </summary>
    public int? BitsFor(WeightLayer layer)
    {
        if (LayerBits.FirstOrDefault(o => o.Name == layer.Name) is { } layerOverride)
        {
            return layerOverride.Value;
        }

        return layer.ElementCount < MinSize ? null : Bits.For(layer.Class) ?? DefaultBits.For(layer.Class);
    }
}
