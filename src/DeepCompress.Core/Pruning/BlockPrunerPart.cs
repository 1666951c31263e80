namespace DeepCompress.Core.Pruning;

/// <summary>One contiguous part of a layer in <see cref="BlockMagnitudePruner"/>: its histograms and its possible survivors.</summary>
internal sealed class BlockPrunerPart(int first, int length)
{
    private int _counted;
    private int _collected;
    private uint _highBin;
    private int _candidates;
    private int[] _positions = [];
    private float[] _values = [];

    public int First { get; } = first;

    public int Length { get; } = length;

    public long[] HighCounts { get; } = new long[MagnitudeSelection.HighBinCount];

    public long[] LowCounts { get; } = new long[MagnitudeSelection.LowBinCount];

    public long Zeros { get; private set; }

    public void Count(ReadOnlySpan<float> block, string owner)
    {
        RequireRoom(_counted, block.Length, "counted");
        var highCounts = HighCounts;
        var zeros = 0L;
        for (var i = 0; i < block.Length; i++)
        {
            var key = MagnitudeSelection.MagnitudeKey(block[i]);
            if (key > MagnitudeSelection.MaxFiniteOrInfiniteKey)
            {
                throw new ArgumentException($"{owner}[{First + _counted + i}] is NaN; magnitude pruning needs every weight to be a number");
            }

            highCounts[key >> MagnitudeSelection.LowBitCount]++;

            // key - 1 wraps to 0xFFFF_FFFF only for a zero key; every other key is below 2^31.
            zeros += (key - 1) >> 31;
        }

        Zeros += zeros;
        _counted += block.Length;
    }

    /// <summary>Sizes the survivors: every nonzero weight whose high bin is at least <paramref name="highBin"/>.</summary>
    public void PrepareCollect(uint highBin)
    {
        _highBin = highBin;
        var candidates = 0L;
        for (var bin = (int)highBin; bin < HighCounts.Length; bin++)
        {
            candidates += HighCounts[bin];
        }

        if (highBin == 0)
        {
            candidates -= Zeros;
        }

        // One spare slot: the collecting loop writes every weight at the next free slot and only then decides
        // whether to keep it, so it never branches on the (unpredictable) keep decision.
        _positions = new int[candidates + 1];
        _values = new float[candidates + 1];
    }

    public void Collect(ReadOnlySpan<float> block)
    {
        RequireRoom(_collected, block.Length, "collected");
        var positions = _positions;
        var values = _values;
        var lowCounts = LowCounts;
        var highBin = _highBin;

        // A weight may survive when its key is in the chosen high bin or above and is not zero: key >= survivorKey.
        var survivorKey = (int)Math.Max(highBin << MagnitudeSelection.LowBitCount, 1u);
        var next = _candidates;
        var position = First + _collected;
        for (var i = 0; i < block.Length; i++)
        {
            if ((uint)next >= (uint)positions.Length)
            {
                throw new IOException($"weights from {First + _collected} on changed between the two reads of the layer");
            }

            var weight = block[i];
            var key = MagnitudeSelection.MagnitudeKey(weight);
            var high = key >> MagnitudeSelection.LowBitCount;
            if (high == highBin)
            {
                lowCounts[key & MagnitudeSelection.LowMask]++;
            }

            positions[next] = position + i;
            values[next] = weight;
            // Keys are below 2^31, so survivorKey - 1 - key is negative exactly when the weight may survive; its
            // sign bit is the increment. Arithmetic, not a branch: one weight in ten survives, at random.
            next += (int)((uint)(survivorKey - 1 - (int)key) >> 31);
        }

        _candidates = next;
        _collected += block.Length;
    }

    /// <summary>
    /// Appends the candidates the cut keeps to <paramref name="positions"/> and <paramref name="values"/> from
    /// <paramref name="written"/> on; the ties of the cut's key are pruned first come, first pruned, as in
    /// <see cref="MagnitudeSelection.Apply"/>. Returns the new write position.
    /// </summary>
    public int Filter(uint cutKey, ref long tiesToPrune, int[] positions, float[] values, int written)
    {
        if (_candidates != _positions.Length - 1)
        {
            throw new IOException($"weights from {First} on changed between the two reads of the layer ({_candidates} of {_positions.Length - 1} possible survivors found)");
        }

        for (var j = 0; j < _candidates; j++)
        {
            var key = MagnitudeSelection.MagnitudeKey(_values[j]);
            if (key < cutKey)
            {
                continue;
            }

            if (key == cutKey && tiesToPrune > 0)
            {
                tiesToPrune--;
                continue;
            }

            if (written == positions.Length)
            {
                throw new IOException($"weights from {First} on changed between the two reads of the layer (more than {positions.Length} survivors)");
            }

            positions[written] = _positions[j];
            values[written++] = _values[j];
        }

        _positions = [];
        _values = [];
        return written;
    }

    public void RequireCounted() => RequireAll(_counted, "counted");

    public void RequireCollected() => RequireAll(_collected, "collected");

    private void RequireAll(int done, string what)
    {
        if (done != Length)
        {
            throw new InvalidOperationException($"part at {First}: {done} of {Length} weights {what}");
        }
    }

    private void RequireRoom(int done, int blockLength, string what)
    {
        if (blockLength > Length - done)
        {
            throw new InvalidOperationException($"part at {First}: a block of {blockLength} after {done} of {Length} weights {what}");
        }
    }
}
