namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A weight-shared sparse matrix by columns (CSC), for the batch-1 column walk that skips the zeros of x (EIE,
/// Han et al. 2016): column c's nonzeros are [ColumnStart[c], ColumnStart[c + 1]), rows ascending, each entry
/// packing the code and the row in 32 bits (code &lt;&lt; RowBits | row, read unsigned). Built beside the sliced
/// layout, so it costs another 4 bytes per nonzero plus 8 per column: only layers of at most
/// <see cref="MaxNonZeros"/> nonzeros get one.
/// </summary>
internal sealed class ColumnCodeMatrix
{
    /// <summary>
    /// Largest layer given a column form: 4 MiB of extra entries. The walk runs on one thread (the order of a row's
    /// sums must not depend on the thread count), so past this size the multi-threaded sliced kernel is kept.
    /// </summary>
    public const int MaxNonZeros = 1 << 20;

    private ColumnCodeMatrix(int rows, int rowBits, int[] columnStart, int[] entries, float[] codebook)
    {
        Rows = rows;
        ColumnLengths = [.. Enumerable.Range(0, columnStart.Length - 1).Select(c => (float)(columnStart[c + 1] - columnStart[c]))];
        RowBits = rowBits;
        ColumnStart = columnStart;
        Entries = entries;
        Codebook = codebook;
    }

    public int Rows { get; }

    public int Columns => ColumnStart.Length - 1;

    /// <summary>Low bits of an entry holding the row; the code is the entry shifted right (unsigned) by this.</summary>
    public int RowBits { get; }

    /// <summary>Length Columns + 1.</summary>
    public int[] ColumnStart { get; }

    public int[] Entries { get; }

    /// <summary>Nonzeros of each column, as floats for <see cref="WalkedEntries"/> (exact: at most <see cref="MaxNonZeros"/>).</summary>
    public float[] ColumnLengths { get; }

    public float[] Codebook { get; }

    public int Row(int entry) => entry & (int)((1L << RowBits) - 1);

    public int Code(int entry) => (int)((uint)entry >> RowBits);

    /// <summary>
    /// The column form of <paramref name="a"/>, or null when it has more than <see cref="MaxNonZeros"/> nonzeros or a
    /// row and a code do not fit 32 bits.
    /// </summary>
    public static ColumnCodeMatrix? FromCodeMatrix(SparseCodeMatrix a)
    {
        var rowBits = SlicedCodeMatrix.BitsFor(a.Rows);
        if (a.NonZeroCount > MaxNonZeros || rowBits + SlicedCodeMatrix.BitsFor(a.CodebookSize) > 32)
        {
            return null;
        }

        // Counting sort by column; walking the rows in order leaves each column's rows ascending.
        var columnStart = new int[a.Columns + 1];
        foreach (var column in a.ColumnIndex)
        {
            columnStart[column + 1]++;
        }

        for (var c = 0; c < a.Columns; c++)
        {
            columnStart[c + 1] += columnStart[c];
        }

        var next = columnStart[..^1];
        var entries = new int[a.NonZeroCount];
        for (var row = 0; row < a.Rows; row++)
        {
            for (var j = a.RowStart[row]; j < a.RowStart[row + 1]; j++)
            {
                entries[next[a.ColumnIndex[j]]++] = (int)((uint)a.Code(j) << rowBits | (uint)row);
            }
        }

        return new ColumnCodeMatrix(a.Rows, rowBits, columnStart, entries, a.Codebook);
    }
}
