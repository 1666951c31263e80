namespace DeepCompress.Core.Quantization;

/// <summary>
/// Lloyd's algorithm with the O(n·k) assignment step and the same iteration rules as <see cref="KMeans1D"/>: the
/// reference for tests and the baseline for benchmarks, not for production use.
/// </summary>
internal static class NaiveKMeans1D
{
    public static KMeansResult Fit(ReadOnlySpan<float> values, float[] initialCentroids, int maxIterations, double tolerance)
    {
        var data = values.ToArray();
        var centroids = (float[])initialCentroids.Clone();
        Array.Sort(centroids);
        var assignment = new NaiveAssignment(data);
        var range = (double)data.Max() - data.Min();
        var iterations = LloydIterations.Run(assignment, centroids, maxIterations, tolerance * range);
        return CodebookBuilder.Build(values, centroids, assignment, iterations);
    }
}
