namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A weight-shared sparse matrix laid out for the batch-1 product (sliced ELLPACK, "SELL-16-sigma" with sigma = all
/// rows): rows are sorted by nonzero count, longest first, and cut into slices of <see cref="SliceHeight"/> rows.
/// Lane l of a slice is one row; step k of the slice holds the k-th nonzero of each of its 16 rows side by side,
/// so one 512-bit vector of entries feeds 16 independent row sums: no horizontal sums and no row tails. Each
/// entry packs the column and the code into 32 bits (code &lt;&lt; ColumnBits | column, read unsigned), 4 bytes per
/// nonzero. The column field is at least 16 bits wide, so for up to 65,536 columns a kernel reads a column with one
/// 2-byte load of the entry's low half (no shift, no mask: one instruction less per nonzero than a packed field
/// needs), and a vector of codes is one logical shift of the entries.
/// Sorting keeps the rows of a slice nearly equally long; the steps past a lane's last nonzero hold entry 0
/// (column 0, code 0), which kernels read but mask out. Built from a <see cref="SparseCodeMatrix"/>, which has
/// validated the content.
/// </summary>
internal sealed class SlicedCodeMatrix
{
    /// <summary>Rows per slice: one 512-bit vector of float sums.</summary>
    public const int SliceHeight = 16;

    /// <summary>Column field width at least: a 2-byte load of an entry's low half reads the column.</summary>
    public const int ShortColumnBits = 16;

    private SlicedCodeMatrix(int rows, int columns, int columnBits, int[] sliceStart, int[] fullSteps, int[] laneLength, int[] rowOfLane, int[] entries, float[] codebook, int codebookSize)
    {
        Rows = rows;
        Columns = columns;
        ColumnBits = columnBits;
        SliceStart = sliceStart;
        FullSteps = fullSteps;
        LaneLength = laneLength;
        RowOfLane = rowOfLane;
        Entries = entries;
        Codebook = codebook;
        CodebookSize = codebookSize;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Low bits of an entry holding the column; the code is the entry shifted right (unsigned) by this.</summary>
    public int ColumnBits { get; }

    public int ColumnMask => (int)((1L << ColumnBits) - 1);

    /// <summary>Whether columns are the low 16 bits of their entries (<see cref="ShortColumnBits"/>), readable as a ushort.</summary>
    public bool ShortColumns => ColumnBits == ShortColumnBits;

    public int SliceCount => FullSteps.Length;

    /// <summary>Slice s's entries are [SliceStart[s], SliceStart[s + 1]), step k lane l at SliceStart[s] + k * 16 + l.</summary>
    public int[] SliceStart { get; }

    /// <summary>Steps of slice s in which all 16 lanes hold a nonzero (the length of its shortest row).</summary>
    public int[] FullSteps { get; }

    /// <summary>Nonzeros of the row in each lane (slice s, lane l at s * 16 + l); 0 for lanes past the last row.</summary>
    public int[] LaneLength { get; }

    /// <summary>Output row of each lane, -1 for lanes past the last row.</summary>
    public int[] RowOfLane { get; }

    public int[] Entries { get; }

    /// <summary>Shared values, zero-padded to the <see cref="FourRegisterLookup512.Capacity"/> entries the 512-bit path loads.</summary>
    public float[] Codebook { get; }

    public int CodebookSize { get; }

    /// <summary>Steps of slice s (the length of its longest row).</summary>
    public int Steps(int slice) => (SliceStart[slice + 1] - SliceStart[slice]) / SliceHeight;

    public int Column(int entry) => entry & ColumnMask;

    public int Code(int entry) => (int)((uint)entry >> ColumnBits);

    /// <summary>
    /// The sliced form of <paramref name="a"/>, or null when a column and a code do not fit 32 bits (more than
    /// 2^(32 - code bits) columns, e.g. 16-bit codes with more than 65,536 columns) or the padded entries do not fit
    /// one array: those keep the CSR kernel.
    /// </summary>
    public static SlicedCodeMatrix? FromCodeMatrix(SparseCodeMatrix a)
    {
        var columnBits = Math.Max(ShortColumnBits, BitsFor(a.Columns));
        if (columnBits + BitsFor(a.CodebookSize) > 32)
        {
            return null;
        }

        var rowStart = a.RowStart;
        // Stable: equal lengths keep row order, so the layout depends on the matrix alone.
        var order = Enumerable.Range(0, a.Rows).OrderByDescending(r => rowStart[r + 1] - rowStart[r]).ToArray();
        var sliceCount = (a.Rows + SliceHeight - 1) / SliceHeight;
        var laneLength = new int[sliceCount * SliceHeight];
        var rowOfLane = new int[sliceCount * SliceHeight];
        Array.Fill(rowOfLane, -1);
        var sliceStart = new int[sliceCount + 1];
        var fullSteps = new int[sliceCount];
        for (var s = 0; s < sliceCount; s++)
        {
            for (var l = 0; l < SliceHeight && s * SliceHeight + l < a.Rows; l++)
            {
                var row = order[s * SliceHeight + l];
                rowOfLane[s * SliceHeight + l] = row;
                laneLength[s * SliceHeight + l] = rowStart[row + 1] - rowStart[row];
            }

            // Lengths descend across lanes, so lane 0 is the longest row and lane 15 the shortest (0 if absent).
            fullSteps[s] = laneLength[s * SliceHeight + SliceHeight - 1];
            var end = sliceStart[s] + (long)laneLength[s * SliceHeight] * SliceHeight;
            if (end > Array.MaxLength)
            {
                // Padding to the longest row of each slice outgrew one array: keep the rows layout.
                return null;
            }

            sliceStart[s + 1] = (int)end;
        }

        var entries = new int[sliceStart[sliceCount]];
        for (var lane = 0; lane < rowOfLane.Length; lane++)
        {
            var row = rowOfLane[lane];
            if (row < 0)
            {
                continue;
            }

            var first = sliceStart[lane / SliceHeight] + lane % SliceHeight;
            for (var k = 0; k < laneLength[lane]; k++)
            {
                var j = rowStart[row] + k;
                entries[first + k * SliceHeight] = (int)((uint)a.Code(j) << columnBits | (uint)a.ColumnIndex[j]);
            }
        }

        var codebook = new float[Math.Max(a.CodebookSize, FourRegisterLookup512.Capacity)];
        a.Codebook.AsSpan(0, a.CodebookSize).CopyTo(codebook);
        return new SlicedCodeMatrix(a.Rows, a.Columns, columnBits, sliceStart, fullSteps, laneLength, rowOfLane, entries, codebook, a.CodebookSize);
    }

    /// <summary>Bits that hold the values 0 to count - 1.</summary>
    internal static int BitsFor(int count) => count <= 1 ? 0 : 32 - int.LeadingZeroCount(count - 1);
}
