using DeepCompress.Core.Pruning;

namespace DeepCompress.Core.Tests.Pruning;

public class BlockMagnitudePrunerTests
{
    public static TheoryData<int, double, int, int> SizesSparsitiesPartsAndBlocks()
    {
        var data = new TheoryData<int, double, int, int>();
        int[] sizes = [0, 1, 2, 7, 9, 63, 65, 1000, 4097];
        double[] sparsities = [0, 0.1, 0.5, 0.77, 0.999, 1];
        foreach (var n in sizes)
        {
            foreach (var s in sparsities)
            {
                data.Add(n, s, 1, 1 + (n / 3));
                data.Add(n, s, 3, 7);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SizesSparsitiesPartsAndBlocks))]
    public void SurvivorsAreThoseOfPruneSmallest(int n, double sparsity, int parts, int blockLength)
    {
        var weights = MagnitudePrunerTests.WeightsWithTiesAndZeros(n, (n * 17) + (int)(sparsity * 100) + parts);
        var nonZeroBefore = MagnitudePruner.CountNonZeros(weights);
        var count = MagnitudePruner.CountForSparsity(n, sparsity);
        var expected = (float[])weights.Clone();
        MagnitudePruner.PruneSmallest(expected, count);

        var pruned = Prune(weights, count, parts, blockLength);

        var expectedPositions = Enumerable.Range(0, n).Where(i => expected[i] != 0f).ToArray();
        Assert.Equal(expectedPositions, pruned.Positions);
        Assert.Equal(expectedPositions.Select(i => BitConverter.SingleToInt32Bits(expected[i])), pruned.Values.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(nonZeroBefore, pruned.NonZeroBefore);
    }

    [Fact]
    public void TiesArePrunedByLowerIndexAcrossParts()
    {
        // Four weights of magnitude 1 in four parts; pruning three must take the first three, whichever part holds them.
        float[] weights = [2f, 1f, -1f, 3f, 1f, 4f, -1f, 5f];

        var pruned = Prune(weights, 3, parts: 4, blockLength: 1);

        Assert.Equal([0, 3, 5, 6, 7], pruned.Positions);
        Assert.Equal([2f, 3f, 4f, -1f, 5f], pruned.Values);
    }

    [Fact]
    public void ResultDoesNotDependOnThePartCount()
    {
        var weights = MagnitudePrunerTests.WeightsWithTiesAndZeros(10_001, 5);
        var one = Prune(weights, 6_000, parts: 1, blockLength: 10_001);

        foreach (var parts in new[] { 2, 3, 8 })
        {
            var many = Prune(weights, 6_000, parts, blockLength: 97);
            Assert.Equal(one.Positions, many.Positions);
            Assert.Equal(one.Values, many.Values);
        }
    }

    [Fact]
    public void NaNIsRejectedWithItsIndexInTheLayer()
    {
        var weights = new float[20];
        weights[13] = float.NaN;
        var pruner = new BlockMagnitudePruner(weights.Length, 2, "fc.weight");

        pruner.Count(0, weights.AsSpan(0, 10));
        var error = Assert.Throws<ArgumentException>(() => pruner.Count(1, weights.AsSpan(10, 10)));

        Assert.Contains("fc.weight[13]", error.Message);
    }

    [Fact]
    public void WeightsThatChangeBetweenTheReadsAreReportedNotIndexedOutOfRange()
    {
        float[] first = [0f, 0f, 0f, 1f];
        float[] second = [1f, 2f, 3f, 4f];
        var pruner = new BlockMagnitudePruner(first.Length, 1, "w");
        pruner.Count(0, first);
        pruner.Choose(0);

        Assert.Throws<IOException>(() => pruner.Collect(0, second));
    }

    [Fact]
    public void APartReadShortOrLongIsAnError()
    {
        var pruner = new BlockMagnitudePruner(10, 2, "w");
        Assert.Throws<InvalidOperationException>(() => pruner.Count(0, new float[6]));
        pruner.Count(0, new float[5]);
        Assert.Throws<InvalidOperationException>(() => pruner.Choose(1));
    }

    private static PrunedWeights Prune(float[] weights, int count, int parts, int blockLength)
    {
        var pruner = new BlockMagnitudePruner(weights.Length, parts, "weights");
        ForEachBlock(pruner, weights, blockLength, pruner.Count);
        pruner.Choose(count);
        ForEachBlock(pruner, weights, blockLength, pruner.Collect);
        return pruner.Finish();
    }

    // Parts are visited last to first: each part must stand on its own, whatever order the threads run in.
    private static void ForEachBlock(BlockMagnitudePruner pruner, float[] weights, int blockLength, Action<int, ReadOnlySpan<float>> visit)
    {
        for (var part = pruner.PartCount - 1; part >= 0; part--)
        {
            var (first, length) = pruner.PartRange(part);
            for (var done = 0; done < length; done += blockLength)
            {
                visit(part, weights.AsSpan(first + done, Math.Min(blockLength, length - done)));
            }
        }
    }
}
