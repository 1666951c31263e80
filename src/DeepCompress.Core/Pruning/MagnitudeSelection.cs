namespace DeepCompress.Core.Pruning;

/// <summary>
/// Finds the magnitude of the count-th smallest weight over one or more spans in O(n) with a two-pass radix select,
/// so that pruning 10^8 weights needs neither a sort nor a copy. The key of a weight is the bit pattern of |w|:
/// for non-NaN floats it orders exactly like |w|, and both zeros map to key 0, below every nonzero weight.
/// </summary>
/// <remarks>
/// Call <see cref="CountHighBits"/> on every span, then <see cref="ChooseHighBin"/>, then
/// <see cref="CountLowBits"/> on every span (in the same order), then <see cref="Cut"/>.
/// </remarks>
internal sealed class MagnitudeSelection
{
    public const int LowBitCount = 16;
    public const uint LowMask = (1u << LowBitCount) - 1;
    public const int LowBinCount = 1 << LowBitCount;

    // |w| has its sign bit cleared, so the high half of the key never exceeds 0x7FFF.
    public const int HighBinCount = 1 << 15;

    /// <summary>Keys above this are NaN.</summary>
    public const uint MaxFiniteOrInfiniteKey = 0x7F80_0000;

    private readonly long[] _highCounts = new long[HighBinCount];
    private readonly long[] _lowCounts = new long[LowBinCount];
    private long _total;
    private long _count;
    private uint _highBin;
    private long _belowHighBin;

    /// <summary>Total number of weights seen by <see cref="CountHighBits"/>.</summary>
    public long Total => _total;

    /// <summary>The order-preserving key of |w|.</summary>
    public static uint MagnitudeKey(float weight) => BitConverter.SingleToUInt32Bits(weight) & 0x7FFF_FFFF;

    /// <summary>First pass: histogram of the high 15 bits of each key; rejects NaN before anything is modified.</summary>
    public void CountHighBits(ReadOnlySpan<float> weights, string owner)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            var key = MagnitudeKey(weights[i]);
            if (key > MaxFiniteOrInfiniteKey)
            {
                throw new ArgumentException($"{owner}[{i}] is NaN; magnitude pruning needs every weight to be a number");
            }

            _highCounts[key >> LowBitCount]++;
        }

        _total += weights.Length;
    }

    /// <summary>The high bin <see cref="ChooseHighBin"/> chose: the weights below it are pruned whatever the cut.</summary>
    public uint HighBin => _highBin;

    /// <summary>Adds a histogram of high bins that a caller counted itself (see <see cref="BlockMagnitudePruner"/>).</summary>
    public void AddHighCounts(ReadOnlySpan<long> counts, long total)
    {
        for (var bin = 0; bin < HighBinCount; bin++)
        {
            _highCounts[bin] += counts[bin];
        }

        _total += total;
    }

    /// <summary>Adds a histogram of the low bits within <see cref="HighBin"/> that a caller counted itself.</summary>
    public void AddLowCounts(ReadOnlySpan<long> counts)
    {
        for (var low = 0; low < LowBinCount; low++)
        {
            _lowCounts[low] += counts[low];
        }
    }

    /// <summary>Chooses the high bin holding the <paramref name="count"/>-th smallest key (count in [1, Total]).</summary>
    public void ChooseHighBin(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _total);
        _count = count;
        var below = 0L;
        var bin = 0u;
        while (below + _highCounts[bin] < count)
        {
            below += _highCounts[bin];
            bin++;
        }

        _highBin = bin;
        _belowHighBin = below;
    }

    /// <summary>Second pass: histogram of the low 16 bits of the keys that fall in the chosen high bin.</summary>
    public void CountLowBits(ReadOnlySpan<float> weights)
    {
        foreach (var w in weights)
        {
            var key = MagnitudeKey(w);
            if (key >> LowBitCount == _highBin)
            {
                _lowCounts[key & LowMask]++;
            }
        }
    }

    /// <summary>The cut that prunes exactly the chosen count of weights.</summary>
    public MagnitudeCut Cut()
    {
        var below = _belowHighBin;
        var low = 0u;
        while (below + _lowCounts[low] < _count)
        {
            below += _lowCounts[low];
            low++;
        }

        return new MagnitudeCut((_highBin << LowBitCount) | low, _count - below);
    }

    /// <summary>
    /// Zeros the weights below the cut and the first <paramref name="tiesToPrune"/> ties (decremented as they are
    /// used, so the caller can carry it across layers), writes +0.0f over every -0.0f, and returns the zeros count.
    /// </summary>
    public static int Apply(Span<float> weights, uint cutKey, ref long tiesToPrune)
    {
        var zeros = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var key = MagnitudeKey(weights[i]);
            var prune = key < cutKey || key == 0;
            if (!prune && key == cutKey && tiesToPrune > 0)
            {
                tiesToPrune--;
                prune = true;
            }

            if (prune)
            {
                weights[i] = 0f;
                zeros++;
            }
        }

        return zeros;
    }
}
