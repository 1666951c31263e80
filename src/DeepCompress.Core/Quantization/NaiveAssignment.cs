namespace DeepCompress.Core.Quantization;

/// <summary>
/// The textbook O(n·k) assignment step: every value is compared with every centroid. It is the reference the tests
/// check <see cref="SortedPrefixAssignment"/> against and the baseline of the k-means benchmark.
/// </summary>
internal sealed class NaiveAssignment(float[] values) : ILloydAssignment
{
    private readonly int[] _labels = new int[values.Length];
    private long[] _counts = [];
    private double[] _sums = [];

    public void Assign(ReadOnlySpan<float> centroids)
    {
        if (_counts.Length != centroids.Length)
        {
            _counts = new long[centroids.Length];
            _sums = new double[centroids.Length];
        }

        Array.Clear(_counts);
        Array.Clear(_sums);
        for (var i = 0; i < values.Length; i++)
        {
            double v = values[i];
            var best = 0;
            var bestDistance = Math.Abs(v - centroids[0]);
            for (var j = 1; j < centroids.Length; j++)
            {
                var distance = Math.Abs(v - centroids[j]);
                if (distance < bestDistance)
                {
                    best = j;
                    bestDistance = distance;
                }
            }

            _labels[i] = best;
            _counts[best]++;
            _sums[best] += v;
        }
    }

    public long Count(int cluster) => _counts[cluster];

    public double Sum(int cluster) => _sums[cluster];

    public int FarthestDistinctValues(ReadOnlySpan<float> centroids, Span<float> destination)
    {
        var chosen = new HashSet<float>();
        var found = 0;
        while (found < destination.Length)
        {
            var bestValue = 0f;
            var bestDistance = 0.0;
            for (var i = 0; i < values.Length; i++)
            {
                var distance = Math.Abs((double)values[i] - centroids[_labels[i]]);
                var fartherOrSmallerTie = distance > bestDistance || (distance == bestDistance && values[i] < bestValue);
                if (distance > 0 && fartherOrSmallerTie && !chosen.Contains(values[i]))
                {
                    bestValue = values[i];
                    bestDistance = distance;
                }
            }

            if (bestDistance == 0)
            {
                break;
            }

            chosen.Add(bestValue);
            destination[found++] = bestValue;
        }

        return found;
    }
}
