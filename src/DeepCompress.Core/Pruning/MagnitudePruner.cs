using System.Numerics;

namespace DeepCompress.Core.Pruning;

/// <summary>
/// Magnitude pruning (Han et al., "Learning both weights and connections", 2015): the weights of smallest |w| are
/// set to 0.0f. Every method writes +0.0f, never -0.0f, so a pruned layer has one canonical zero.
/// </summary>
public static class MagnitudePruner
{
    /// <summary>The number of weights a sparsity prunes: round(sparsity × n), midpoint away from zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, or sparsity is outside [0, 1] or NaN.</exception>
    public static int CountForSparsity(int elementCount, double sparsity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementCount);
        return (int)RoundedCount(elementCount, sparsity);
    }

    /// <summary>
    /// Sets exactly <paramref name="count"/> weights to 0.0f: those of smallest |w|, ties broken by lower index.
    /// Existing zeros (either sign) are the smallest, so re-pruning a pruned layer keeps its zeros; every -0.0f
    /// becomes +0.0f. Runs in O(n) (radix select, no sort); on exception the weights are unchanged.
    /// </summary>
    /// <returns>The number of zeros afterwards: the larger of <paramref name="count"/> and the zeros before.</returns>
    /// <exception cref="ArgumentOutOfRangeException">count is negative or above the length.</exception>
    /// <exception cref="ArgumentException">a weight is NaN.</exception>
    public static int PruneSmallest(Span<float> weights, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, weights.Length);
        var selection = new MagnitudeSelection();
        selection.CountHighBits(weights, nameof(weights));
        var cut = new MagnitudeCut(0, 0);
        if (count > 0)
        {
            selection.ChooseHighBin(count);
            selection.CountLowBits(weights);
            cut = selection.Cut();
        }

        var ties = cut.TiesToPrune;
        return MagnitudeSelection.Apply(weights, cut.Key, ref ties);
    }

    /// <summary>
    /// Prunes exactly round(sparsity × total weights) weights across all layers with one magnitude threshold, ties
    /// broken by (layer order, index). Zeros and -0.0f are treated as in <see cref="PruneSmallest"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">sparsity is outside [0, 1] or NaN.</exception>
    /// <exception cref="ArgumentException">a weight is NaN (no layer is modified).</exception>
    public static void PruneGlobal(IReadOnlyList<Memory<float>> layers, double sparsity)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var selection = new MagnitudeSelection();
        for (var layer = 0; layer < layers.Count; layer++)
        {
            selection.CountHighBits(layers[layer].Span, $"layers[{layer}]");
        }

        var count = RoundedCount(selection.Total, sparsity);
        var cut = new MagnitudeCut(0, 0);
        if (count > 0)
        {
            selection.ChooseHighBin(count);
            foreach (var layer in layers)
            {
                selection.CountLowBits(layer.Span);
            }

            cut = selection.Cut();
        }

        var ties = cut.TiesToPrune;
        foreach (var layer in layers)
        {
            MagnitudeSelection.Apply(layer.Span, cut.Key, ref ties);
        }
    }

    /// <summary>
    /// Han's per-layer rule: zeros every weight with |w| &lt; quality × std(weights) and returns the zeros count.
    /// </summary>
    /// <remarks>
    /// The std is the population standard deviation (divide by n) over all elements, zeros included. Including the
    /// zeros makes the threshold a function of the tensor as stored, with no memory of which zeros an earlier pass
    /// made; on a dense layer (the usual first pass) it equals the std of the nonzero weights. Population rather
    /// than sample std because the layer is the whole population, not a sample; for layer sizes the two differ by
    /// a factor sqrt(n / (n - 1)) that is negligible. Mean and deviations are accumulated in double, in two
    /// passes, so the result does not suffer the cancellation of the one-pass E[x²] - E[x]² formula.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">quality is negative, infinite or NaN.</exception>
    /// <exception cref="ArgumentException">a weight is NaN or infinite (the weights are then unchanged).</exception>
    public static int PruneByStd(Span<float> weights, double quality)
    {
        if (!double.IsFinite(quality) || quality < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "quality must be a finite number >= 0");
        }

        if (weights.IsEmpty)
        {
            return 0;
        }

        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i]))
            {
                throw new ArgumentException($"weights[{i}] is {weights[i]}; the std rule needs every weight to be finite", nameof(weights));
            }

            sum += weights[i];
        }

        var mean = sum / weights.Length;
        var squaredDeviations = 0.0;
        foreach (var w in weights)
        {
            var deviation = w - mean;
            squaredDeviations += deviation * deviation;
        }

        var threshold = quality * Math.Sqrt(squaredDeviations / weights.Length);
        var zeros = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (Math.Abs((double)weights[i]) < threshold || weights[i] == 0f)
            {
                weights[i] = 0f;
                zeros++;
            }
        }

        return zeros;
    }

    /// <summary>The number of weights that are not ±0.0f, for before/after reports.</summary>
    /// <remarks>
    /// Vectorized because it runs over every weight of every layer at least twice in a compress; a lane equal to
    /// zero (either sign) compares to all ones, -1 as an int, so the lanes' sum counts the zeros. NaN is not zero.
    /// </remarks>
    public static int CountNonZeros(ReadOnlySpan<float> weights)
    {
        var zeroLanes = Vector<int>.Zero;
        var i = 0;
        for (; i <= weights.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            zeroLanes += Vector.Equals(new Vector<float>(weights[i..]), Vector<float>.Zero);
        }

        // The sum is minus the zeros among the first i weights.
        return i + Vector.Sum(zeroLanes) + CountNonZerosScalar(weights[i..]);
    }

    /// <summary>The scalar twin of <see cref="CountNonZeros"/>, also its tail.</summary>
    internal static int CountNonZerosScalar(ReadOnlySpan<float> weights)
    {
        var nonZeros = 0;
        foreach (var w in weights)
        {
            if (w != 0f)
            {
                nonZeros++;
            }
        }

        return nonZeros;
    }

    private static long RoundedCount(long elementCount, double sparsity)
    {
        if (!(sparsity >= 0 && sparsity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "sparsity must be in [0, 1]");
        }

        return (long)Math.Round(sparsity * elementCount, MidpointRounding.AwayFromZero);
    }
}
