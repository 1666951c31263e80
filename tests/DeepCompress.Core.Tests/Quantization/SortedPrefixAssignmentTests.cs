using DeepCompress.Core.Quantization;

namespace DeepCompress.Core.Tests.Quantization;

public class SortedPrefixAssignmentTests
{
    /// <summary>
    /// Cluster sums replayed from checkpoints must be bit-identical to sums taken from a prefix stored for every value
    /// (how they were computed before the checkpoints, and what every committed .dcz was quantized with), on both
    /// sides of the anchor at zero and at run ends on, just before and just after a checkpoint.
    /// </summary>
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(63, 64)]
    [InlineData(64, 65)]
    [InlineData(65, 63)]
    [InlineData(129, 1000)]
    [InlineData(1000, 7)]
    public void ClusterSumsEqualThoseOfAPrefixStoredForEveryValue(int negatives, int positives)
    {
        var random = new Random(negatives * 7919 + positives);
        var values = new float[negatives + positives];
        for (var i = 0; i < values.Length; i++)
        {
            var magnitude = (float)Math.Exp((random.NextDouble() * 20) - 15);
            values[i] = i < negatives ? -magnitude : magnitude;
        }

        Array.Sort(values);
        var reference = StoredPrefix(values);
        var assignment = new SortedPrefixAssignment(values);

        // Centroids on sorted values make the run ends fall on every index in turn (each midpoint splits two neighbours).
        for (var split = 0; split + 1 < values.Length; split++)
        {
            float[] centroids = [values[0], values[split], values[split + 1], values[^1]];
            Array.Sort(centroids);
            if (centroids[0] == centroids[1] || centroids[1] == centroids[2] || centroids[2] == centroids[3])
            {
                continue;
            }

            assignment.Assign(centroids);
            var start = 0;
            for (var cluster = 0; cluster < centroids.Length; cluster++)
            {
                var end = start + (int)assignment.Count(cluster);
                Assert.Equal(reference[end] - reference[start], assignment.Sum(cluster));
                start = end;
            }

            Assert.Equal(values.Length, start);
        }
    }

    /// <summary>The anchored, compensated prefix of every value, written out as the assignment kept it before.</summary>
    private static double[] StoredPrefix(float[] sorted)
    {
        var prefix = new double[sorted.Length + 1];
        var firstPositive = Array.FindIndex(sorted, v => v > 0);
        firstPositive = firstPositive < 0 ? sorted.Length : firstPositive;
        var sum = 0.0;
        var compensation = 0.0;
        for (var i = firstPositive; i < sorted.Length; i++)
        {
            AddCompensated(ref sum, ref compensation, sorted[i]);
            prefix[i + 1] = sum + compensation;
        }

        sum = 0.0;
        compensation = 0.0;
        for (var i = firstPositive - 1; i >= 0; i--)
        {
            AddCompensated(ref sum, ref compensation, sorted[i]);
            prefix[i] = -(sum + compensation);
        }

        return prefix;
    }

    private static void AddCompensated(ref double sum, ref double compensation, double value)
    {
        var next = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - next) + value : (value - next) + sum;
        sum = next;
    }
}
