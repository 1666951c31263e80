using System.Numerics;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SparseMatrixMatrix
{
    // 128-bit path: lane i of one accumulator is output column t + i; each nonzero broadcasts its looked-up weight
    // and adds weight * B[column, t .. t + 3]. Returns how many leading columns it wrote (a multiple of 4); the
    // caller finishes the remaining columns with the scalar twin.
    private static int MultiplyRowVector128<TCode>(SparseCodeMatrix a, TCode[] codes, int r, float[] b, int bOffset, int n, float[] c, int cRow)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        var codebook = a.Codebook;
        var columns = a.ColumnIndex;
        var begin = a.RowStart[r];
        var end = a.RowStart[r + 1];
        var t = 0;
        for (; t <= n - Vector128<float>.Count; t += Vector128<float>.Count)
        {
            var acc = Vector128<float>.Zero;
            for (var j = begin; j < end; j++)
            {
                var w = Vector128.Create(codebook[int.CreateTruncating(codes[j])]);
                acc += w * Vector128.Create(b.AsSpan(bOffset + columns[j] * n + t, Vector128<float>.Count));
            }

            acc.CopyTo(c.AsSpan(cRow + t, Vector128<float>.Count));
        }

        return t;
    }
}
