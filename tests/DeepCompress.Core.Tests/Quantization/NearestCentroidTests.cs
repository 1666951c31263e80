using DeepCompress.Core.Quantization;

namespace DeepCompress.Core.Tests.Quantization;

public class NearestCentroidTests
{
    // The values span 10^-45 to 10^30, where a double difference of two floats can round, so two entries may tie in
    // double while one is nearer in exact arithmetic: the code must be an entry at the minimal double distance.
    [Theory]
    [InlineData(1000, 7)]
    [InlineData(70_000, 7)]
    [InlineData(70_000, 256)]
    public void AssignsAnEntryAtTheMinimalDistance(int n, int k)
    {
        var values = FloatRadixSortTests.SpreadValues(n, k);
        var codebook = values.Where((_, i) => i % (n / k) == 0).Distinct().Order().Take(k).ToArray();

        var codes = NearestCentroid.Assign(values, codebook);

        for (var i = 0; i < values.Length; i++)
        {
            var minimal = codebook.Min(c => Math.Abs((double)values[i] - c));
            Assert.True(Math.Abs((double)values[i] - codebook[codes[i]]) == minimal, $"values[{i}] = {values[i]:R} coded {codes[i]}");
        }
    }

    [Fact]
    public void BucketTableGivesTheSameCodesAsTheSearchPerValue()
    {
        // 70 000 values at once take the table; in chunks of 1000 each value is searched directly.
        var values = FloatRadixSortTests.SpreadValues(70_000, 3);
        var codebook = values.Where((_, i) => i % 300 == 0).Distinct().Order().ToArray();

        var table = NearestCentroid.Assign(values, codebook);
        var direct = values.Chunk(1000).SelectMany(chunk => NearestCentroid.Assign(chunk, codebook)).ToArray();

        Assert.Equal(direct, table);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void PartsOnSeveralThreadsGiveTheCodesOfOneThread(int threads)
    {
        // Just over three parts' worth, an awkward length, so the part boundaries fall inside buckets and mid-run.
        var values = FloatRadixSortTests.SpreadValues((3 << 20) + 12_345, 5);
        var codebook = values.Where((_, i) => i % 40_000 == 0).Distinct().Order().ToArray();

        var oneThread = NearestCentroid.Assign(values, codebook);
        var parted = NearestCentroid.Assign(values, codebook, threads);
        var direct = values.Chunk(1000).SelectMany(chunk => NearestCentroid.Assign(chunk, codebook)).ToArray();

        Assert.Equal(direct, oneThread);
        Assert.Equal(oneThread, parted);
    }

    [Fact]
    public void MidpointGoesToTheLowerEntryOnBothPaths()
    {
        float[] codebook = [-1f, 1f, 3f];
        var values = Enumerable.Repeat(2f, 70_000).Concat([0f, 2f, -5f, 9f]).ToArray();

        var table = NearestCentroid.Assign(values, codebook);
        var direct = NearestCentroid.Assign(values.AsSpan(^4..), codebook);

        Assert.All(table.Take(70_000), code => Assert.Equal(1, code));
        Assert.Equal([0, 1, 0, 2], direct.Select(c => (int)c));
        Assert.Equal(direct, table[^4..]);
    }
}
