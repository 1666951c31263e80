using DeepCompress.Core.IO;

namespace DeepCompress.Core.Pruning;

/// <summary>
/// Exact-count magnitude pruning with the result of <see cref="MagnitudePruner.PruneSmallest"/>, for a layer that is
/// never whole in memory: it is read three times, in blocks, and only the survivors are kept. The first read counts
/// the high bits of the magnitude keys (and the zeros), the second the low bits inside the high bin that holds the
/// cut, and the third writes the survivors straight into arrays of their exact size. Reading a block again from the
/// page cache costs less than holding the possible survivors of the second read until the cut is known (measured:
/// those arrays' page faults and the filtering pass cost more than a read; docs/benchmarks.md "Large models").
/// A large layer is split into contiguous parts that may be read concurrently: each part has its own histograms and
/// its own range of the output, so the result does not depend on how many threads read them.
/// </summary>
/// <remarks>
/// Per part, call <see cref="Count"/> on its blocks in order; then <see cref="Choose"/> once; then
/// <see cref="Measure"/> on the same blocks in the same order; then <see cref="Cut"/> once; then
/// <see cref="Extract"/> on the same blocks again; then <see cref="Finish"/> once.
/// </remarks>
public sealed class BlockMagnitudePruner
{
    private readonly string _owner;
    private readonly BlockPrunerPart[] _parts;
    private readonly MagnitudeSelection _selection = new();
    private long _pruneCount;
    private uint _highBin;
    private int[] _positions = [];
    private float[] _values = [];

    /// <param name="elementCount">The layer's weights.</param>
    /// <param name="partCount">Contiguous parts to split them into (at least 1; fewer when there are fewer weights).</param>
    /// <param name="owner">Names the weights in the NaN error message.</param>
    public BlockMagnitudePruner(int elementCount, int partCount, string owner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(partCount, 1);
        _owner = owner;
        var parts = (int)Math.Clamp(partCount, 1, Math.Max(elementCount, 1));
        _parts = new BlockPrunerPart[parts];
        for (var part = 0; part < parts; part++)
        {
            var first = (int)((long)elementCount * part / parts);
            var end = (int)((long)elementCount * (part + 1) / parts);
            _parts[part] = new BlockPrunerPart(first, end - first);
        }

        ElementCount = elementCount;
    }

    public int ElementCount { get; }

    public int PartCount => _parts.Length;

    /// <summary>The number of weights that are not ±0.0f before pruning (known after <see cref="Choose"/>).</summary>
    public int NonZeroBefore { get; private set; }

    /// <summary>The flat index of the first weight of <paramref name="part"/> and how many weights it has.</summary>
    public (int First, int Length) PartRange(int part) => (_parts[part].First, _parts[part].Length);

    /// <summary>First read: the next block of <paramref name="part"/>. Throws <see cref="ArgumentException"/> on NaN.</summary>
    public void Count(int part, ReadOnlySpan<float> block) => _parts[part].Count(block, _owner);

    /// <summary>
    /// After the first read: chooses the high bin of the <paramref name="pruneCount"/>-th smallest magnitude (0 prunes
    /// only the zeros).
    /// </summary>
    public void Choose(int pruneCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pruneCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pruneCount, ElementCount);
        var zeros = 0L;
        foreach (var part in _parts)
        {
            part.RequireCounted();
            _selection.AddHighCounts(part.HighCounts, part.Length);
            zeros += part.Zeros;
        }

        NonZeroBefore = (int)(ElementCount - zeros);
        _pruneCount = pruneCount;
        if (pruneCount > 0)
        {
            _selection.ChooseHighBin(pruneCount);
            _highBin = _selection.HighBin;
        }

        foreach (var part in _parts)
        {
            part.PrepareMeasure(_highBin);
        }
    }

    /// <summary>Second read: the same blocks of <paramref name="part"/> again.</summary>
    public void Measure(int part, ReadOnlySpan<float> block) => _parts[part].Measure(block);

    /// <summary>
    /// After the second read: the exact cut, and each part's share of it. The weights at exactly the cut's key are
    /// pruned first come, first pruned, so the earlier parts prune theirs first; each part's survivors then have a
    /// known count and a known place in the output.
    /// </summary>
    public void Cut()
    {
        foreach (var part in _parts)
        {
            part.RequireMeasured();
            _selection.AddLowCounts(part.LowCounts);
        }

        // With nothing to prune but the zeros, the cut is key 0, which prunes exactly the zeros; the low bits were
        // counted in high bin 0, so the sums below hold for it too.
        var cut = _pruneCount > 0 ? _selection.Cut() : new MagnitudeCut(0, 0);
        var cutLow = (int)(cut.Key & MagnitudeSelection.LowMask);
        var tiesLeft = cut.TiesToPrune;
        var survivors = new int[_parts.Length];
        var tiesPruned = new long[_parts.Length];
        var total = 0L;
        for (var p = 0; p < _parts.Length; p++)
        {
            var part = _parts[p];
            var above = 0L;
            for (var bin = (int)_highBin + 1; bin < MagnitudeSelection.HighBinCount; bin++)
            {
                above += part.HighCounts[bin];
            }

            for (var low = cutLow + 1; low < MagnitudeSelection.LowBinCount; low++)
            {
                above += part.LowCounts[low];
            }

            // Key 0 is pruned whatever the ties; any other key at the cut survives once the ties are used up.
            var atCut = cut.Key == 0 ? 0 : part.LowCounts[cutLow];
            tiesPruned[p] = Math.Min(tiesLeft, atCut);
            tiesLeft -= tiesPruned[p];
            survivors[p] = (int)(above + atCut - tiesPruned[p]);
            total += survivors[p];
        }

        // Zeros are pruned whatever the count, so the survivors are all weights but the larger of the two.
        var expected = ElementCount - Math.Max(_pruneCount, ElementCount - NonZeroBefore);
        if (total != expected)
        {
            throw new InvalidOperationException($"{_owner}: the histograms give {total} survivors where the cut leaves {expected}");
        }

        _positions = LargeArrays.Zeroed<int>(checked((int)total));
        _values = LargeArrays.Zeroed<float>(checked((int)total));
        var offset = 0;
        for (var p = 0; p < _parts.Length; p++)
        {
            _parts[p].PrepareExtract(cut.Key, tiesPruned[p], _positions, _values, offset, survivors[p]);
            offset += survivors[p];
        }
    }

    /// <summary>Third read: the same blocks of <paramref name="part"/> once more.</summary>
    public void Extract(int part, ReadOnlySpan<float> block) => _parts[part].Extract(block);

    /// <summary>The survivors in ascending position: exactly those <see cref="MagnitudePruner.PruneSmallest"/> leaves nonzero.</summary>
    /// <exception cref="IOException">The weights read the third time were not those of the first two.</exception>
    public PrunedWeights Finish()
    {
        foreach (var part in _parts)
        {
            part.RequireExtracted();
        }

        return new PrunedWeights(_positions, _values, NonZeroBefore);
    }
}
