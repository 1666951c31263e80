namespace DeepCompress.Core.Quantization;

/// <summary>
/// Steele, Lea and Flood's SplitMix64 generator. Used instead of <see cref="Random"/> so that a seed gives the same
/// centroids on every runtime version: the output is fixed by this file alone.
/// </summary>
internal struct SplitMix64(int seed)
{
    private ulong _state = (ulong)(uint)seed;

    public ulong NextUInt64()
    {
        _state += 0x9E37_79B9_7F4A_7C15;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound) by Lemire's multiply-shift; the bias is below bound / 2^64.</summary>
    public int NextInt(int bound) => (int)Math.BigMul(NextUInt64(), (ulong)bound, out _);
}
