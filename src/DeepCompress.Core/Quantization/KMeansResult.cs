namespace DeepCompress.Core.Quantization;

/// <summary>The codebook of a 1-D k-means fit and the code of every input value.</summary>
/// <param name="Centroids">Strictly ascending, never ±0.0f; at most k entries (fewer when clusters coincide).</param>
/// <param name="Assignments">
/// For each input value, the index of its nearest centroid (ties to the lower index), so replacing value i by
/// <c>Centroids[Assignments[i]]</c> is exactly nearest-centroid quantization.
/// </param>
/// <param name="Sse">Sum over the values of (value - its centroid)², computed in double.</param>
/// <param name="Iterations">Lloyd iterations run (0 when the values have at most k distinct values).</param>
public sealed record KMeansResult(float[] Centroids, ushort[] Assignments, double Sse, int Iterations);
