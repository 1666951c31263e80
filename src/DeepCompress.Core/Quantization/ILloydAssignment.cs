namespace DeepCompress.Core.Quantization;

/// <summary>
/// The assignment step of Lloyd's algorithm over one fixed set of values, so that the fast sorted implementation and
/// the naive O(n·k) reference share one iteration driver (<see cref="LloydIterations"/>) and differ only here.
/// </summary>
internal interface ILloydAssignment
{
    /// <summary>Assigns every value to its nearest centroid (ties to the lower index); centroids are ascending.</summary>
    void Assign(ReadOnlySpan<float> centroids);

    /// <summary>The number of values in a cluster after the last <see cref="Assign"/>.</summary>
    long Count(int cluster);

    /// <summary>The sum of the values in a cluster after the last <see cref="Assign"/>, in double.</summary>
    double Sum(int cluster);

    /// <summary>
    /// Fills <paramref name="destination"/> with distinct values, farthest from their assigned centroid first (ties
    /// to the smaller value), skipping values at distance 0; returns how many it found.
    /// </summary>
    int FarthestDistinctValues(ReadOnlySpan<float> centroids, Span<float> destination);
}
