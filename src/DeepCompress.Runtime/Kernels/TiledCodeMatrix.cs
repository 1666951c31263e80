using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A sparse matrix laid out for a batch-1 product that reads x from registers. Rows are cut into slices of 16 as in
/// <see cref="SlicedCodeMatrix"/>, in whichever of <see cref="TiledRowGrouping"/>'s orders takes the fewest steps; lane l of a
/// step is the slice's row l (<see cref="RowOfLane"/>). Every step
/// has a tile of x: the <see cref="TileWidth"/> columns from <see cref="StepStart"/> on, plus a lane that is always 0
/// (16 floats, one register). The tile slides: a step starts at the smallest column any of its rows has left, and
/// each row whose next nonzero falls in the tile takes it; the others wait (weight +0 at the zero lane, so they add
/// +0 * +0 and need no mask). Per lane and step the layout keeps the weight as a float (its codebook value, looked up
/// once at build) and the column within the tile as a byte: a kernel loads the tile of x (from L1) into one register
/// and reads x at the 16 columns with one vpermps instead of 16 scalar loads and inserts, and the weights with one
/// load (a codebook lookup would be one more permute per step, and permutes are what a step is short of: a throwaway
/// run without it took 0.7x the time). A sliding tile pads less than fixed ones: on LeNet-300-100's fc1, 2,316 steps
/// with a 31-column tile against 2,912 with tiles at multiples of 31 columns (1,272 sliced steps); the 15-column tile
/// takes 2,864 steps, but its single-register vpermps costs less than the two-register vpermt2ps by more than that
/// (docs/benchmarks.md, "Tiled batch-1 kernel").
/// Each slice's step count is padded to a multiple of <see cref="Accumulators"/>: kernels cycle through that many
/// partial sums per row, so consecutive steps do not wait on each other's fused multiply-add, and need no remainder
/// loop. The columns of four consecutive steps are interleaved (<see cref="ColumnOffset"/>): one 512-bit load gives
/// 16 ints whose bytes are the four steps' columns, separated by shifts.
/// Built from a <see cref="SparseCodeMatrix"/>, which has validated the content.
/// </summary>
internal sealed class TiledCodeMatrix(int rows, int columns, int[] rowOfLane, int[] sliceStart, int[] stepStart, float[] weights, int weightStart, byte[] tileColumns, int columnStart)
{
    /// <summary>Bytes of a cache line: where the per-step arrays start, so that no 64-byte load of a step splits two lines.</summary>
    public const int CacheLine = 64;

    /// <summary>Columns of x a step can read; column-within-tile 15 is the zero lane.</summary>
    public const int TileWidth = 15;

    /// <summary>Floats a kernel loads per step: the tile and the zero lane.</summary>
    public const int TilePitch = TileWidth + 1;

    /// <summary>Partial sums per row: step i of a slice adds to partial sum i mod 4; a row is (p0 + p1) + (p2 + p3).</summary>
    public const int Accumulators = 4;

    /// <summary>Bytes per lane and step: a float weight and a byte column.</summary>
    public const int BytesPerEntry = sizeof(float) + sizeof(byte);

    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    /// <summary>Floats of the padded copy of x kernels read: x, then a tile of zeros (a tile may start at the last column).</summary>
    public int PaddedColumns => Columns + TilePitch;

    public int SliceCount => SliceStart.Length - 1;

    /// <summary>Output row of each lane (slice s, lane l at s * 16 + l), -1 for lanes past the last row.</summary>
    public int[] RowOfLane { get; } = rowOfLane;

    /// <summary>Slice s's steps are [SliceStart[s], SliceStart[s + 1]), counted over all slices; each a multiple of 4.</summary>
    public int[] SliceStart { get; } = sliceStart;

    /// <summary>First column of each step's tile.</summary>
    public int[] StepStart { get; } = stepStart;

    /// <summary>
    /// Weight of lane l at step i at <see cref="WeightStart"/> + i * 16 + l. A pinned array (it never moves) whose
    /// <see cref="WeightStart"/> is on a cache line: on LeNet-300-100's fc1, layouts whose weights happened to start
    /// on one took 0.75-0.83x the time of the others (docs/benchmarks.md, "Tiled batch-1 kernel, second round").
    /// </summary>
    public float[] Weights { get; } = weights;

    /// <summary>First element of <see cref="Weights"/> in use: the first on a cache line.</summary>
    public int WeightStart { get; } = weightStart;

    /// <summary>Column within the tile of lane l at step i at <see cref="ColumnStart"/> + <see cref="ColumnOffset"/>(i, l); pinned, as <see cref="Weights"/>.</summary>
    public byte[] TileColumns { get; } = tileColumns;

    /// <summary>First element of <see cref="TileColumns"/> in use: the first on a cache line.</summary>
    public int ColumnStart { get; } = columnStart;

    /// <summary>Steps over all slices: the 16-lane multiply-adds a product runs.</summary>
    public int StepCount => StepStart.Length;

