using System.Runtime.CompilerServices;
using DeepCompress.Core.IO;

namespace DeepCompress.Core.Quantization;

/// <summary>
/// Weight sharing for one layer (Han, Mao, Dally 2016, section 3): 1-D k-means over the layer's nonzero weights.
/// The values are sorted once (O(n) radix sort, <see cref="FloatRadixSort"/>); each Lloyd iteration then costs
/// O(k log n) (see <see cref="SortedPrefixAssignment"/>), and the final codes cost O(n) (see
/// <see cref="NearestCentroid"/>). Single-threaded and free of unordered reductions, so equal inputs and seed give
/// bit-identical results.
/// </summary>
public static class KMeans1D
{
    /// <summary>The largest k: codes are <see cref="ushort"/>.</summary>
    public const int MaxClusterCount = ushort.MaxValue + 1;

    /// <summary>
    /// Clusters <paramref name="values"/> (nonzero, finite) into at most <paramref name="k"/> centroids. When the
    /// values hold at most k distinct values, the codebook is exactly those values (SSE 0, no iterations).
    /// </summary>
    /// <param name="values">The nonzero weights of a layer, in any order.</param>
    /// <param name="k">The codebook size, in [1, <see cref="MaxClusterCount"/>].</param>
    /// <param name="init">How the first centroids are placed.</param>
    /// <param name="seed">Seeds <see cref="CentroidInit.Forgy"/> and <see cref="CentroidInit.KMeansPlusPlus"/>.</param>
    /// <param name="maxIterations">The most Lloyd iterations to run; 0 returns the initial centroids.</param>
    /// <param name="tolerance">
    /// Stop once no centroid moves by more than tolerance × (max - min) in an iteration; 0 runs to the exact fixed
    /// point (no centroid moves) or to <paramref name="maxIterations"/>.
    /// </param>
    /// <param name="threads">
    /// The most threads the final codes of a large layer are computed on; the result is the same for any count.
    /// </param>
    /// <remarks>
    /// Empty clusters are reseeded onto the values farthest from their centroid (see <see cref="LloydIterations"/>);
    /// a centroid that would be ±0.0f becomes ±<see cref="float.Epsilon"/> (see <see cref="CodebookBuilder"/>).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">k, maxIterations, tolerance or threads is out of range.</exception>
    /// <exception cref="ArgumentException">a value is ±0.0f, infinite or NaN.</exception>
    public static KMeansResult Fit(ReadOnlySpan<float> values, int k, CentroidInit init, int seed, int maxIterations, double tolerance = 0, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxClusterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        if (!double.IsFinite(tolerance) || tolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be a finite number >= 0");
        }

        var sorted = SortedCopy(values);
        if (HasAtMostDistinct(sorted, k))
        {
            var distinct = CodebookBuilder.Distinct(sorted);
            var codes = NearestCentroid.Assign(values, distinct, threads);
            return new KMeansResult(distinct, codes, Sse(values, distinct, codes), 0);
        }

        var centroids = CentroidSeeding.Seed(sorted, k, init, seed);
        var assignment = new SortedPrefixAssignment(sorted);
        var shiftTolerance = tolerance * ((double)sorted[^1] - sorted[0]);
        var iterations = LloydIterations.Run(assignment, centroids, maxIterations, shiftTolerance);
        return CodebookBuilder.Build(values, centroids, assignment, iterations, threads);
    }

    /// <summary>The sum of squared errors of a quantization, in double, in index order.</summary>
    /// <exception cref="ArgumentException">the lengths differ or an assignment is not a centroid index.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sse(ReadOnlySpan<float> values, ReadOnlySpan<float> centroids, ReadOnlySpan<ushort> assignments)
    {
        if (values.Length != assignments.Length)
        {
            throw new ArgumentException($"values ({values.Length}) and assignments ({assignments.Length}) differ in length", nameof(assignments));
        }

        var sse = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            if (assignments[i] >= centroids.Length)
            {
                throw new ArgumentException($"assignments[{i}] = {assignments[i]} is not below the {centroids.Length} centroids", nameof(assignments));
            }

            var error = (double)values[i] - centroids[assignments[i]];
            sse += error * error;
        }

        return sse;
    }

    /// <summary>The initial centroids <see cref="Fit"/> would start from (ascending; requires more than k distinct values).</summary>
    internal static float[] InitialCentroids(ReadOnlySpan<float> values, int k, CentroidInit init, int seed)
    {
        var sorted = SortedCopy(values);
        if (HasAtMostDistinct(sorted, k))
        {
            throw new ArgumentException($"seeding {k} centroids needs more than {k} distinct values", nameof(values));
        }

        return CentroidSeeding.Seed(sorted, k, init, seed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasAtMostDistinct(ReadOnlySpan<float> sorted, int limit)
    {
        var distinct = sorted.IsEmpty ? 0 : 1;
        for (var i = 1; i < sorted.Length && distinct <= limit; i++)
        {
            if (sorted[i] != sorted[i - 1])
            {
                distinct++;
            }
        }

        return distinct <= limit;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] SortedCopy(ReadOnlySpan<float> values)
    {
        var sorted = LargeArrays.Zeroed<float>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] == 0f || !float.IsFinite(values[i]))
            {
                throw new ArgumentException($"values[{i}] is {values[i]}; k-means takes the nonzero, finite weights of a layer", nameof(values));
            }

            sorted[i] = values[i];
        }

        FloatRadixSort.Sort(sorted);
        return sorted;
    }
}
