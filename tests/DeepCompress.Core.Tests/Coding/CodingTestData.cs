namespace DeepCompress.Core.Tests.Coding;

/// <summary>Seeded symbol streams shaped like the streams the compressor produces.</summary>
internal static class CodingTestData
{
    /// <summary>Uniform symbols in [0, alphabetSize).</summary>
    public static ushort[] Uniform(int count, int alphabetSize, int seed)
    {
        var random = new Random(seed);
        var symbols = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            symbols[i] = (ushort)random.Next(alphabetSize);
        }

        return symbols;
    }

    /// <summary>
    /// Codes of Gaussian weights quantized to <paramref name="alphabetSize"/> equal-width bins over +-3 sigma
    /// (what linear-initialised k-means on pruned Gaussian weights approaches): bell-shaped, about log2(n) - 1 bits.
    /// </summary>
    public static ushort[] Gaussian(int count, int alphabetSize, int seed)
    {
        var random = new Random(seed);
        var symbols = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var bin = (int)Math.Floor((g + 3) / 6 * alphabetSize);
            symbols[i] = (ushort)Math.Clamp(bin, 0, alphabetSize - 1);
        }

        return symbols;
    }

    /// <summary>Geometric symbols P(s) ~ ratio^s, truncated to the alphabet: the shape of pruned-layer gaps.</summary>
    public static ushort[] Geometric(int count, int alphabetSize, double ratio, int seed)
    {
        var random = new Random(seed);
        var symbols = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            var s = (int)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(ratio));
            symbols[i] = (ushort)Math.Min(s, alphabetSize - 1);
        }

        return symbols;
    }
}
