namespace DeepCompress.Runtime.Kernels;

internal static partial class DenseMatrixMatrix
{
    // Vector paths (128/256/512 bits by TLanes): lane i of accumulator r is C[row r, t + i]. A full tile of four
    // rows shares each load of B[kk, t .. t + Count - 1] between four broadcast-multiply-adds; a partial tile (the
    // last rows) does one row at a time. Returns the first column not written (columns are done in steps of Count);
    // the scalar twin finishes.
    private static int MultiplyTileVector<TLanes, TVector>(in DenseOperands o, int rowBegin, int rowEnd, int tBegin, int tEnd)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
    {
        var width = TLanes.Count;
        var t = tBegin;
        for (; t <= tEnd - width; t += width)
        {
            if (rowEnd - rowBegin == TileRows)
            {
                var acc0 = TLanes.Zero;
                var acc1 = TLanes.Zero;
                var acc2 = TLanes.Zero;
                var acc3 = TLanes.Zero;
                var a0 = o.AOffset + rowBegin * o.K;
                for (var kk = 0; kk < o.K; kk++)
                {
                    var bv = TLanes.Load(o.B.AsSpan(o.BOffset + kk * o.N + t, width));
                    acc0 = TLanes.MultiplyAdd(acc0, TLanes.Broadcast(o.A[a0 + kk]), bv);
                    acc1 = TLanes.MultiplyAdd(acc1, TLanes.Broadcast(o.A[a0 + o.K + kk]), bv);
                    acc2 = TLanes.MultiplyAdd(acc2, TLanes.Broadcast(o.A[a0 + 2 * o.K + kk]), bv);
                    acc3 = TLanes.MultiplyAdd(acc3, TLanes.Broadcast(o.A[a0 + 3 * o.K + kk]), bv);
                }

                var c0 = o.COffset + rowBegin * o.N + t;
                TLanes.Store(acc0, o.C.AsSpan(c0, width));
                TLanes.Store(acc1, o.C.AsSpan(c0 + o.N, width));
                TLanes.Store(acc2, o.C.AsSpan(c0 + 2 * o.N, width));
                TLanes.Store(acc3, o.C.AsSpan(c0 + 3 * o.N, width));
            }
            else
            {
                for (var i = rowBegin; i < rowEnd; i++)
                {
                    var acc = TLanes.Zero;
                    var ai = o.AOffset + i * o.K;
                    for (var kk = 0; kk < o.K; kk++)
                    {
                        acc = TLanes.MultiplyAdd(acc, TLanes.Broadcast(o.A[ai + kk]), TLanes.Load(o.B.AsSpan(o.BOffset + kk * o.N + t, width)));
                    }

                    TLanes.Store(acc, o.C.AsSpan(o.COffset + i * o.N + t, width));
                }
            }
        }

        return t;
    }
}
