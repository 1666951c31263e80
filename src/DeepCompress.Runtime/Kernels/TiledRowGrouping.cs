namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// Candidate row orders for <see cref="TiledCodeMatrix"/> (which 16 rows share a slice); the layout keeps the one with
/// the fewest steps. A slice's steps wait on its slowest row in each stretch of columns, so rows of similar length whose
/// nonzeros sit in similar columns belong together: besides the sliced layout's order (longest first), groups of
/// <see cref="GroupSizes"/> rows of similar length, each sorted by its median column. Measured on LeNet-300-100
/// (docs/benchmarks.md, "Tiled batch-1 kernel, second round"): fc1 takes 2,564 steps in groups of 64 against 2,864 by
/// length, fc2 keeps length order (292 against 296 and 364); a greedy merge that added to each slice the row raising its
/// steps least took more (2,804 to 3,088: it leaves the ill-matched rows for the last slices). Deterministic: stable sorts.
/// </summary>
internal static class TiledRowGrouping
{
    /// <summary>Rows per group of similar length that is sorted by median column; each size is one candidate order.</summary>
    public static readonly int[] GroupSizes = [32, 64];

    /// <summary>The orders to try, the sliced layout's first: each a permutation of <paramref name="a"/>'s rows.</summary>
    public static IEnumerable<int[]> CandidateOrders(SparseCodeMatrix a)
    {
        var rowStart = a.RowStart;
        var byLength = Enumerable.Range(0, a.Rows).OrderByDescending(r => rowStart[r + 1] - rowStart[r]).ToArray();
        yield return byLength;
        foreach (var size in GroupSizes)
        {
            yield return [.. byLength.Chunk(size).SelectMany(group => group.OrderBy(MedianColumn))];
        }

        int MedianColumn(int row) => rowStart[row + 1] == rowStart[row] ? 0 : a.ColumnIndex[(rowStart[row] + rowStart[row + 1] - 1) / 2];
    }
}
