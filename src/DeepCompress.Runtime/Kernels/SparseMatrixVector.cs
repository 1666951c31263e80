using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// y = A x for a codebook-compressed sparse A (batch-1 fully connected layers). The codebook lookup is fused into
/// the product: codes are widened and looked up in registers, weights are never materialised as floats.
/// </summary>
internal static partial class SparseMatrixVector
{
    /// <summary>y[yOffset + r] = sum_j A[r, j] x[xOffset + j] for every row r, split by rows over threads.</summary>
    public static void Multiply(SparseCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, KernelPath path, int threads)
    {
        if (xOffset < 0 || x.Length - xOffset < a.Columns || yOffset < 0 || y.Length - yOffset < a.Rows)
        {
            throw new ArgumentException($"vectors too short for a {a.Rows} x {a.Columns} matrix");
        }

        var work = a.NonZeroCount / Math.Max(a.Rows, 1);
        ParallelRows.Run(a.Rows, threads, work, (begin, end) => MultiplyRows(a, x, xOffset, y, yOffset, begin, end, path));
    }

    internal static void MultiplyRows(SparseCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, int rowBegin, int rowEnd, KernelPath path)
    {
        if (a.NarrowCodes is { } narrow)
        {
            MultiplyRows(a, narrow, x, xOffset, y, yOffset, rowBegin, rowEnd, path);
        }
        else
        {
            MultiplyRows(a, a.WideCodes!, x, xOffset, y, yOffset, rowBegin, rowEnd, path);
        }
    }

    private static void MultiplyRows<TCode>(SparseCodeMatrix a, TCode[] codes, float[] x, int xOffset, float[] y, int yOffset, int rowBegin, int rowEnd, KernelPath path)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        switch (path)
        {
            case KernelPath.Vector512:
                MultiplyRowsVector512(a, codes, x, xOffset, y, yOffset, rowBegin, rowEnd);
                break;
            case KernelPath.Vector256:
                MultiplyRowsVector256(a, codes, x, xOffset, y, yOffset, rowBegin, rowEnd);
                break;
            case KernelPath.Vector128:
                MultiplyRowsVector128(a, codes, x, xOffset, y, yOffset, rowBegin, rowEnd);
                break;
            default:
                MultiplyRowsScalar(a, codes, x, xOffset, y, yOffset, rowBegin, rowEnd);
                break;
        }
    }

    private static void MultiplyRowsScalar<TCode>(SparseCodeMatrix a, TCode[] codes, float[] x, int xOffset, float[] y, int yOffset, int rowBegin, int rowEnd)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        var rowStart = a.RowStart;
        for (var r = rowBegin; r < rowEnd; r++)
        {
            y[yOffset + r] = AccumulateScalar(a, codes, x, xOffset, 0f, rowStart[r], rowStart[r + 1]);
        }
    }

    /// <summary>
    /// Adds nonzeros [begin, end) of a row to <paramref name="sum"/> one at a time, in order: the whole scalar
    /// path, and the remainder (fewer nonzeros than one vector) of every vector path.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float AccumulateScalar<TCode>(SparseCodeMatrix a, TCode[] codes, float[] x, int xOffset, float sum, int begin, int end)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        var codebook = a.Codebook;
        var columns = a.ColumnIndex;
        for (var j = begin; j < end; j++)
        {
            sum += codebook[int.CreateTruncating(codes[j])] * x[xOffset + columns[j]];
        }

        return sum;
    }
}
