namespace DeepCompress.Core.Tests.Quantization;

/// <summary>Seeded stand-ins for the nonzero weights of a pruned layer.</summary>
internal static class LayerWeights
{
    /// <summary>
    /// A mix of two Gaussians, one negative and one positive, with the band |w| &lt; 0.02 removed as pruning would;
    /// values are nonzero, so they are valid k-means input.
    /// </summary>
    public static float[] TwoGaussians(int n, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        var i = 0;
        while (i < n)
        {
            // Box-Muller from two uniforms in (0, 1].
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var value = random.Next(3) == 0 ? (float)(-0.08 + 0.03 * gaussian) : (float)(0.05 + 0.04 * gaussian);
            if (Math.Abs(value) >= 0.02f)
            {
                values[i++] = value;
            }
        }

        return values;
    }
}
