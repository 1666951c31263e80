using System.Numerics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SparseMatrixMatrix
{
    // Vector paths (128/256/512 bits by TLanes): lane i of one accumulator is output column t + i; each nonzero
    // broadcasts its looked-up weight and adds weight * B[column, t .. t + Count - 1]. Returns how many leading
    // columns it wrote (a multiple of Count); the caller finishes the remaining columns with the scalar twin.
    private static int MultiplyRowVector<TLanes, TVector, TCode>(SparseCodeMatrix a, TCode[] codes, int r, float[] b, int bOffset, int n, float[] c, int cRow)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        var codebook = a.Codebook;
        var columns = a.ColumnIndex;
        var begin = a.RowStart[r];
        var end = a.RowStart[r + 1];
        var width = TLanes.Count;
        var t = 0;
        for (; t <= n - width; t += width)
        {
            var acc = TLanes.Zero;
            for (var j = begin; j < end; j++)
            {
                var w = TLanes.Broadcast(codebook[int.CreateTruncating(codes[j])]);
                acc = TLanes.MultiplyAdd(acc, w, TLanes.Load(b.AsSpan(bOffset + columns[j] * n + t, width)));
            }

            TLanes.Store(acc, c.AsSpan(cRow + t, width));
        }

        return t;
    }
}
