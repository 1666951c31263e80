using DeepCompress.Core.Quantization;

namespace DeepCompress.Core.Tests.Quantization;

public class CentroidSeedingTests
{
    private static readonly float[] OneToHundred = Enumerable.Range(1, 100).Select(i => (float)i).ToArray();

    [Fact]
    public void LinearSpacesEvenlyFromMinToMax() =>
        Assert.Equal([1f, 34f, 67f, 100f], KMeans1D.InitialCentroids(OneToHundred.Reverse().ToArray(), 4, CentroidInit.Linear, 0));

    [Fact]
    public void DensityTakesTheQuantilesAtBandMidpoints() =>
        // Sorted indices floor((j + 0.5) * 100 / 4) = 12, 37, 62, 87.
        Assert.Equal([13f, 38f, 63f, 88f], KMeans1D.InitialCentroids(OneToHundred, 4, CentroidInit.Density, 0));

    [Fact]
    public void DensityFollowsWhereTheValuesAre()
    {
        // 80 values crowd near 0.01, 20 spread from 0.8 to 0.99: the quantiles at sorted indices 12, 37 and 62 land
        // in the crowd, the one at 87 among the spread ones.
        var values = Enumerable.Range(0, 100).Select(i => i < 80 ? 0.01f + (i * 1e-5f) : i / 100f).ToArray();

        var centroids = KMeans1D.InitialCentroids(values, 4, CentroidInit.Density, 0);

        Assert.Equal(3, centroids.Count(c => c < 0.02f));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ForgyDrawsDistinctValuesEvenWhenOneValueDominates(int seed)
    {
        var values = Enumerable.Repeat(1f, 5000).Concat([2f, 3f, 4f]).ToArray();

        var centroids = KMeans1D.InitialCentroids(values, 3, CentroidInit.Forgy, seed);

        Assert.Equal(3, centroids.Distinct().Count());
        Assert.All(centroids, c => Assert.Contains(c, values));
        Assert.Equal(centroids.Order(), centroids);
    }

    [Fact]
    public void KMeansPlusPlusPicksDistinctDataValues()
    {
        var values = LayerWeights.TwoGaussians(2000, 3);

        var centroids = KMeans1D.InitialCentroids(values, 64, CentroidInit.KMeansPlusPlus, 8);

        Assert.Equal(64, centroids.Distinct().Count());
        Assert.All(centroids, c => Assert.Contains(c, values));
        Assert.Equal(centroids.Order(), centroids);
    }

    [Fact]
    public void KMeansPlusPlusSeedsBothOfTwoFarGroups()
    {
        // After the first centre, the far group holds ~all the D² mass, so every seed must pick one value from each.
        var values = Enumerable.Range(0, 1000).Select(i => i < 500 ? -100f - (i * 0.001f) : 100f + (i * 0.001f)).ToArray();

        for (var seed = 0; seed < 20; seed++)
        {
            var centroids = KMeans1D.InitialCentroids(values, 2, CentroidInit.KMeansPlusPlus, seed);
            Assert.True(centroids[0] < 0 && centroids[1] > 0, $"seed {seed}: {centroids[0]}, {centroids[1]}");
        }
    }

    [Theory]
    [InlineData(1f, 8f, 0.25 * ((49.0 / 59) + (49.0 / 101)))]
    [InlineData(4f, 8f, 0.25 * ((16.0 / 29) + (16.0 / 101)))]
    public void KMeansPlusPlusDrawsInProportionToSquaredDistance(float low, float high, double expected)
    {
        // Values 1, 2, 4, 8. For the pair {1, 8}: the first centre is 1 (probability 1/4) and then D² = 1, 9, 49
        // for 2, 4, 8 makes 8 the second with probability 49/59; or the first is 8 and D² = 49, 36, 16 makes 1 the
        // second with probability 49/101. The same reasoning gives {4, 8}. Over 2000 seeds the observed share must
        // lie within 5 standard deviations of the expected one.
        float[] values = [1f, 2f, 4f, 8f];
        const int Draws = 2000;
        var hits = 0;
        for (var seed = 0; seed < Draws; seed++)
        {
            var centroids = KMeans1D.InitialCentroids(values, 2, CentroidInit.KMeansPlusPlus, seed);
            hits += centroids[0] == low && centroids[1] == high ? 1 : 0;
        }

        var margin = 5 * Math.Sqrt(expected * (1 - expected) / Draws);
        Assert.InRange((double)hits / Draws, expected - margin, expected + margin);
    }
}
