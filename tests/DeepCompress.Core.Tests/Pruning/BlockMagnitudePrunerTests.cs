using System.Runtime.Intrinsics.X86;
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
    public void FewerSurvivorsInTheLastReadThanCountedAreReported()
    {
        float[] first = [1f, 2f, 3f, 4f];
        float[] last = [0f, 0f, 0f, 4f];
        var pruner = new BlockMagnitudePruner(first.Length, 1, "w");
        pruner.Count(0, first);
        pruner.Choose(0);
        pruner.Measure(0, first);
        pruner.Cut();
        pruner.Extract(0, last);

        Assert.Throws<IOException>(pruner.Finish);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MoreSurvivorsInTheLastReadThanCountedAreReportedNotWrittenPastTheirRange(int parts)
    {
        var first = new float[100];
        first[7] = 1f;
        var last = Enumerable.Range(1, 100).Select(i => (float)i).ToArray();
        var pruner = new BlockMagnitudePruner(first.Length, parts, "w");
        ForEachBlock(pruner, first, 100, pruner.Count);
        pruner.Choose(0);
        ForEachBlock(pruner, first, 100, pruner.Measure);
        pruner.Cut();

        Assert.Throws<IOException>(() => ForEachBlock(pruner, last, 100, pruner.Extract));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1023)]
    public void VectorAndScalarPathsGiveTheSameCountsAndSurvivors(int n)
    {
        if (!Avx512F.IsSupported)
        {
            return; // Nothing to compare on this machine; the scalar path is covered by every other test.
        }

        var weights = MagnitudePrunerTests.WeightsWithTiesAndZeros(n, n + 3);
        var half = MagnitudeSelection.MagnitudeKey(0.5f);
        foreach (var (highBin, cutKey, ties) in new[] { (0u, 0u, 0L), (half >> MagnitudeSelection.LowBitCount, half, 2L) })
        {
            var scalar = new BlockPrunerPart(0, n);
            var vector = new BlockPrunerPart(0, n);
            scalar.PrepareMeasure(highBin);
            vector.PrepareMeasure(highBin);
            scalar.MeasureScalar(weights);
            var measured = vector.MeasureVector512(weights);
            vector.MeasureScalar(weights.AsSpan(measured));
            Assert.Equal(n - (n % 16), measured);
            Assert.Equal(scalar.LowCounts, vector.LowCounts);

            var expected = (Positions: new int[n], Values: new float[n]);
            var actual = (Positions: new int[n], Values: new float[n]);
            scalar.PrepareExtract(cutKey, ties, expected.Positions, expected.Values, 0, n);
            vector.PrepareExtract(cutKey, ties, actual.Positions, actual.Values, 0, n);
            scalar.ExtractScalar(weights, 0);
            var extracted = vector.ExtractVector512(weights, 0);
            vector.ExtractScalar(weights.AsSpan(extracted), extracted);
            Assert.Equal(expected.Positions, actual.Positions);
            Assert.Equal(expected.Values, actual.Values);
        }
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
        ForEachBlock(pruner, weights, blockLength, pruner.Measure);
        pruner.Cut();
        ForEachBlock(pruner, weights, blockLength, pruner.Extract);
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
