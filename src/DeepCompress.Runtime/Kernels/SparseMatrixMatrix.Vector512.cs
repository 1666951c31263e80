using System.Numerics;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SparseMatrixMatrix
{
    // 512-bit path: lane i of one accumulator is output column t + i; each nonzero broadcasts its looked-up weight
    // and adds weight * B[column, t .. t + 15]. Returns how many leading columns it wrote (a multiple of 16); the
    // caller finishes the remaining columns with the scalar twin.
    private static int MultiplyRowVector512<TCode>(SparseCodeMatrix a, TCode[] codes, int r, float[] b, int bOffset, int n, float[] c, int cRow)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        var codebook = a.Codebook;
        var columns = a.ColumnIndex;
        var begin = a.RowStart[r];
        var end = a.RowStart[r + 1];
        var t = 0;
        for (; t <= n - Vector512<float>.Count; t += Vector512<float>.Count)
        {
            var acc = Vector512<float>.Zero;
            for (var j = begin; j < end; j++)
            {
                var w = Vector512.Create(codebook[int.CreateTruncating(codes[j])]);
                acc += w * Vector512.Create(b.AsSpan(bOffset + columns[j] * n + t, Vector512<float>.Count));
            }

            acc.CopyTo(c.AsSpan(cRow + t, Vector512<float>.Count));
        }

        return t;
    }
}
