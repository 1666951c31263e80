using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class DenseMatrixMatrix
{
    // 256-bit path: lane i of accumulator r is C[row r, t + i]. A full tile of four rows shares each load of
    // B[kk, t .. t + 7] between four broadcast-multiply-adds; a partial tile (the last rows) does one row at a
    // time. Returns the first column not written (columns are done in steps of 8); the scalar twin finishes.
    private static int MultiplyTileVector256(in DenseOperands o, int rowBegin, int rowEnd, int tBegin, int tEnd)
    {
        var width = Vector256<float>.Count;
        var t = tBegin;
        for (; t <= tEnd - width; t += width)
        {
            if (rowEnd - rowBegin == TileRows)
            {
                var acc0 = Vector256<float>.Zero;
                var acc1 = Vector256<float>.Zero;
                var acc2 = Vector256<float>.Zero;
                var acc3 = Vector256<float>.Zero;
                var a0 = o.AOffset + rowBegin * o.K;
                for (var kk = 0; kk < o.K; kk++)
                {
                    var bv = Vector256.Create(o.B.AsSpan(o.BOffset + kk * o.N + t, width));
                    acc0 += Vector256.Create(o.A[a0 + kk]) * bv;
                    acc1 += Vector256.Create(o.A[a0 + o.K + kk]) * bv;
                    acc2 += Vector256.Create(o.A[a0 + 2 * o.K + kk]) * bv;
                    acc3 += Vector256.Create(o.A[a0 + 3 * o.K + kk]) * bv;
                }

                var c0 = o.COffset + rowBegin * o.N + t;
                acc0.CopyTo(o.C.AsSpan(c0, width));
                acc1.CopyTo(o.C.AsSpan(c0 + o.N, width));
                acc2.CopyTo(o.C.AsSpan(c0 + 2 * o.N, width));
                acc3.CopyTo(o.C.AsSpan(c0 + 3 * o.N, width));
            }
            else
            {
                for (var i = rowBegin; i < rowEnd; i++)
                {
                    var acc = Vector256<float>.Zero;
                    var ai = o.AOffset + i * o.K;
                    for (var kk = 0; kk < o.K; kk++)
                    {
                        acc += Vector256.Create(o.A[ai + kk]) * Vector256.Create(o.B.AsSpan(o.BOffset + kk * o.N + t, width));
                    }

                    acc.CopyTo(o.C.AsSpan(o.COffset + i * o.N + t, width));
                }
            }
        }

        return t;
    }
}