    /// <summary>Bytes of the per-step arrays.</summary>
    public long ByteCount => ((long)StepCount * SlicedCodeMatrix.SliceHeight * BytesPerEntry) + ((long)StepCount * sizeof(int));

    /// <summary>Index in <see cref="TileColumns"/> of lane <paramref name="lane"/> at step <paramref name="step"/>: four steps interleaved lane by lane.</summary>
    public static int ColumnOffset(int step, int lane) => ((step & ~3) * SlicedCodeMatrix.SliceHeight) + (4 * lane) + (step & 3);

    /// <summary>The tiled form of <paramref name="a"/>, or null when the padded steps do not fit one array (those keep the sliced kernel).</summary>
    public static TiledCodeMatrix? FromCodeMatrix(SparseCodeMatrix a)
    {
        TiledCodeMatrix? fewest = null;
        foreach (var order in TiledRowGrouping.CandidateOrders(a))
        {
            var tiled = FromCodeMatrix(a, order);
            if (tiled is null)
            {
                return null;
            }

            // Strictly fewer: on a tie the earlier candidate (the sliced layout's order) stays.
            fewest = fewest is null || tiled.StepCount < fewest.StepCount ? tiled : fewest;
        }

        return fewest;
    }

    /// <summary>The tiled form of <paramref name="a"/> with its rows in slices in <paramref name="order"/> (a permutation of the rows).</summary>
    public static TiledCodeMatrix? FromCodeMatrix(SparseCodeMatrix a, int[] order)
    {
        const int Height = SlicedCodeMatrix.SliceHeight;
        var rowStart = a.RowStart;
        var sliceCount = (a.Rows + Height - 1) / Height;
        var rowOfLane = new int[sliceCount * Height];
        Array.Fill(rowOfLane, -1);
        order.CopyTo(rowOfLane, 0);

        var sliceStart = new int[sliceCount + 1];
        var stepStart = new List<int>();
        var weights = new List<float>();
        var tileColumns = new List<byte>();
        Span<int> next = stackalloc int[Height];
        Span<int> end = stackalloc int[Height];
        Span<byte> stepColumns = stackalloc byte[Height * Accumulators];
        for (var s = 0; s < sliceCount; s++)
        {
            for (var l = 0; l < Height; l++)
            {
                var row = rowOfLane[(s * Height) + l];
                next[l] = row >= 0 ? rowStart[row] : 0;
                end[l] = row >= 0 ? rowStart[row + 1] : 0;
            }

            var step = 0;
            while (true)
            {
                var start = int.MaxValue;
                for (var l = 0; l < Height; l++)
                {
                    if (next[l] < end[l])
                    {
                        start = Math.Min(start, a.ColumnIndex[next[l]]);
                    }
                }

                var done = start == int.MaxValue;
                if (done && step % Accumulators == 0)
                {
                    break;
                }

                // A step past the slice's last nonzero only pads it to a multiple of Accumulators: tile at column 0.
                stepStart.Add(done ? 0 : start);
                for (var l = 0; l < Height; l++)
                {
                    var takes = next[l] < end[l] && a.ColumnIndex[next[l]] < start + TileWidth;
                    weights.Add(takes ? a.Codebook[a.Code(next[l])] : 0f);
                    stepColumns[(4 * l) + (step % Accumulators)] = (byte)(takes ? a.ColumnIndex[next[l]] - start : TileWidth);
                    next[l] += takes ? 1 : 0;
                }

                step++;
                if (step % Accumulators == 0)
                {
                    foreach (var column in stepColumns)
                    {
                        tileColumns.Add(column);
                    }
                }
            }

            if ((long)stepStart.Count * Height > Array.MaxLength)
            {
                return null;
            }

            sliceStart[s + 1] = stepStart.Count;
        }

        var (alignedWeights, weightStart) = OnCacheLines(weights);
        var (alignedColumns, columnStart) = OnCacheLines(tileColumns);
        return new TiledCodeMatrix(a.Rows, a.Columns, rowOfLane, sliceStart, [.. stepStart], alignedWeights, weightStart, alignedColumns, columnStart);
    }

    /// <summary><paramref name="values"/> in a pinned array from its returned start on, the first element on a cache line.</summary>
    private static unsafe (T[] Array, int Start) OnCacheLines<T>(List<T> values)
        where T : unmanaged
    {
        // Pinned: the array never moves, so the start stays on a cache line for the matrix's life.
        var array = GC.AllocateArray<T>(values.Count + (CacheLine / sizeof(T)), pinned: true);
        var address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        var start = (int)((CacheLine - (address % CacheLine)) % CacheLine / sizeof(T));
        values.CopyTo(array, start);
        return (array, start);
    }

    /// <summary>Copies x[xOffset ..] into <paramref name="padded"/> (at least <see cref="PaddedColumns"/> floats), then zeros.</summary>
    public void PadInput(float[] x, int xOffset, Span<float> padded)
    {
        x.AsSpan(xOffset, Columns).CopyTo(padded);
        padded[Columns..PaddedColumns].Clear();
    }
}
