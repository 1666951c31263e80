namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// y = A x for a codebook-compressed sparse A in the sliced layout (<see cref="SlicedCodeMatrix"/>): the batch-1
/// kernel of fully connected layers. Every path computes each row as 0 + w0 x0 + w1 x1 + ... in nonzero order with
/// one fused multiply-add per nonzero, so all paths and thread counts give bit-identical results.
/// </summary>
internal static partial class SlicedMatrixVector
{
    /// <summary>
    /// y[yOffset + r] = sum_j A[r, j] x[xOffset + j] for every row r, split by slices over threads; with
    /// <paramref name="epilogue"/>, y[yOffset + r] = epilogue(that sum, r), applied as each sum is stored.
    /// </summary>
    public static void Multiply(SlicedCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, KernelPath path, int threads, BiasActivation? epilogue = null)
    {
        if (xOffset < 0 || x.Length - xOffset < a.Columns || yOffset < 0 || y.Length - yOffset < a.Rows)
        {
            throw new ArgumentException($"vectors too short for a {a.Rows} x {a.Columns} matrix");
        }

        var work = (long)a.Entries.Length / Math.Max(a.SliceCount, 1);
        ParallelRows.Run(a.SliceCount, threads, work, (begin, end) =>
        {
            switch (path)
            {
                case KernelPath.Vector512:
                    MultiplySlicesVector512(a, x, xOffset, y, yOffset, begin, end, epilogue);
                    break;
                case KernelPath.Vector256:
                    MultiplySlicesVector256(a, x, xOffset, y, yOffset, begin, end, epilogue);
                    break;
                case KernelPath.Vector128:
                    MultiplySlicesVector128(a, x, xOffset, y, yOffset, begin, end, epilogue);
                    break;
                default:
                    MultiplySlicesScalar(a, x, xOffset, y, yOffset, begin, end, epilogue);
                    break;
            }
        });
    }

    /// <summary>The scalar twin: each lane's row on its own, walking its entries one step (16 ints) apart.</summary>
    private static void MultiplySlicesScalar(SlicedCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
    {
        var entries = a.Entries;
        var codebook = a.Codebook;
        for (var lane = sliceBegin * SlicedCodeMatrix.SliceHeight; lane < sliceEnd * SlicedCodeMatrix.SliceHeight; lane++)
        {
            var row = a.RowOfLane[lane];
            if (row < 0)
            {
                continue;
            }

            var sum = 0f;
            var j = a.SliceStart[lane / SlicedCodeMatrix.SliceHeight] + lane % SlicedCodeMatrix.SliceHeight;
            for (var k = 0; k < a.LaneLength[lane]; k++, j += SlicedCodeMatrix.SliceHeight)
            {
                var entry = entries[j];
                sum = MathF.FusedMultiplyAdd(codebook[a.Code(entry)], x[xOffset + a.Column(entry)], sum);
            }

            y[yOffset + row] = epilogue is null ? sum : epilogue.Apply(sum, row);
        }
    }

    /// <summary>Writes the 16 lane sums of slice <paramref name="slice"/> to their rows (lanes past the last row have none), through the epilogue if any.</summary>
    private static void StoreSlice(SlicedCodeMatrix a, int slice, ReadOnlySpan<float> sums, float[] y, int yOffset, BiasActivation? epilogue) =>
        StoreSlice(a.RowOfLane, slice, sums, y, yOffset, epilogue);

    /// <summary>The same for any layout of 16-row slices whose lane l of slice s is row <paramref name="rowOfLane"/>[s * 16 + l] (-1: none).</summary>
    internal static void StoreSlice(int[] rowOfLane, int slice, ReadOnlySpan<float> sums, float[] y, int yOffset, BiasActivation? epilogue)
    {
        var lanes = rowOfLane.AsSpan(slice * SlicedCodeMatrix.SliceHeight, SlicedCodeMatrix.SliceHeight);
        for (var l = 0; l < lanes.Length; l++)
        {
            if (lanes[l] >= 0)
            {
                y[yOffset + lanes[l]] = epilogue is null ? sums[l] : epilogue.Apply(sums[l], lanes[l]);
            }
        }
    }
}
