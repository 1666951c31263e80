namespace DeepCompress.Core.Pruning;

/// <summary>What is left of a layer after magnitude pruning: its nonzero weights and where they are.</summary>
/// <param name="Positions">Flat indices of the surviving weights, ascending.</param>
/// <param name="Values">The weights at <paramref name="Positions"/> (never ±0.0f).</param>
/// <param name="NonZeroBefore">The weights that were not ±0.0f before pruning.</param>
public sealed record PrunedWeights(int[] Positions, float[] Values, int NonZeroBefore);
