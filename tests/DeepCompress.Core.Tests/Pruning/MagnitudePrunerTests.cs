using DeepCompress.Core.Pruning;

namespace DeepCompress.Core.Tests.Pruning;

public class MagnitudePrunerTests
{
    [Theory]
    [InlineData(10, 0.25, 3)]
    [InlineData(3, 0.5, 2)]
    [InlineData(1, 0.5, 1)]
    [InlineData(1, 0.49, 0)]
    [InlineData(0, 0.7, 0)]
    [InlineData(7, 0.0, 0)]
    [InlineData(7, 1.0, 7)]
    [InlineData(100, 0.9, 90)]
    [InlineData(1000, 0.1234, 123)]
    [InlineData(2147483647, 1.0, 2147483647)]
    public void CountForSparsityRoundsHalfAwayFromZero(int n, double sparsity, int expected) =>
        Assert.Equal(expected, MagnitudePruner.CountForSparsity(n, sparsity));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void CountForSparsityRejectsSparsityOutsideUnitInterval(double sparsity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruner.CountForSparsity(10, sparsity));

    public static TheoryData<int, double, int> SizesAndSparsities()
    {
        var data = new TheoryData<int, double, int>();
        int[] sizes = [0, 1, 2, 7, 8, 9, 63, 64, 65, 1000, 4097];
        double[] sparsities = [0, 0.1, 0.5, 0.77, 0.999, 1];
        foreach (var n in sizes)
        {
            foreach (var s in sparsities)
            {
                data.Add(n, s, n * 31 + (int)(s * 1000));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SizesAndSparsities))]
    public void PruneSmallestZerosExactlyTheSmallestByMagnitudeThenIndex(int n, double sparsity, int seed)
    {
        var weights = WeightsWithTiesAndZeros(n, seed);
        var count = MagnitudePruner.CountForSparsity(n, sparsity);
        var expected = OraclePrune([weights], count)[0];

        var zeros = MagnitudePruner.PruneSmallest(weights, count);

        Assert.Equal(expected, weights);
        Assert.Equal(weights.Count(w => w == 0f), zeros);
        Assert.True(zeros >= count);
        Assert.DoesNotContain(weights, IsNegativeZero);
    }

    [Fact]
    public void PruneSmallestBreaksTiesByLowerIndex()
    {
        float[] weights = [1f, -1f, 1f, 2f, -1f];

        MagnitudePruner.PruneSmallest(weights, 2);

        Assert.Equal([0f, 0f, 1f, 2f, -1f], weights);
    }

