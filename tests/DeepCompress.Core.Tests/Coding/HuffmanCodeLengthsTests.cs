using DeepCompress.Core.Coding;

namespace DeepCompress.Core.Tests.Coding;

public class HuffmanCodeLengthsTests
{
    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void LengthsAreCompleteAndWithinLimit(int seed)
    {
        var random = new Random(seed);
        var counts = new long[random.Next(2, 3000)];
        for (var s = 0; s < counts.Length; s++)
        {
            counts[s] = random.Next(3) == 0 ? 0 : (long)Math.Pow(2, random.NextDouble() * 30);
        }

        counts[0] = 1;
        counts[^1] = 1;
        foreach (var limit in new[] { 12, 13, 15 })
        {
            var lengths = HuffmanCodeLengths.Build(counts, limit);
            double kraft = 0;
            for (var s = 0; s < counts.Length; s++)
            {
                Assert.Equal(counts[s] == 0, lengths[s] == 0);
                Assert.InRange((int)lengths[s], 0, limit);
                kraft += lengths[s] == 0 ? 0 : Math.Pow(2, -lengths[s]);
            }

            Assert.Equal(1.0, kraft, 12);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void UnconstrainedResultMatchesHuffmanCost(int seed)
    {
        var random = new Random(seed);
        var counts = new long[200];
        for (var s = 0; s < counts.Length; s++)
        {
            counts[s] = random.Next(1, 1000);
        }

        var lengths = HuffmanCodeLengths.Build(counts);
        Assert.True(lengths.Max() < CodingConstants.MaxCodeLength);
        Assert.Equal(ReferenceHuffmanCost(counts), Cost(counts, lengths));
    }

    [Fact]
    public void FibonacciCountsHitTheLengthLimit()
    {
        var counts = FibonacciCounts(30);
        var unlimitedDepth = counts.Length - 1;
        Assert.True(unlimitedDepth > CodingConstants.MaxCodeLength);
        var lengths = HuffmanCodeLengths.Build(counts);
        Assert.Equal(CodingConstants.MaxCodeLength, lengths.Max());
        Assert.True(Cost(counts, lengths) >= ReferenceHuffmanCost(counts));
    }

    [Fact]
    public void SingleSymbolGetsTheOneBitCode()
    {
        var lengths = HuffmanCodeLengths.Build(new long[] { 0, 0, 42, 0 });
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, lengths);
    }

    [Fact]
    public void TiesAreBrokenBySymbolValue()
    {
        var lengths = HuffmanCodeLengths.Build(new long[] { 5, 5, 5 });
        Assert.Equal(new byte[] { 2, 2, 1 }, lengths);
    }

    [Fact]
    public void TooManySymbolsForTheLimitAreRejected() =>
        Assert.Throws<ArgumentException>(() => HuffmanCodeLengths.Build(Enumerable.Repeat(1L, 9).ToArray(), 3));

    internal static long[] FibonacciCounts(int n)
    {
        var counts = new long[n];
        counts[0] = 1;
        counts[1] = 1;
        for (var i = 2; i < n; i++)
        {
            counts[i] = counts[i - 1] + counts[i - 2];
        }

        return counts;
    }

    private static long Cost(long[] counts, byte[] lengths) => counts.Select((c, s) => c * lengths[s]).Sum();

    // Textbook Huffman: the optimal cost equals the sum of all internal node weights.
    private static long ReferenceHuffmanCost(long[] counts)
    {
        var queue = new PriorityQueue<long, long>();
        foreach (var c in counts.Where(c => c > 0))
        {
            queue.Enqueue(c, c);
        }

        long cost = 0;
        while (queue.Count > 1)
        {
            var merged = queue.Dequeue() + queue.Dequeue();
            cost += merged;
            queue.Enqueue(merged, merged);
        }

        return cost;
    }
}
