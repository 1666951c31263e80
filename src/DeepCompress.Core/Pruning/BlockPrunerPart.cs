using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Core.Pruning;

/// <summary>
/// One contiguous part of a layer in <see cref="BlockMagnitudePruner"/>: its histograms, and where its survivors go
/// in the layer's output.
/// </summary>
/// <remarks>
/// The vector paths are AVX-512 only: VPCOMPRESSD, which packs the survivors of 16 lanes, has no 256- or 128-bit
/// form without AVX-512 (VL), so a machine with a narrower form has the wide one too. Each has a scalar twin, which
/// also does the tail.
/// </remarks>
internal sealed class BlockPrunerPart(int first, int length)
{
    private int _counted;
    private int _measured;
    private int _extracted;
    private uint _highBin;
    private uint _cutKey;
    private long _tiesToPrune;
    private int[] _positions = [];
    private float[] _values = [];
    private int _next;
    private int _end;

    public int First { get; } = first;

    public int Length { get; } = length;

    public long[] HighCounts { get; } = new long[MagnitudeSelection.HighBinCount];

    public long[] LowCounts { get; } = new long[MagnitudeSelection.LowBinCount];

    public long Zeros { get; private set; }

    /// <summary>First read: the histogram of the high 15 bits of the keys, and the zeros.</summary>
    // The passes below run once per block of a layer, a few thousand calls in all: compiled optimized at once
    // rather than through tier 0 and the instrumented tier, which `compress` would spend most of its blocks in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    public void PrepareMeasure(uint highBin) => _highBin = highBin;

    /// <summary>Second read: the histogram of the low 16 bits of the keys in the chosen high bin.</summary>
    public void Measure(ReadOnlySpan<float> block)
    {
        RequireRoom(_measured, block.Length, "measured");
        var done = Avx512F.IsSupported ? MeasureVector512(block) : 0;
        MeasureScalar(block[done..]);
        _measured += block.Length;
    }

    /// <summary>The scalar path of <see cref="Measure"/>, also its tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void MeasureScalar(ReadOnlySpan<float> block)
    {
        var lowCounts = LowCounts;
        foreach (var weight in block)
        {
            var key = MagnitudeSelection.MagnitudeKey(weight);
            if (key >> MagnitudeSelection.LowBitCount == _highBin)
            {
                lowCounts[key & MagnitudeSelection.LowMask]++;
            }
        }
    }

    /// <summary>The AVX-512 path of <see cref="Measure"/>: 16 keys compared per step; returns the weights it consumed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int MeasureVector512(ReadOnlySpan<float> block)
    {
        var lowCounts = LowCounts;
        var highBin = Vector512.Create((int)_highBin);
        var magnitude = Vector512.Create(0x7FFF_FFFF);
        var i = 0;
        for (; i <= block.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            var keys = Vector512.Create(block.Slice(i, Vector512<float>.Count)).AsInt32() & magnitude;
            var inHighBin = Vector512.Equals(keys >>> MagnitudeSelection.LowBitCount, highBin).ExtractMostSignificantBits();

            // Few keys fall in the one bin that holds the cut, so the lanes that do are counted one by one.
            for (; inHighBin != 0; inHighBin &= inHighBin - 1)
            {
                lowCounts[keys.GetElement(BitOperations.TrailingZeroCount(inHighBin)) & (int)MagnitudeSelection.LowMask]++;
            }
        }

        return i;
    }

    /// <summary>
    /// Before the third read: the cut, how many of this part's weights at exactly the cut's key are pruned, and the
    /// range of the output arrays its <paramref name="survivors"/> fill, from <paramref name="offset"/> on.
    /// </summary>
    public void PrepareExtract(uint cutKey, long tiesToPrune, int[] positions, float[] values, int offset, int survivors)
    {
        _cutKey = cutKey;
        _tiesToPrune = tiesToPrune;
        _positions = positions;
        _values = values;
        _next = offset;
        _end = offset + survivors;
    }

