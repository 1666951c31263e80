namespace DeepCompress.Core.Pruning;

/// <summary>
/// Exact-count magnitude pruning with the result of <see cref="MagnitudePruner.PruneSmallest"/>, for a layer that is
/// never whole in memory: it is read twice, in blocks, and only the survivors are kept. The first read counts the
/// high bits of the magnitude keys (and the zeros), the second counts the low bits inside the chosen high bin and
/// collects every weight that may survive (a high bin at or above the chosen one); the cut then filters those.
/// A large layer is split into contiguous parts that may be read concurrently: each part has its own histograms and
/// survivors, merged in part order, so the result does not depend on how many threads read them.
/// </summary>
/// <remarks>
/// Per part, call <see cref="Count"/> on its blocks in order; then <see cref="Choose"/> once; then
/// <see cref="Collect"/> on the same blocks in the same order; then <see cref="Finish"/> once.
/// </remarks>
public sealed class BlockMagnitudePruner
{
    private readonly string _owner;
    private readonly BlockPrunerPart[] _parts;
    private readonly MagnitudeSelection _selection = new();
    private long _pruneCount;

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

    /// <summary>The number of weights that are not ±0.0f before pruning (known after every <see cref="Count"/>).</summary>
    public int NonZeroBefore { get; private set; }

    /// <summary>The flat index of the first weight of <paramref name="part"/> and how many weights it has.</summary>
    public (int First, int Length) PartRange(int part) => (_parts[part].First, _parts[part].Length);

    /// <summary>First read: the next block of <paramref name="part"/>. Throws <see cref="ArgumentException"/> on NaN.</summary>
    public void Count(int part, ReadOnlySpan<float> block) => _parts[part].Count(block, _owner);

    /// <summary>
    /// Between the reads: chooses the high bin of the <paramref name="pruneCount"/>-th smallest magnitude (0 prunes
    /// only the zeros) and sizes each part's survivors.
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
        var highBin = 0u;
        if (pruneCount > 0)
        {
            _selection.ChooseHighBin(pruneCount);
            highBin = _selection.HighBin;
        }

        foreach (var part in _parts)
        {
            part.PrepareCollect(highBin);
        }
    }

    /// <summary>Second read: the same blocks of <paramref name="part"/> again.</summary>
    public void Collect(int part, ReadOnlySpan<float> block) => _parts[part].Collect(block);

    /// <summary>The survivors in ascending position: exactly those <see cref="MagnitudePruner.PruneSmallest"/> leaves nonzero.</summary>
    public PrunedWeights Finish()
    {
        foreach (var part in _parts)
        {
            part.RequireCollected();
            _selection.AddLowCounts(part.LowCounts);
        }

        var cut = _pruneCount > 0 ? _selection.Cut() : new MagnitudeCut(0, 0);

        // Zeros are pruned whatever the count, so the survivors are all weights but the larger of the two.
        var survivors = (int)(ElementCount - Math.Max(_pruneCount, ElementCount - NonZeroBefore));
        var positions = new int[survivors];
        var values = new float[survivors];
        var ties = cut.TiesToPrune;
        var written = 0;
        foreach (var part in _parts)
        {
            written = part.Filter(cut.Key, ref ties, positions, values, written);
        }

        if (written != survivors)
        {
            throw new InvalidOperationException($"{_owner}: {written} survivors where the cut leaves {survivors}");
        }

        return new PrunedWeights(positions, values, NonZeroBefore);
    }
}
