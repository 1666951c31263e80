namespace DeepCompress.Core.Quantization;

/// <summary>Turns the centroids Lloyd's iterations end with into a <see cref="KMeansResult"/>.</summary>
internal static class CodebookBuilder
{
    /// <summary>
    /// A centroid of ±0.0f (a cluster whose mean rounds to zero) is moved to the nearest nonzero float on the side
    /// of its cluster's sum, ±<see cref="float.Epsilon"/> (+ when the sum is 0 or the cluster empty), because 0 is
    /// the pruned value and must not be a code. Centroids that coincide (two means rounding to one float) are
    /// merged. Every value is then assigned to its nearest final centroid (on up to <paramref name="threads"/> threads).
    /// </summary>
    public static KMeansResult Build(ReadOnlySpan<float> values, float[] centroids, ILloydAssignment assignment, int iterations, int threads = 1)
    {
        assignment.Assign(centroids);
        for (var j = 0; j < centroids.Length; j++)
        {
            if (centroids[j] == 0f)
            {
                centroids[j] = assignment.Sum(j) < 0 ? -float.Epsilon : float.Epsilon;
            }
        }

        Array.Sort(centroids);
        var codebook = Distinct(centroids);
        var codes = NearestCentroid.Assign(values, codebook, threads);
        return new KMeansResult(codebook, codes, KMeans1D.Sse(values, codebook, codes), iterations);
    }

    /// <summary>The distinct values of an ascending array, in order.</summary>
    public static float[] Distinct(float[] sorted)
    {
        var distinct = new List<float>();
        foreach (var v in sorted)
        {
            if (distinct.Count == 0 || distinct[^1] != v)
            {
                distinct.Add(v);
            }
        }

        return [.. distinct];
    }
}
