using System.Runtime.CompilerServices;

namespace DeepCompress.Core.Quantization;

/// <summary>
/// The O(k log n) assignment step for 1-D data: with the values sorted once, the clusters of ascending centroids
/// are contiguous runs split at the midpoints between neighbours, found by binary search, and each cluster's sum is
/// a difference of prefix sums.
/// </summary>
internal sealed class SortedPrefixAssignment : ILloydAssignment
{
    private readonly float[] _sorted;

    // _prefix is anchored at the first positive value z: _prefix[i] is the sum of _sorted[z..i) for i >= z and minus
    // the sum of _sorted[i..z) for i < z, so _prefix[b] - _prefix[a] is the sum of _sorted[a..b) either way. Anchoring
    // at zero keeps the entries small where the values are small, so a cluster of tiny weights near zero (whose
    // mean decides whether a centroid rounds to 0) is not swamped by the sum of the large weights before it. Each
    // running sum is accumulated with Neumaier's compensation and rounded once per entry.
    private readonly double[] _prefix;
    private int[] _ends = [];

    /// <summary>Builds the prefix sums into <paramref name="prefix"/> (length n + 1; its contents are overwritten).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SortedPrefixAssignment(float[] sortedValues, double[] prefix)
    {
        if (prefix.Length != sortedValues.Length + 1)
        {
            throw new ArgumentException($"prefix holds {prefix.Length} sums; {sortedValues.Length} values need {sortedValues.Length + 1}", nameof(prefix));
        }

        _sorted = sortedValues;
        _prefix = prefix;
        var firstPositive = SortedSearch.CountAtMost(sortedValues, 0);

        // The anchor; every other entry is written below, so a reused buffer needs nothing cleared.
        _prefix[firstPositive] = 0;
        var sum = 0.0;
        var compensation = 0.0;
        for (var i = firstPositive; i < sortedValues.Length; i++)
        {
            AddCompensated(ref sum, ref compensation, sortedValues[i]);
            _prefix[i + 1] = sum + compensation;
        }

        sum = 0.0;
        compensation = 0.0;
        for (var i = firstPositive - 1; i >= 0; i--)
        {
            AddCompensated(ref sum, ref compensation, sortedValues[i]);
            _prefix[i] = -(sum + compensation);
        }
    }

    public void Assign(ReadOnlySpan<float> centroids)
    {
        if (_ends.Length != centroids.Length)
        {
            _ends = new int[centroids.Length];
        }

        var from = 0;
        for (var j = 0; j + 1 < centroids.Length; j++)
        {
            // A value exactly at the midpoint is equally near both centroids and goes to the lower index.
            var midpoint = ((double)centroids[j] + centroids[j + 1]) * 0.5;
            from += SortedSearch.CountAtMost(_sorted.AsSpan(from), midpoint);
            _ends[j] = from;
        }

        _ends[^1] = _sorted.Length;
    }

    public long Count(int cluster) => _ends[cluster] - Start(cluster);

    public double Sum(int cluster) => _prefix[_ends[cluster]] - _prefix[Start(cluster)];

    /// <summary>
    /// |v - c| is convex along a cluster's run, so its largest remaining value is always at one of the run's two
    /// ends: a greedy merge over two cursors per cluster yields the values in order of decreasing distance.
    /// </summary>
    public int FarthestDistinctValues(ReadOnlySpan<float> centroids, Span<float> destination)
    {
        var k = centroids.Length;
        var left = new int[k];
        var right = new int[k];
        for (var j = 0; j < k; j++)
        {
            left[j] = Start(j);
            right[j] = _ends[j] - 1;
        }

        var found = 0;
        while (found < destination.Length)
        {
            var bestCluster = -1;
            var bestIsLeft = false;
            var bestDistance = 0.0;

            // Clusters and, within one, left before right are in ascending value order, so keeping the first of
            // equal distances breaks ties towards the smaller value.
            for (var j = 0; j < k; j++)
            {
                if (left[j] > right[j])
                {
                    continue;
                }

                var leftDistance = Math.Abs((double)_sorted[left[j]] - centroids[j]);
                var rightDistance = Math.Abs((double)_sorted[right[j]] - centroids[j]);
                if (leftDistance > bestDistance)
                {
                    (bestCluster, bestIsLeft, bestDistance) = (j, true, leftDistance);
                }

                if (rightDistance > bestDistance)
                {
                    (bestCluster, bestIsLeft, bestDistance) = (j, false, rightDistance);
                }
            }

            if (bestCluster < 0)
            {
                break;
            }

            // Step over every copy of the chosen value so that it is not chosen twice.
            if (bestIsLeft)
            {
                var value = _sorted[left[bestCluster]];
                destination[found++] = value;
                while (left[bestCluster] <= right[bestCluster] && _sorted[left[bestCluster]] == value)
                {
                    left[bestCluster]++;
                }
            }
            else
            {
                var value = _sorted[right[bestCluster]];
                destination[found++] = value;
                while (right[bestCluster] >= left[bestCluster] && _sorted[right[bestCluster]] == value)
                {
                    right[bestCluster]--;
                }
            }
        }

        return found;
    }

    private int Start(int cluster) => cluster == 0 ? 0 : _ends[cluster - 1];

    private static void AddCompensated(ref double sum, ref double compensation, double value)
    {
        var next = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - next) + value : (value - next) + sum;
        sum = next;
    }
}