    [Fact]
    public void PruneSmallestSelectsAcrossExponentsAndWithinOneBinary16Bin()
    {
        // 1.0f and 1.0f + 2^-23 share their high 16 key bits, so the cut must be resolved by the low bits.
        var justAboveOne = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) + 1);
        float[] weights = [justAboveOne, 1e-30f, -1f, 3e30f, 1f, -justAboveOne];

        MagnitudePruner.PruneSmallest(weights, 3);

        Assert.Equal([justAboveOne, 0f, 0f, 3e30f, 0f, -justAboveOne], weights);
    }

    [Fact]
    public void RepruningKeepsExistingZeros()
    {
        var weights = WeightsWithTiesAndZeros(500, 7);
        MagnitudePruner.PruneSmallest(weights, 250);
        var firstZeros = Enumerable.Range(0, weights.Length).Where(i => weights[i] == 0f).ToArray();

        var lessThanPruned = MagnitudePruner.PruneSmallest(weights, 100);
        Assert.Equal(firstZeros.Length, lessThanPruned);

        var morePruned = MagnitudePruner.PruneSmallest(weights, 400);
        Assert.Equal(400, morePruned);
        Assert.All(firstZeros, i => Assert.Equal(0f, weights[i]));
    }

    [Fact]
    public void PruneSmallestNormalizesNegativeZeroEvenWhenPruningNothing()
    {
        float[] weights = [-0f, 3f, -0f, -2f];

        var zeros = MagnitudePruner.PruneSmallest(weights, 0);

        Assert.Equal(2, zeros);
        Assert.DoesNotContain(weights, IsNegativeZero);
        Assert.Equal([0f, 3f, 0f, -2f], weights);
    }

    [Fact]
    public void PruneSmallestRejectsNaNWithoutModifyingTheWeights()
    {
        float[] weights = [1f, -0f, float.NaN, 0.5f];
        var before = (float[])weights.Clone();

        var error = Assert.Throws<ArgumentException>(() => MagnitudePruner.PruneSmallest(weights, 2));

        Assert.Contains("[2]", error.Message);
        Assert.Equal(before.Select(BitConverter.SingleToInt32Bits), weights.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void PruneSmallestRejectsCountOutsideTheLayer(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruner.PruneSmallest(new float[3], count));

    [Fact]
    public void PruneSmallestKeepsInfinityLast()
    {
        float[] weights = [float.NegativeInfinity, 1f, float.PositiveInfinity, -3f];

        MagnitudePruner.PruneSmallest(weights, 3);

        Assert.Equal([0f, 0f, float.PositiveInfinity, 0f], weights);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void PruneGlobalPrunesExactCountWithOneThreshold(double sparsity)
    {
        float[][] layers = [WeightsWithTiesAndZeros(300, 1), WeightsWithTiesAndZeros(17, 2), [], WeightsWithTiesAndZeros(1001, 3)];
        var before = layers.Select(l => (float[])l.Clone()).ToArray();
        var total = layers.Sum(l => l.Length);
        var count = MagnitudePruner.CountForSparsity(total, sparsity);
        var expected = OraclePrune(layers.Select(l => (float[])l.Clone()).ToArray(), count);

        MagnitudePruner.PruneGlobal(layers.Select(l => new Memory<float>(l)).ToArray(), sparsity);

        for (var layer = 0; layer < layers.Length; layer++)
        {
            Assert.Equal(expected[layer], layers[layer]);
        }

        var pruned = new List<float>();
        var kept = new List<float>();
        for (var layer = 0; layer < layers.Length; layer++)
        {
            for (var i = 0; i < layers[layer].Length; i++)
            {
                (layers[layer][i] == 0f ? pruned : kept).Add(Math.Abs(before[layer][i]));
            }
        }

        Assert.Equal(Math.Max(count, before.Sum(l => l.Count(w => w == 0f))), pruned.Count);
        if (pruned.Count > 0 && kept.Count > 0)
        {
            Assert.True(pruned.Max() <= kept.Min(), $"pruned max {pruned.Max()} above kept min {kept.Min()}");
        }
    }

    [Fact]
    public void PruneGlobalBreaksTiesByLayerThenIndex()
    {
        float[] first = [2f, 1f, -1f];
        float[] second = [1f, -1f, 5f];

        MagnitudePruner.PruneGlobal([first, second], 0.5);

        Assert.Equal([2f, 0f, 0f], first);
        Assert.Equal([0f, -1f, 5f], second);
    }

    [Fact]
    public void PruneGlobalRejectsNaNBeforeTouchingAnyLayer()
    {
        float[] first = [-0f, 1f, 2f];
        float[] second = [3f, float.NaN];

        var error = Assert.Throws<ArgumentException>(() => MagnitudePruner.PruneGlobal([first, second], 0.5));

        Assert.Contains("layers[1][1]", error.Message);
        Assert.True(IsNegativeZero(first[0]));
        Assert.Equal(1f, first[1]);
    }

    [Fact]
    public void PruneByStdMatchesHandComputation()
    {
        // mean = -0.4; squared deviations 1.96 + 2.56 + 11.56 + 12.96 + 0.16 = 29.2; population std = sqrt(5.84).
        float[] weights = [1f, -2f, 3f, -4f, 0f];
        var std = Math.Sqrt(5.84);
        Assert.Equal(2.4166, std, 4);

        var zeros = MagnitudePruner.PruneByStd(weights, 1.0);

        Assert.Equal(3, zeros);
        Assert.Equal([0f, 0f, 3f, -4f, 0f], weights);
    }

    [Fact]
    public void PruneByStdWithHalfQualityKeepsWeightsAboveHalfStd()
    {
        // threshold = 0.5 * 2.4166 = 1.2083: only 1 (and the existing zero) fall below it.
        float[] weights = [1f, -2f, 3f, -4f, -0f];

        var zeros = MagnitudePruner.PruneByStd(weights, 0.5);

        Assert.Equal(2, zeros);
        Assert.Equal([0f, -2f, 3f, -4f, 0f], weights);
        Assert.DoesNotContain(weights, IsNegativeZero);
    }

    [Fact]
    public void PruneByStdKeepsWeightsExactlyAtTheThreshold()
    {
        // mean 0, population std 1: |w| = 1 is not below 1 x std.
        float[] weights = [-1f, 1f, -1f, 1f];

        Assert.Equal(0, MagnitudePruner.PruneByStd(weights, 1.0));
        Assert.Equal([-1f, 1f, -1f, 1f], weights);
    }

    [Fact]
    public void PruneByStdCountsZerosInTheStd()
    {
        // With the two zeros: mean 0, std sqrt((4 + 4 + 0.25 + 0.25) / 6) = 1.190; without them it would be 1.458.
        // Quality 1.5 separates the two: threshold 1.785 keeps 2 and -2, 2.187 would prune them.
        float[] weights = [2f, -2f, 0.5f, -0.5f, 0f, 0f];

        Assert.Equal(4, MagnitudePruner.PruneByStd(weights, 1.5));
        Assert.Equal([2f, -2f, 0f, 0f, 0f, 0f], weights);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void PruneByStdRejectsNonFiniteWeights(float bad)
    {
        float[] weights = [1f, bad, 2f];

        Assert.Throws<ArgumentException>(() => MagnitudePruner.PruneByStd(weights, 1.0));
        Assert.Equal(1f, weights[0]);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void PruneByStdRejectsBadQuality(double quality) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruner.PruneByStd(new float[] { 1f }, quality));

    [Fact]
    public void PruneByStdOnEmptyLayerPrunesNothing() => Assert.Equal(0, MagnitudePruner.PruneByStd([], 1.0));

    [Fact]
    public void CountNonZerosIgnoresBothZeros() => Assert.Equal(2, MagnitudePruner.CountNonZeros([0f, -0f, 1f, -3f]));

    private static bool IsNegativeZero(float w) => BitConverter.SingleToInt32Bits(w) == int.MinValue;

    // Small integers and halves make many exact ties in |w|; mixed signs and both zeros exercise the key mapping.
    internal static float[] WeightsWithTiesAndZeros(int n, int seed)
    {
        var random = new Random(seed);
        var weights = new float[n];
        for (var i = 0; i < n; i++)
        {
            weights[i] = random.Next(10) switch
            {
                0 => 0f,
                1 => -0f,
                2 => random.Next(-4, 5) * 0.5f,
                _ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 4))),
            };
        }

        return weights;
    }

    // Sorts every (layer, index) by (|w|, layer, index) and zeros the first `count`.
    private static float[][] OraclePrune(float[][] layers, int count)
    {
        var order = layers
            .SelectMany((layer, l) => layer.Select((w, i) => (Magnitude: Math.Abs((double)w), Layer: l, Index: i)))
            .OrderBy(e => e.Magnitude).ThenBy(e => e.Layer).ThenBy(e => e.Index)
            .Take(count);
        var result = layers.Select(l => l.Select(w => w == 0f ? 0f : w).ToArray()).ToArray();
        foreach (var e in order)
        {
            result[e.Layer][e.Index] = 0f;
        }

        return result;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(1023)]
    public void CountNonZerosMatchesItsScalarTwinWithSignedZerosAndNaN(int length)
    {
        var random = new Random(length);
        var special = new[] { 0f, -0f, float.NaN, float.Epsilon, -1f };
        var weights = new float[length];
        var expected = 0;
        for (var i = 0; i < length; i++)
        {
            weights[i] = random.Next(3) == 0 ? special[random.Next(special.Length)] : random.NextSingle();
            expected += weights[i] != 0f ? 1 : 0;
        }

        Assert.Equal(expected, MagnitudePruner.CountNonZerosScalar(weights));
        Assert.Equal(expected, MagnitudePruner.CountNonZeros(weights));
    }
}
