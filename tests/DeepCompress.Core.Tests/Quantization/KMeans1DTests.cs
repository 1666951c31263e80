using DeepCompress.Core.Quantization;

namespace DeepCompress.Core.Tests.Quantization;

public class KMeans1DTests
{
    private const int Iterations = 300;

    public static TheoryData<CentroidInit, int> InitsAndSizes()
    {
        var data = new TheoryData<CentroidInit, int>();
        foreach (var init in Enum.GetValues<CentroidInit>())
        {
            foreach (var k in new[] { 1, 2, 32, 256 })
            {
                data.Add(init, k);
            }
        }

        return data;
    }

    public static TheoryData<CentroidInit> AllInits() => new(Enum.GetValues<CentroidInit>());

    [Theory]
    [MemberData(nameof(InitsAndSizes))]
    public void FitGivesAValidCodebookAndNearestAssignments(CentroidInit init, int k)
    {
        var values = LayerWeights.TwoGaussians(5000, k);

        var result = KMeans1D.Fit(values, k, init, seed: 11, Iterations);

        AssertValidCodebook(result, k);
        AssertNearestCentroid(values, result);
        Assert.Equal(KMeans1D.Sse(values, result.Centroids, result.Assignments), result.Sse);
        if (k > 1)
        {
            Assert.Contains(result.Centroids, c => c < 0);
            Assert.Contains(result.Centroids, c => c > 0);
        }
    }

    [Theory]
    [MemberData(nameof(InitsAndSizes))]
    public void SseNeverIncreasesWithMoreIterations(CentroidInit init, int k)
    {
        var values = LayerWeights.TwoGaussians(3000, 100 + k);

        var previous = double.PositiveInfinity;
        foreach (var iterations in new[] { 0, 1, 2, 3, 5, 8, 13, 40 })
        {
            var sse = KMeans1D.Fit(values, k, init, seed: 5, iterations).Sse;
            Assert.True(sse <= previous, $"SSE rose from {previous} to {sse} at {iterations} iterations");
            previous = sse;
        }
    }

    [Theory]
    [MemberData(nameof(InitsAndSizes))]
    public void FitReachesTheFixedPointOfNaiveLloydFromTheSameStart(CentroidInit init, int k)
    {
        var values = LayerWeights.TwoGaussians(3000, 200 + k);
        var start = KMeans1D.InitialCentroids(values, k, init, seed: 3);

        var fast = KMeans1D.Fit(values, k, init, seed: 3, Iterations);
        var naive = NaiveKMeans1D.Fit(values, start, Iterations, tolerance: 0);

        Assert.True(fast.Iterations < Iterations, $"fast Lloyd did not converge in {Iterations} iterations");
        Assert.True(naive.Iterations < Iterations, $"naive Lloyd did not converge in {Iterations} iterations");
        Assert.True(Math.Abs(fast.Sse - naive.Sse) <= 1e-6 * naive.Sse, $"SSE {fast.Sse} vs naive {naive.Sse}");
    }

    [Fact]
    public void LargeLayerCodesAreNearestCentroids()
    {
        // 100 000 values: large enough for the bucket-table coding path of NearestCentroid.
        var values = LayerWeights.TwoGaussians(100_000, 41);

        var result = KMeans1D.Fit(values, 256, CentroidInit.Linear, 0, 10);

        AssertValidCodebook(result, 256);
        AssertNearestCentroid(values, result);
    }

    [Fact]
    public void OneClusterIsTheMean()
    {
        var values = LayerWeights.TwoGaussians(1001, 9);

        var result = KMeans1D.Fit(values, 1, CentroidInit.Linear, 0, Iterations);

        Assert.Equal((float)values.Average(v => (double)v), Assert.Single(result.Centroids));
        Assert.All(result.Assignments, a => Assert.Equal(0, a));
    }

