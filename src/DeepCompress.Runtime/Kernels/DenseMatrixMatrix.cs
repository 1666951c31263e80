using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// C = A B for dense row-major A [m, k] and B [k, n] (layers that are not compressed). Work is split into tiles
/// of <see cref="TileRows"/> rows by <see cref="TileColumns"/> columns; inside a tile the vector paths keep one
/// accumulator per row in registers and load each vector of B once for all rows of the tile. Every element of C
/// is 0 + a0 b0 + a1 b1 + ... in k order with separate multiply and add on every path, so paths and thread counts
/// give bit-identical results.
/// </summary>
internal static partial class DenseMatrixMatrix
{
    public const int TileRows = 4;

    public const int TileColumns = 256;

    public static void Multiply(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, int m, int k, int n, KernelPath path, int threads)
    {
        if (m < 0 || k < 0 || n < 0
            || aOffset < 0 || a.Length - aOffset < (long)m * k
            || bOffset < 0 || b.Length - bOffset < (long)k * n
            || cOffset < 0 || c.Length - cOffset < (long)m * n)
        {
            throw new ArgumentException($"operands do not fit [{m} x {k}] times [{k} x {n}]");
        }

        var rowTiles = (m + TileRows - 1) / TileRows;
        var columnTiles = (n + TileColumns - 1) / TileColumns;
        ParallelRows.Run(rowTiles * columnTiles, threads, (long)k * TileRows * Math.Min(n, TileColumns), (begin, end) =>
        {
            for (var tile = begin; tile < end; tile++)
            {
                var rowBegin = tile / columnTiles * TileRows;
                var rowEnd = Math.Min(rowBegin + TileRows, m);
                var tBegin = tile % columnTiles * TileColumns;
                var tEnd = Math.Min(tBegin + TileColumns, n);
                var operands = new DenseOperands(a, aOffset, b, bOffset, c, cOffset, k, n);
                var done = path switch
                {
                    KernelPath.Vector512 => MultiplyTileVector<FloatLanes512, Vector512<float>>(operands, rowBegin, rowEnd, tBegin, tEnd),
                    KernelPath.Vector256 => MultiplyTileVector<FloatLanes256, Vector256<float>>(operands, rowBegin, rowEnd, tBegin, tEnd),
                    KernelPath.Vector128 => MultiplyTileVector<FloatLanes128, Vector128<float>>(operands, rowBegin, rowEnd, tBegin, tEnd),
                    _ => tBegin,
                };
                MultiplyTileScalar(operands, rowBegin, rowEnd, done, tEnd);
            }
        });
    }

    /// <summary>
    /// Columns [tBegin, tEnd) of rows [rowBegin, rowEnd), one axpy per k: the whole scalar path and the columns the
    /// vector paths leave over. Same operation order per element as the vector lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyTileScalar(in DenseOperands o, int rowBegin, int rowEnd, int tBegin, int tEnd)
    {
        if (tBegin >= tEnd)
        {
            return;
        }

        for (var i = rowBegin; i < rowEnd; i++)
        {
            var output = o.C.AsSpan(o.COffset + i * o.N + tBegin, tEnd - tBegin);
            output.Clear();
            for (var kk = 0; kk < o.K; kk++)
            {
                var scale = o.A[o.AOffset + i * o.K + kk];
                var source = o.B.AsSpan(o.BOffset + kk * o.N + tBegin, tEnd - tBegin);
                for (var t = 0; t < output.Length; t++)
                {
                    output[t] += scale * source[t];
                }
            }
        }
    }
}
