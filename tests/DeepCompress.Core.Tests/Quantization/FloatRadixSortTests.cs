using DeepCompress.Core.Quantization;

namespace DeepCompress.Core.Tests.Quantization;

public class FloatRadixSortTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(100_000)]
    public void SortsLikeArraySort(int n)
    {
        var values = SpreadValues(n, n + 1);
        var expected = (float[])values.Clone();
        Array.Sort(expected);

        FloatRadixSort.Sort(values);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), values.Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>
    /// Weights of one layer share few exponents: most keys fall into a few top-digit buckets, which take the
    /// bucket passes through the scratch instead of the insertion sort (values in [1, 1.25) share all 11 top bits).
    /// </summary>
    [Theory]
    [InlineData(65)]
    [InlineData(100_003)]
    public void SortsValuesConcentratedInFewBucketsLikeArraySort(int n)
    {
        var random = new Random(n);
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            var magnitude = i % 3 == 0 ? 1f + (float)(random.NextDouble() * 0.24) : (float)(random.NextDouble() * 0.05);
            values[i] = random.Next(2) == 0 ? magnitude : -magnitude;
            values[i] = values[i] == 0f ? 1f : values[i];
        }

        var expected = (float[])values.Clone();
        Array.Sort(expected);

        FloatRadixSort.Sort(values);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), values.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void KeysOrderLikeValuesAcrossSignsSubnormalsAndInfinities()
    {
        float[] ascending = [float.NegativeInfinity, -float.MaxValue, -1f, -float.Epsilon, 0f, float.Epsilon, 1e-40f, 1f, float.MaxValue, float.PositiveInfinity];

        for (var i = 1; i < ascending.Length; i++)
        {
            Assert.True(FloatRadixSort.ToKey(ascending[i - 1]) < FloatRadixSort.ToKey(ascending[i]), $"{ascending[i - 1]} vs {ascending[i]}");
        }

        Assert.All(ascending, v => Assert.Equal(v, FloatRadixSort.FromKey(FloatRadixSort.ToKey(v))));
    }

    // Both signs, magnitudes from subnormal to 1e30, and repeats, so every digit of the key varies.
    internal static float[] SpreadValues(int n, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            var magnitude = random.Next(8) == 0 ? float.Epsilon * random.Next(1, 100) : (float)Math.Pow(10, (random.NextDouble() * 70) - 40);
            values[i] = random.Next(2) == 0 ? magnitude : -magnitude;
            if (i > 0 && random.Next(5) == 0)
            {
                values[i] = values[random.Next(i)];
            }
        }

        return values;
    }
}
