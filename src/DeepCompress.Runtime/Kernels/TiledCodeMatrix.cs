namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A sparse matrix laid out for a batch-1 product that reads x from registers: the columns are cut into tiles of
/// <see cref="TileWidth"/> columns (2^TileBits - 1), and the rows into slices of 16 as in <see cref="SlicedCodeMatrix"/>
/// (same row order: longest first). A slice's steps (16 lanes each, lane l = the slice's row l) go tile by tile in
/// column order: within tile t, step k holds the k-th nonzero of each row in the tile, and <see cref="StepTile"/> names
/// each step's tile. Per lane and step the layout keeps the weight as a float (its codebook value, looked up once at
/// build) and the column within the tile as a byte: a kernel loads the step's tile of x (padded to 2^TileBits floats
/// with a last lane that is always 0) into two or four registers and reads x at the 16 columns with one or two
/// permutes, instead of 16 scalar loads; the weights are one plain load (a codebook lookup is one more two-register
/// permute per step, and permutes are what a step is short of: a throwaway run without it took 0.7x the time).
/// A lane whose row has no k-th nonzero in the tile holds weight +0 at the zero lane, so it adds +0 * +0 and needs no
/// mask. Each slice's step count is padded the same way to a multiple of <see cref="Accumulators"/>: kernels cycle
/// through that many partial sums per row, so consecutive steps do not wait on each other's fused multiply-add, and
/// need no remainder loop. The columns of four consecutive steps are interleaved (<see cref="ColumnOffset"/>): one
/// 512-bit load gives 16 ints whose bytes are the four steps' columns, separated by shifts.
/// Built from a <see cref="SparseCodeMatrix"/>, which has validated the content.
/// </summary>
internal sealed class TiledCodeMatrix(int rows, int columns, int tileBits, int[] rowOfLane, int[] sliceStart, ushort[] stepTile, float[] weights, byte[] tileColumns)
{
    /// <summary>Column bits for a 31-column tile (two registers of x, one vpermt2ps per step).</summary>
    public const int NarrowTileBits = 5;

    /// <summary>Column bits for a 63-column tile (four registers of x, two vpermt2ps and a select per step).</summary>
    public const int WideTileBits = 6;

    /// <summary>Partial sums per row: step i of a slice adds to partial sum i mod 4; a row is (p0 + p1) + (p2 + p3).</summary>
    public const int Accumulators = 4;

    /// <summary>Bytes per lane and step: a float weight and a byte column.</summary>
    public const int BytesPerEntry = sizeof(float) + sizeof(byte);

    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    /// <summary>Bits of a column within its tile.</summary>
    public int TileBits { get; } = tileBits;

    /// <summary>Floats per tile of the padded x: the tile's columns, then the zero lane.</summary>
    public int TilePitch => 1 << TileBits;

    /// <summary>Columns per tile; column-within-tile <see cref="TileWidth"/> is the zero lane.</summary>
    public int TileWidth => TilePitch - 1;

    public int TileCount => (Columns + TileWidth - 1) / TileWidth;

    public int SliceCount => SliceStart.Length - 1;

    /// <summary>Output row of each lane (slice s, lane l at s * 16 + l), -1 for lanes past the last row.</summary>
    public int[] RowOfLane { get; } = rowOfLane;

    /// <summary>Slice s's steps are [SliceStart[s], SliceStart[s + 1]), counted over all slices; each a multiple of 4.</summary>
    public int[] SliceStart { get; } = sliceStart;

    /// <summary>The tile of each step.</summary>
    public ushort[] StepTile { get; } = stepTile;

    /// <summary>Weight of lane l at step i at i * 16 + l.</summary>
    public float[] Weights { get; } = weights;

    /// <summary>Column within the tile of lane l at step i at <see cref="ColumnOffset"/>(i, l).</summary>
    public byte[] TileColumns { get; } = tileColumns;

    /// <summary>Steps over all slices: the 16-lane multiply-adds a product runs.</summary>
    public int StepCount => StepTile.Length;

    /// <summary>Bytes of the per-step arrays.</summary>
    public long ByteCount => ((long)StepCount * SlicedCodeMatrix.SliceHeight * BytesPerEntry) + ((long)StepCount * sizeof(ushort));

    /// <summary>Index in <see cref="TileColumns"/> of lane <paramref name="lane"/> at step <paramref name="step"/>: four steps interleaved lane by lane.</summary>
    public static int ColumnOffset(int step, int lane) => ((step & ~3) * SlicedCodeMatrix.SliceHeight) + (4 * lane) + (step & 3);