    /// <summary>Third read: writes the weights the cut keeps, and their positions, into this part's output range.</summary>
    public void Extract(ReadOnlySpan<float> block)
    {
        RequireRoom(_extracted, block.Length, "extracted");
        var position = First + _extracted;
        var done = Avx512F.IsSupported ? ExtractVector512(block, position) : 0;
        ExtractScalar(block[done..], position + done);
        _extracted += block.Length;
    }

    /// <summary>
    /// The scalar path of <see cref="Extract"/>, also its tail and the steps the vector path hands over:
    /// <paramref name="block"/> starts at flat index <paramref name="position"/>. Zeros are pruned whatever the cut;
    /// of the weights at exactly the cut's key the first ones are pruned, as in <see cref="MagnitudeSelection.Apply"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ExtractScalar(ReadOnlySpan<float> block, int position)
    {
        for (var i = 0; i < block.Length; i++)
        {
            var key = MagnitudeSelection.MagnitudeKey(block[i]);
            if (key < _cutKey || key == 0)
            {
                continue;
            }

            if (key == _cutKey && _tiesToPrune > 0)
            {
                _tiesToPrune--;
                continue;
            }

            if (_next == _end)
            {
                throw ChangedBetweenReads(position + i);
            }

            _positions[_next] = position + i;
            _values[_next++] = block[i];
        }
    }

    /// <summary>
    /// The AVX-512 path of <see cref="Extract"/>: 16 weights per step, those above the cut and their positions packed
    /// to the front of a register (VPCOMPRESSD) and stored whole, so the next step overwrites the lanes past them.
    /// The register form rather than the store form, because VPCOMPRESSD to memory is microcoded and slow on AMD
    /// Zen 4. A step with a weight exactly at the cut (whose fate depends on the ties before it), or with fewer than
    /// 16 slots left before the next part's output, goes to the scalar path. Returns the weights it consumed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal unsafe int ExtractVector512(ReadOnlySpan<float> block, int position)
    {
        var cutKey = Vector512.Create((int)_cutKey);
        var magnitude = Vector512.Create(0x7FFF_FFFF);
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var i = 0;
        fixed (float* source = block)
        fixed (int* positionOut = _positions)
        fixed (float* valueOut = _values)
        {
            for (; i <= block.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var weights = Vector512.Load(source + i);
                var keys = weights.AsInt32() & magnitude;
                var atCut = Vector512.Equals(keys, cutKey).ExtractMostSignificantBits();
                if ((atCut != 0 && _cutKey != 0) || _end - _next < Vector512<int>.Count)
                {
                    ExtractScalar(block.Slice(i, Vector512<float>.Count), position + i);
                    continue;
                }

                // Keys are below 2^31, so the signed comparison orders them as unsigned.
                var keep = Vector512.GreaterThan(keys, cutKey);
                var kept = keep.ExtractMostSignificantBits();
                if (kept != 0)
                {
                    Vector512.Store(Avx512F.Compress(Vector512<int>.Zero, keep, lanes + Vector512.Create(position + i)), positionOut + _next);
                    Vector512.Store(Avx512F.Compress(Vector512<float>.Zero, keep.AsSingle(), weights), valueOut + _next);
                    _next += BitOperations.PopCount(kept);
                }
            }
        }

        return i;
    }

    public void RequireCounted() => RequireAll(_counted, "counted");

    public void RequireMeasured() => RequireAll(_measured, "measured");

    /// <summary>Checks that the third read filled exactly this part's output range.</summary>
    public void RequireExtracted()
    {
        RequireAll(_extracted, "extracted");
        if (_next != _end)
        {
            throw new IOException($"weights from {First} on changed between the reads of the layer ({_end - _next} fewer survivors than counted)");
        }
    }

    private IOException ChangedBetweenReads(int position) => new($"weights from {position} on changed between the reads of the layer (more survivors than counted)");

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
