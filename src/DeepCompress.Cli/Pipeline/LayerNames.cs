using DeepCompress.Cli.Infrastructure;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

internal static class LayerNames
{
    /// <summary>A --layer option naming a layer the model lacks is a usage error that lists what exists.</summary>
    public static void RequireKnown(IReadOnlyList<WeightLayer> layers, IEnumerable<string> names)
    {
        var known = layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!known.Contains(name))
            {
                var list = known.Count == 0 ? "none" : string.Join(", ", layers.Select(l => l.Name).Take(20));
                throw new UsageException($"--layer: the model has no layer named '{name}' (layers: {list}; see `dcompress info`)");
            }
        }
    }
}