    /// <summary>
    /// The tiled form of <paramref name="a"/> with tiles of 2^<paramref name="tileBits"/> - 1 columns, or null when the
    /// tiles outnumber a ushort or the padded steps do not fit one array: those keep the sliced kernel.
    /// </summary>
    public static TiledCodeMatrix? FromCodeMatrix(SparseCodeMatrix a, int tileBits)
    {
        if (tileBits is not (NarrowTileBits or WideTileBits))
        {
            throw new ArgumentOutOfRangeException(nameof(tileBits), tileBits, $"tile bits must be {NarrowTileBits} or {WideTileBits}");
        }

        const int Height = SlicedCodeMatrix.SliceHeight;
        var tileWidth = (1 << tileBits) - 1;
        var tileCount = (a.Columns + tileWidth - 1) / tileWidth;
        if (tileCount > ushort.MaxValue + 1)
        {
            return null;
        }

        var rowStart = a.RowStart;
        // The sliced layout's order (stable, longest first): slices of rows of similar length pad less.
        var order = Enumerable.Range(0, a.Rows).OrderByDescending(r => rowStart[r + 1] - rowStart[r]).ToArray();
        var sliceCount = (a.Rows + Height - 1) / Height;
        var rowOfLane = new int[sliceCount * Height];
        Array.Fill(rowOfLane, -1);
        order.CopyTo(rowOfLane, 0);

        var tileSteps = new int[(long)sliceCount * tileCount];
        var sliceStart = new int[sliceCount + 1];
        // Pass 1: per slice and tile, the most nonzeros a row has in the tile (a row's columns ascend, so each lane's
        // cursor moves through its row once).
        var cursor = new int[Height];
        for (var s = 0; s < sliceCount; s++)
        {
            StartCursors(a, rowOfLane, s, cursor);
            long steps = 0;
            for (var t = 0; t < tileCount; t++)
            {
                var tileEnd = (t + 1) * tileWidth;
                var most = 0;
                for (var l = 0; l < Height; l++)
                {
                    var row = rowOfLane[(s * Height) + l];
                    var count = 0;
                    for (; row >= 0 && cursor[l] < rowStart[row + 1] && a.ColumnIndex[cursor[l]] < tileEnd; cursor[l]++)
                    {
                        count++;
                    }

                    most = Math.Max(most, count);
                }

                tileSteps[((long)s * tileCount) + t] = most;
                steps += most;
            }

            var end = sliceStart[s] + ((steps + Accumulators - 1) / Accumulators * Accumulators);
            if (end * Height > Array.MaxLength)
            {
                return null;
            }

            sliceStart[s + 1] = (int)end;
        }

        // Pass 2: fill; unused lanes keep weight +0 at the zero lane, steps that only pad a slice keep tile 0.
        var stepCount = sliceStart[sliceCount];
        var weights = new float[stepCount * Height];
        var tileColumns = new byte[stepCount * Height];
        Array.Fill(tileColumns, (byte)tileWidth);
        var stepTile = new ushort[stepCount];
        for (var s = 0; s < sliceCount; s++)
        {
            StartCursors(a, rowOfLane, s, cursor);
            var step = sliceStart[s];
            for (var t = 0; t < tileCount; t++)
            {
                var tileFirst = t * tileWidth;
                for (var l = 0; l < Height; l++)
                {
                    var row = rowOfLane[(s * Height) + l];
                    for (var k = 0; row >= 0 && cursor[l] < rowStart[row + 1] && a.ColumnIndex[cursor[l]] < tileFirst + tileWidth; cursor[l]++, k++)
                    {
                        var j = cursor[l];
                        weights[((step + k) * Height) + l] = a.Codebook[a.Code(j)];
                        tileColumns[ColumnOffset(step + k, l)] = (byte)(a.ColumnIndex[j] - tileFirst);
                    }
                }

                var steps = tileSteps[((long)s * tileCount) + t];
                stepTile.AsSpan(step, steps).Fill((ushort)t);
                step += steps;
            }
        }

        return new TiledCodeMatrix(a.Rows, a.Columns, tileBits, rowOfLane, sliceStart, stepTile, weights, tileColumns);
    }

    /// <summary>
    /// Copies x[xOffset ..] tile by tile into <paramref name="padded"/> (at least TileCount * TilePitch floats): tile t
    /// at t * TilePitch, its columns past the last one and its zero lane set to 0.
    /// </summary>
    public void PadInput(float[] x, int xOffset, Span<float> padded)
    {
        for (var t = 0; t < TileCount; t++)
        {
            var first = t * TileWidth;
            var width = Math.Min(TileWidth, Columns - first);
            var tile = padded.Slice(t * TilePitch, TilePitch);
            x.AsSpan(xOffset + first, width).CopyTo(tile);
            tile[width..].Clear();
        }
    }

    private static void StartCursors(SparseCodeMatrix a, int[] rowOfLane, int slice, int[] cursor)
    {
        for (var l = 0; l < cursor.Length; l++)
        {
            var row = rowOfLane[(slice * cursor.Length) + l];
            cursor[l] = row >= 0 ? a.RowStart[row] : 0;
        }
    }
}
