using DeepCompress.Core;

namespace DeepCompress.Cli.Pipeline;

/// <summary>What pruning did to one layer; <see cref="Rule"/> says which setting applied.</summary>
public sealed record LayerPruneResult(string Name, LayerClass Class, int Weights, int NonZeroBefore, int NonZeroAfter, string Rule)
{
    public double Density => Weights == 0 ? 0 : (double)NonZeroAfter / Weights;
}
