using DeepCompress.Core.Pruning;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// The nonzero weights of a layer and where they are: k-means works on these alone, and a pruned layer held this way
/// costs its density, not its size.
/// </summary>
public sealed class NonZeroWeights
{
    private NonZeroWeights(int[] index, float[] values)
    {
        Index = index;
        Values = values;
    }

    /// <summary>Flat positions of the nonzero weights, ascending.</summary>
    public int[] Index { get; }

    /// <summary>The weights at <see cref="Index"/>; quantization replaces them in place.</summary>
    public float[] Values { get; }

    /// <summary>
    /// The nonzeros of <paramref name="weights"/>, in arrays sized exactly (so a 10^8-weight layer does not pay for a
    /// growing list's copies): by <paramref name="nonZeroCount"/> when the caller knows it, else by a counting pass.
    /// </summary>
    public static NonZeroWeights Extract(ReadOnlySpan<float> weights, int? nonZeroCount = null)
    {
        var index = new int[nonZeroCount ?? MagnitudePruner.CountNonZeros(weights)];
        var values = new float[index.Length];
        for (int j = 0, next = 0; j < weights.Length; j++)
        {
            if (weights[j] != 0f)
            {
                index[next] = j;
                values[next++] = weights[j];
            }
        }

        return new NonZeroWeights(index, values);
    }

    /// <summary>The survivors of a pruning that kept only them (the arrays are taken over, not copied).</summary>
    public static NonZeroWeights FromPruned(PrunedWeights pruned) => new(pruned.Positions, pruned.Values);

    /// <summary>Writes <see cref="Values"/> back at their positions (the other weights are left as they are).</summary>
    public void ScatterInto(Span<float> weights)
    {
        for (var j = 0; j < Index.Length; j++)
        {
            weights[Index[j]] = Values[j];
        }
    }
}
