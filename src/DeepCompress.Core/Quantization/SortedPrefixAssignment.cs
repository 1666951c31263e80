using System.Runtime.CompilerServices;

namespace DeepCompress.Core.Quantization;

/// <summary>
/// The O(k log n) assignment step for 1-D data: with the values sorted once, the clusters of ascending centroids
/// are contiguous runs split at the midpoints between neighbours, found by binary search, and each cluster's sum is
/// a difference of prefix sums.
/// </summary>
internal sealed class SortedPrefixAssignment : ILloydAssignment
{
    /// <summary>
    /// The running sums are kept every this many values; a prefix sum in between is replayed from the checkpoint
    /// before it (at most 63 additions, a few times per cluster and iteration) instead of being stored for every
    /// value: a 10^7-value layer's sums would be 80 MB of fresh memory, the first touch of which cost more than the
    /// replays.
    /// </summary>
    private const int CheckpointStride = 64;

    private readonly float[] _sorted;

    // The prefix sums are anchored at the first positive value z: Prefix(i) is the sum of _sorted[z..i) for i >= z
    // and minus the sum of _sorted[i..z) for i < z, so Prefix(b) - Prefix(a) is the sum of _sorted[a..b) either way.
    // Anchoring at zero keeps the sums small where the values are small, so a cluster of tiny weights near zero
    // (whose mean decides whether a centroid rounds to 0) is not swamped by the sum of the large weights before it.
    // Each running sum is accumulated with Neumaier's compensation and rounded once per prefix; the checkpoints hold
    // the unrounded state (sum, compensation) after every CheckpointStride values, upwards from z and downwards.
    private readonly int _firstPositive;
    private readonly double[] _upwardSums;
    private readonly double[] _upwardCompensations;
    private readonly double[] _downwardSums;
    private readonly double[] _downwardCompensations;
    private int[] _ends = [];

    public SortedPrefixAssignment(float[] sortedValues)
    {
        _sorted = sortedValues;
        _firstPositive = SortedSearch.CountAtMost(sortedValues, 0);
        (_upwardSums, _upwardCompensations) = Checkpoints(sortedValues, _firstPositive, sortedValues.Length - _firstPositive, 1);
        (_downwardSums, _downwardCompensations) = Checkpoints(sortedValues, _firstPositive - 1, _firstPositive, -1);
    }

    /// <summary>
    /// The running (sum, compensation) after every <see cref="CheckpointStride"/> of the <paramref name="count"/>
    /// values from <paramref name="first"/> on, walking in <paramref name="direction"/> (+1 upwards, -1 downwards).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double[] Sums, double[] Compensations) Checkpoints(float[] sortedValues, int first, int count, int direction)
    {
        var sums = new double[(count / CheckpointStride) + 1];
        var compensations = new double[sums.Length];
        var sum = 0.0;
        var compensation = 0.0;
        for (var added = 0; ; added++)
        {
            if (added % CheckpointStride == 0)
            {
                sums[added / CheckpointStride] = sum;
                compensations[added / CheckpointStride] = compensation;
            }

            if (added == count)
            {
                return (sums, compensations);
            }

            AddCompensated(ref sum, ref compensation, sortedValues[first + (direction * added)]);
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

    public double Sum(int cluster) => Prefix(_ends[cluster]) - Prefix(Start(cluster));

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

    /// <summary>The anchored prefix sum at <paramref name="index"/>, replayed from its checkpoint in the order it was summed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Prefix(int index)
    {
        if (index >= _firstPositive)
        {
            var added = index - _firstPositive;
            var checkpoint = added / CheckpointStride;
            var sum = _upwardSums[checkpoint];
            var compensation = _upwardCompensations[checkpoint];
            for (var i = _firstPositive + (checkpoint * CheckpointStride); i < index; i++)
            {
                AddCompensated(ref sum, ref compensation, _sorted[i]);
            }

            return sum + compensation;
        }
        else
        {
            var added = _firstPositive - index;
            var checkpoint = added / CheckpointStride;
            var sum = _downwardSums[checkpoint];
            var compensation = _downwardCompensations[checkpoint];
            for (var i = _firstPositive - 1 - (checkpoint * CheckpointStride); i >= index; i--)
            {
                AddCompensated(ref sum, ref compensation, _sorted[i]);
            }

            return -(sum + compensation);
        }
    }

    private static void AddCompensated(ref double sum, ref double compensation, double value)
    {
        var next = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - next) + value : (value - next) + sum;
        sum = next;
    }
}