    [Fact]
    public void AnyThreadCountGivesBitIdenticalResults()
    {
        // Over two million values: the final codes are computed in parts on several threads.
        var values = LayerWeights.TwoGaussians((2 << 20) + 777, 13);

        var one = KMeans1D.Fit(values, 32, CentroidInit.Linear, seed: 9, maxIterations: 5);
        var two = KMeans1D.Fit(values, 32, CentroidInit.Linear, seed: 9, maxIterations: 5, threads: 2);

        Assert.Equal(one.Centroids.Select(BitConverter.SingleToInt32Bits), two.Centroids.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(one.Assignments, two.Assignments);
        Assert.Equal(BitConverter.DoubleToInt64Bits(one.Sse), BitConverter.DoubleToInt64Bits(two.Sse));
    }

    [Theory]
    [MemberData(nameof(AllInits))]
    public void SameSeedGivesBitIdenticalResults(CentroidInit init)
    {
        var values = LayerWeights.TwoGaussians(4000, 21);

        var first = KMeans1D.Fit(values, 32, init, seed: 77, maxIterations: 7);
        var second = KMeans1D.Fit(values, 32, init, seed: 77, maxIterations: 7);

        Assert.Equal(first.Centroids.Select(BitConverter.SingleToInt32Bits), second.Centroids.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(BitConverter.DoubleToInt64Bits(first.Sse), BitConverter.DoubleToInt64Bits(second.Sse));
        Assert.Equal(first.Iterations, second.Iterations);
    }

    [Theory]
    [InlineData(CentroidInit.Forgy)]
    [InlineData(CentroidInit.KMeansPlusPlus)]
    public void DifferentSeedsGiveDifferentStarts(CentroidInit init)
    {
        var values = LayerWeights.TwoGaussians(4000, 22);

        Assert.NotEqual(KMeans1D.InitialCentroids(values, 32, init, 1), KMeans1D.InitialCentroids(values, 32, init, 2));
    }

    [Theory]
    [MemberData(nameof(AllInits))]
    public void CentroidsDoNotDependOnValueOrder(CentroidInit init)
    {
        var values = LayerWeights.TwoGaussians(3000, 23);
        var shuffled = (float[])values.Clone();
        new Random(1).Shuffle(shuffled);

        var inOrder = KMeans1D.Fit(values, 16, init, seed: 4, maxIterations: 9);
        var outOfOrder = KMeans1D.Fit(shuffled, 16, init, seed: 4, maxIterations: 9);

        Assert.Equal(inOrder.Centroids, outOfOrder.Centroids);
        Assert.Equal(inOrder.Sse, outOfOrder.Sse, 1e-12 * inOrder.Sse);
    }

    [Theory]
    [MemberData(nameof(AllInits))]
    public void FewerValuesThanClustersGiveTheValuesThemselves(CentroidInit init)
    {
        float[] values = [0.5f, -0.25f, 3f, 0.5f, -7f];

        var result = KMeans1D.Fit(values, 32, init, seed: 1, Iterations);

        Assert.Equal([-7f, -0.25f, 0.5f, 3f], result.Centroids);
        Assert.Equal([2, 1, 3, 2, 0], result.Assignments.Select(a => (int)a));
        Assert.Equal(0.0, result.Sse);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void AsManyDistinctValuesAsClustersGiveTheValuesThemselves()
    {
        var values = Enumerable.Range(0, 2000).Select(i => (i % 8) - 3.5f).ToArray();

        var result = KMeans1D.Fit(values, 8, CentroidInit.Linear, 0, Iterations);

        Assert.Equal([-3.5f, -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 3.5f], result.Centroids);
        Assert.Equal(0.0, result.Sse);
    }

    [Theory]
    [MemberData(nameof(AllInits))]
    public void AllEqualValuesGiveOneCentroid(CentroidInit init)
    {
        var values = Enumerable.Repeat(-0.125f, 100).ToArray();

        var result = KMeans1D.Fit(values, 4, init, seed: 2, Iterations);

        Assert.Equal([-0.125f], result.Centroids);
        Assert.All(result.Assignments, a => Assert.Equal(0, a));
        Assert.Equal(0.0, result.Sse);
    }

    [Fact]
    public void EmptyInputGivesEmptyCodebook()
    {
        var result = KMeans1D.Fit([], 4, CentroidInit.Linear, 0, Iterations);

        Assert.Empty(result.Centroids);
        Assert.Empty(result.Assignments);
        Assert.Equal(0.0, result.Sse);
    }

    [Fact]
    public void EmptyClustersAreReseededSoEveryCentroidIsUsed()
    {
        // Linear init puts two of the four centroids in the empty gap between the two groups.
        var values = Enumerable.Range(0, 400).Select(i => i < 200 ? -1f - (i * 0.001f) : 1f + (i * 0.001f)).ToArray();

        var result = KMeans1D.Fit(values, 4, CentroidInit.Linear, 0, Iterations);

        Assert.Equal(4, result.Centroids.Length);
        Assert.Equal(4, result.Assignments.Distinct().Count());
        Assert.Equal(2, result.Centroids.Count(c => c < 0));
        AssertNearestCentroid(values, result);
    }

    [Fact]
    public void ZeroCentroidMovesToPositiveEpsilonWhenItsClusterSumsToZero()
    {
        // Linear init gives -10, 0, 10; the middle cluster {-1, 1} has mean exactly 0.
        float[] values = [-10f, -1f, 1f, 10f];

        var result = KMeans1D.Fit(values, 3, CentroidInit.Linear, 0, Iterations);

        Assert.Equal([-10f, float.Epsilon, 10f], result.Centroids);
        Assert.Equal([0, 1, 1, 2], result.Assignments.Select(a => (int)a));
    }

    [Fact]
    public void CentroidRoundingToZeroMovesTowardsItsClusterSide()
    {
        // The middle cluster {-2ε, ε} has mean -ε/2, which rounds to -0.0f; its sum is negative, so it becomes -ε.
        float[] values = [-10f, -2 * float.Epsilon, float.Epsilon, 10f];

        var result = KMeans1D.Fit(values, 3, CentroidInit.Linear, 0, Iterations);

        Assert.Equal([-10f, -float.Epsilon, 10f], result.Centroids);
        Assert.DoesNotContain(result.Centroids, c => c == 0f);
        AssertNearestCentroid(values, result);
    }

    [Fact]
    public void PositiveToleranceStopsEarly()
    {
        var values = LayerWeights.TwoGaussians(3000, 31);

        var loose = KMeans1D.Fit(values, 32, CentroidInit.Linear, 0, Iterations, tolerance: 0.5);
        var exact = KMeans1D.Fit(values, 32, CentroidInit.Linear, 0, Iterations);

        Assert.Equal(1, loose.Iterations);
        Assert.True(exact.Iterations > 1);
        Assert.True(exact.Sse <= loose.Sse);
    }

    // Bit patterns, because xunit sees 0f and -0f as the same inline data: +0, -0, NaN, -infinity.
    [Theory]
    [InlineData(0)]
    [InlineData(int.MinValue)]
    [InlineData(0x7FC0_0000)]
    [InlineData(unchecked((int)0xFF80_0000))]
    public void RejectsZeroAndNonFiniteValues(int badBits)
    {
        var bad = BitConverter.Int32BitsToSingle(badBits);
        var error = Assert.Throws<ArgumentException>(() => KMeans1D.Fit([1f, 2f, bad], 2, CentroidInit.Linear, 0, 10));

        Assert.Contains("values[2]", error.Message);
    }

    [Theory]
    [InlineData(0, 10, 0.0)]
    [InlineData(65537, 10, 0.0)]
    [InlineData(4, -1, 0.0)]
    [InlineData(4, 10, -1.0)]
    [InlineData(4, 10, double.NaN)]
    public void RejectsOutOfRangeParameters(int k, int maxIterations, double tolerance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KMeans1D.Fit([1f, 2f], k, CentroidInit.Linear, 0, maxIterations, tolerance));

    [Fact]
    public void SseMatchesHandComputation()
    {
        // (1 - 1.5)² + (2 - 1.5)² + (-3 + 2.5)² = 0.75
        Assert.Equal(0.75, KMeans1D.Sse([1f, 2f, -3f], [-2.5f, 1.5f], [1, 1, 0]));
    }

    [Fact]
    public void SseRejectsMismatchedInput()
    {
        Assert.Throws<ArgumentException>(() => KMeans1D.Sse([1f, 2f], [1f], [0]));
        var error = Assert.Throws<ArgumentException>(() => KMeans1D.Sse([1f, 2f], [1f], [0, 1]));
        Assert.Contains("assignments[1] = 1", error.Message);
    }

    private static void AssertValidCodebook(KMeansResult result, int k)
    {
        Assert.InRange(result.Centroids.Length, 1, k);
        Assert.DoesNotContain(result.Centroids, c => c == 0f || !float.IsFinite(c));
        for (var j = 1; j < result.Centroids.Length; j++)
        {
            Assert.True(result.Centroids[j - 1] < result.Centroids[j], $"centroids {j - 1} and {j} are not strictly ascending");
        }
    }

    // Brute force over every centroid, in double, ties to the lower index.
    private static void AssertNearestCentroid(float[] values, KMeansResult result)
    {
        Assert.Equal(values.Length, result.Assignments.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var nearest = 0;
            for (var j = 1; j < result.Centroids.Length; j++)
            {
                if (Math.Abs((double)values[i] - result.Centroids[j]) < Math.Abs((double)values[i] - result.Centroids[nearest]))
                {
                    nearest = j;
                }
            }

            Assert.True(nearest == result.Assignments[i], $"values[{i}] = {values[i]} assigned {result.Assignments[i]}, nearest is {nearest}");
        }
    }
}
