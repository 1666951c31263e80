using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// C = A B for a codebook-compressed sparse A and a dense row-major B (batched fully connected layers with the
/// batch laid out along B's rows, and convolutions with B the im2col patch matrix). Each nonzero of a row scales
/// one contiguous row of B (an axpy), so the vector paths run along B's columns. Every element of C is
/// 0 + w0 b0 + w1 b1 + ... in nonzero order with separate multiply and add, on every path, so all paths and thread
/// counts give bit-identical results.
/// </summary>
internal static partial class SparseMatrixMatrix
{
    /// <summary>
    /// C[(r - rowBegin) * n + t] = sum_j A[r, j] B[bOffset + j * n + t] for rows [rowBegin, rowEnd) of A; B has
    /// A.Columns rows of n floats.
    /// </summary>
    public static void Multiply(SparseCodeMatrix a, int rowBegin, int rowEnd, float[] b, int bOffset, int n, float[] c, int cOffset, KernelPath path, int threads)
    {
        if (rowBegin < 0 || rowEnd > a.Rows || rowBegin > rowEnd || n < 0
            || bOffset < 0 || b.Length - bOffset < (long)a.Columns * n
            || cOffset < 0 || c.Length - cOffset < (long)(rowEnd - rowBegin) * n)
        {
            throw new ArgumentException($"operands do not fit a {a.Rows} x {a.Columns} matrix times {a.Columns} x {n}");
        }

        var work = (long)a.NonZeroCount / Math.Max(a.Rows, 1) * n;
        ParallelRows.Run(rowEnd - rowBegin, threads, work, (begin, end) =>
        {
            if (a.NarrowCodes is { } narrow)
            {
                MultiplyRows(a, narrow, rowBegin + begin, rowBegin + end, b, bOffset, n, c, cOffset - rowBegin * n, path);
            }
            else
            {
                MultiplyRows(a, a.WideCodes!, rowBegin + begin, rowBegin + end, b, bOffset, n, c, cOffset - rowBegin * n, path);
            }
        });
    }

    /// <summary>Row r of A goes to C[cBase + r * n ..].</summary>
    private static void MultiplyRows<TCode>(SparseCodeMatrix a, TCode[] codes, int rowBegin, int rowEnd, float[] b, int bOffset, int n, float[] c, int cBase, KernelPath path)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        for (var r = rowBegin; r < rowEnd; r++)
        {
            var cRow = cBase + r * n;
            var done = path switch
            {
                KernelPath.Vector512 => MultiplyRowVector<FloatLanes512, Vector512<float>, TCode>(a, codes, r, b, bOffset, n, c, cRow),
                KernelPath.Vector256 => MultiplyRowVector<FloatLanes256, Vector256<float>, TCode>(a, codes, r, b, bOffset, n, c, cRow),
                KernelPath.Vector128 => MultiplyRowVector<FloatLanes128, Vector128<float>, TCode>(a, codes, r, b, bOffset, n, c, cRow),
                _ => 0,
            };
            MultiplyColumnsScalar(a, codes, r, b, bOffset, n, c, cRow, done, n);
        }
    }

    /// <summary>
    /// Columns [tBegin, tEnd) of one output row, one axpy per nonzero: the whole scalar path, and the columns left
    /// over (fewer than one vector) by the vector paths. Same operation order per element as the vector lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyColumnsScalar<TCode>(SparseCodeMatrix a, TCode[] codes, int r, float[] b, int bOffset, int n, float[] c, int cRow, int tBegin, int tEnd)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        if (tBegin >= tEnd)
        {
            return;
        }

        var output = c.AsSpan(cRow + tBegin, tEnd - tBegin);
        output.Clear();
        var codebook = a.Codebook;
        var columns = a.ColumnIndex;
        for (var j = a.RowStart[r]; j < a.RowStart[r + 1]; j++)
        {
            var w = codebook[int.CreateTruncating(codes[j])];
            var source = b.AsSpan(bOffset + columns[j] * n + tBegin, tEnd - tBegin);
            for (var t = 0; t < output.Length; t++)
            {
                output[t] += w * source[t];
            }
        }
    }
}
