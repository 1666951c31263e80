namespace DeepCompress.Core.Quantization;

/// <summary>
/// Lloyd's algorithm on float centroids. Each iteration assigns, reseeds empty clusters, and moves every centroid
/// to the float nearest its cluster's mean. Keeping the state in float (rather than double) makes the float
/// codebook the algorithm's own fixed point: the rounded mean is never farther from the true mean than the previous
/// float centroid was, so SSE does not increase from one iteration to the next (up to the rounding of the cluster
/// sums themselves).
/// </summary>
/// <remarks>
/// Empty clusters: every centroid that owns no value is moved onto a distinct value farthest from its assigned
/// centroid (largest squared error first, ties to the smaller value), then the values are reassigned once. Such a
/// move cannot increase SSE (the value's error drops to 0 and no other value gets farther from its nearest
/// centroid), it is deterministic, and it keeps all k centroids useful. A cluster still empty after that keeps its
/// centroid until the next iteration.
/// </remarks>
internal static class LloydIterations
{
    /// <summary>
    /// Iterates on <paramref name="centroids"/> (ascending, updated in place) until no centroid moves by more than
    /// <paramref name="shiftTolerance"/>, or <paramref name="maxIterations"/> is reached; returns the iterations run.
    /// </summary>
    public static int Run(ILloydAssignment assignment, float[] centroids, int maxIterations, double shiftTolerance)
    {
        var start = new float[centroids.Length];
        var relocations = new float[centroids.Length];
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            centroids.CopyTo(start, 0);
            assignment.Assign(centroids);
            if (ReseedEmptyClusters(assignment, centroids, relocations))
            {
                assignment.Assign(centroids);
            }

            var anyEmpty = false;
            for (var j = 0; j < centroids.Length; j++)
            {
                var count = assignment.Count(j);
                if (count == 0)
                {
                    anyEmpty = true;
                }
                else
                {
                    centroids[j] = (float)(assignment.Sum(j) / count);
                }
            }

            // Means of ordered, disjoint clusters are ordered; rounding to float can only make neighbours equal,
            // and a kept empty centroid lies inside its own (empty) cell, so this sort rarely moves anything.
            Array.Sort(centroids);
            if (!anyEmpty && MaxShift(start, centroids) <= shiftTolerance)
            {
                return iteration;
            }
        }

        return maxIterations;
    }

    private static bool ReseedEmptyClusters(ILloydAssignment assignment, float[] centroids, float[] relocations)
    {
        var empty = 0;
        for (var j = 0; j < centroids.Length; j++)
        {
            if (assignment.Count(j) == 0)
            {
                empty++;
            }
        }

        if (empty == 0)
        {
            return false;
        }

        var found = assignment.FarthestDistinctValues(centroids, relocations.AsSpan(0, empty));
        var next = 0;
        for (var j = 0; j < centroids.Length && next < found; j++)
        {
            if (assignment.Count(j) == 0)
            {
                centroids[j] = relocations[next++];
            }
        }

        Array.Sort(centroids);
        return found > 0;
    }

    private static double MaxShift(ReadOnlySpan<float> before, ReadOnlySpan<float> after)
    {
        var shift = 0.0;
        for (var j = 0; j < before.Length; j++)
        {
            shift = Math.Max(shift, Math.Abs((double)after[j] - before[j]));
        }

        return shift;
    }
}
