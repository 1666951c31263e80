using DeepCompress.Core;

namespace DeepCompress.Format.Tests;

/// <summary>
/// Seeded layers shaped like Deep Compression output: uniformly random surviving positions at a given density and
/// codes from a linear-initialised 1-D k-means of Gaussian weights (Han et al. 2016, section 3).
/// </summary>
internal static class TestLayers
{
    public static SparseQuantizedTensor Pruned(int[] shape, double density, int centroids, int seed)
    {
        var random = new Random(seed);
        var elementCount = shape.Aggregate(1, (a, b) => a * b);
        var positions = new List<int>();
        for (var i = 0; i < elementCount; i++)
        {
            if (random.NextDouble() < density)
            {
                positions.Add(i);
            }
        }

        // Magnitude pruning keeps the tails of the Gaussian: draw from |w| > threshold.
        var threshold = 1.0;
        var weights = new double[positions.Count];
        for (var j = 0; j < weights.Length; j++)
        {
            double w;
            do
            {
                w = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }
            while (Math.Abs(w) < threshold * (1 - density));
            weights[j] = w;
        }

        var (codebook, codes) = KMeans(weights, centroids);
        return new SparseQuantizedTensor(shape, codebook, positions.ToArray(), codes);
    }

    private static (float[] Codebook, ushort[] Codes) KMeans(double[] values, int k)
    {
        if (values.Length == 0)
        {
            return (Array.Empty<float>(), Array.Empty<ushort>());
        }

        var min = values.Min();
        var max = values.Max();
        var centroids = Enumerable.Range(0, k).Select(c => min + ((max - min) * (c + 0.5) / k)).ToArray();
        var assignment = new int[values.Length];
        for (var iteration = 0; iteration < 20; iteration++)
        {
            var sums = new double[k];
            var counts = new int[k];
            for (var i = 0; i < values.Length; i++)
            {
                // 1-D centroids stay sorted, so the nearest is found by binary search for the first centroid
                // beyond the value and a comparison with its left neighbour.
                var upper = Array.BinarySearch(centroids, values[i]);
                upper = upper >= 0 ? upper : ~upper;
                var best = upper == k || (upper > 0 && values[i] - centroids[upper - 1] <= centroids[upper] - values[i]) ? upper - 1 : upper;

                assignment[i] = best;
                sums[best] += values[i];
                counts[best]++;
            }

            for (var c = 0; c < k; c++)
            {
                if (counts[c] > 0)
                {
                    centroids[c] = sums[c] / counts[c];
                }
            }
        }

        return (centroids.Select(c => (float)c).ToArray(), assignment.Select(a => (ushort)a).ToArray());
    }
}
