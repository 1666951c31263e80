using System.Buffers;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// y = A x for a sparse A in the tiled layout (<see cref="TiledCodeMatrix"/>): the batch-1 kernel that reads x from
/// a register (a sliding tile of 15 columns per step). Every path computes each row the same way: step i of its slice
/// (steps in column order) adds its product w x to partial sum i mod 4 with one fused multiply-add (padding adds
/// +0 * +0), and the row is
/// (p0 + p1) + (p2 + p3); so every path and thread count gives the same bits. The order differs from
/// <see cref="SlicedMatrixVector"/>'s (one running sum), so the two agree to rounding, not bit for bit. Paths: 512-bit
/// and the scalar twin only; sessions use this layout on the 512-bit path alone and the sliced kernel on the others
/// (a 256-bit vpermps indexes 8 floats, so a 256-bit tile would hold 7 columns and pad far more).
/// </summary>
internal static partial class TiledMatrixVector
{
    /// <summary>
    /// Largest tiled layout (bytes) a session uses: half the development machine's 1 MiB L2, so that the steps come
    /// from L2 as the sliced kernel's x does. Past it they stream from memory, where the padding costs bytes the sliced
    /// layout does not read (on fc6, 4096 x 25088, the tiled kernel measured slower than the sliced one; docs/benchmarks.md,
    /// "Tiled batch-1 kernel").
    /// </summary>
    public const int MaxBytes = 512 * 1024;

    /// <summary>
    /// Most padded steps per sliced step for which the tiled layout is used. Measured on LeNet-300-100's layers
    /// (docs/benchmarks.md, "Tiled batch-1 kernel"): 1.30 and 2.25 steps per sliced step took 0.41x and 0.79x the
    /// sliced kernel's time; a tiled step cost about 1.3 ns against 3.6 ns for a sliced one there, so the break-even
    /// lies near 2.8 and the limit keeps a margin below it.
    /// </summary>
    public const double MaxStepRatio = 2.5;

    /// <summary>
    /// The tiled form sessions use on the 512-bit path for <paramref name="a"/>, or null when it would not pay: no
    /// AVX-512, no sliced layout to compare with, more than <see cref="MaxBytes"/> (checked on the nonzero count before
    /// building) or more than <see cref="MaxStepRatio"/> times the sliced layout's steps.
    /// </summary>
    public static TiledCodeMatrix? ForSession(SparseCodeMatrix a, SlicedCodeMatrix? sliced)
    {
        if (sliced is null || !KernelDispatch.IsSupported(KernelPath.Vector512) || (long)a.NonZeroCount * TiledCodeMatrix.BytesPerEntry > MaxBytes)
        {
            return null;
        }

        var tiled = TiledCodeMatrix.FromCodeMatrix(a);
        var slicedSteps = sliced.Entries.Length / SlicedCodeMatrix.SliceHeight;
        return tiled is not null && tiled.ByteCount <= MaxBytes && tiled.StepCount <= MaxStepRatio * slicedSteps ? tiled : null;
    }

    /// <summary>
    /// y[yOffset + r] = sum_j A[r, j] x[xOffset + j] for every row r, split by slices over threads; with
    /// <paramref name="epilogue"/>, y[yOffset + r] = epilogue(that sum, r), applied as each sum is stored.
    /// </summary>
    public static void Multiply(TiledCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, KernelPath path, int threads, BiasActivation? epilogue = null)
    {
        if (xOffset < 0 || x.Length - xOffset < a.Columns || yOffset < 0 || y.Length - yOffset < a.Rows)
        {
            throw new ArgumentException($"vectors too short for a {a.Rows} x {a.Columns} matrix");
        }

        if (path is not (KernelPath.Vector512 or KernelPath.Scalar))
        {
            throw new ArgumentException($"the tiled kernel has a 512-bit path and its scalar twin, not {path}", nameof(path));
        }

        // x and a tile of zeros after it, made once per call and shared by every thread (read only).
        var padded = ArrayPool<float>.Shared.Rent(a.PaddedColumns);
        try
        {
            a.PadInput(x, xOffset, padded);
            var work = (long)a.StepCount * SlicedCodeMatrix.SliceHeight / Math.Max(a.SliceCount, 1);
            ParallelRows.Run(a.SliceCount, threads, work, (begin, end) =>
            {
                if (path == KernelPath.Vector512)
                {
                    MultiplySlicesVector512(a, padded, y, yOffset, begin, end, epilogue);
                }
                else
                {
                    MultiplySlicesScalar(a, padded, y, yOffset, begin, end, epilogue);
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
    }

    /// <summary>The scalar twin: each lane's row on its own, step by step, padding included.</summary>
    private static void MultiplySlicesScalar(TiledCodeMatrix a, float[] padded, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
    {
        const int Height = SlicedCodeMatrix.SliceHeight;
        Span<float> sums = stackalloc float[Height];
        Span<float> partial = stackalloc float[TiledCodeMatrix.Accumulators];
        for (var s = sliceBegin; s < sliceEnd; s++)
        {
            for (var l = 0; l < Height; l++)
            {
                partial.Clear();
                for (var i = a.SliceStart[s]; i < a.SliceStart[s + 1]; i++)
                {
                    var column = a.TileColumns[a.ColumnStart + TiledCodeMatrix.ColumnOffset(i, l)];
                    var x = column == TiledCodeMatrix.TileWidth ? 0f : padded[a.StepStart[i] + column];
                    partial[i % partial.Length] = MathF.FusedMultiplyAdd(a.Weights[a.WeightStart + (i * Height) + l], x, partial[i % partial.Length]);
                }

                sums[l] = (partial[0] + partial[1]) + (partial[2] + partial[3]);
            }

            SlicedMatrixVector.StoreSlice(a.RowOfLane, s, sums, y, yOffset, epilogue);
        }
    }
}
