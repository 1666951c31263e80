using System.Numerics;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SparseMatrixVector
{
    // Portable 128-bit path (SSE or AdvSimd, no gathers): lane i of the accumulator sums nonzeros j with
    // j - rowStart == i (mod 4); the four lanes are added once per row, then the remaining (row length mod 4)
    // nonzeros are added one by one by the scalar twin.
    private static void MultiplyRowsVector128<TCode>(SparseCodeMatrix a, TCode[] codes, float[] x, int xOffset, float[] y, int yOffset, int rowBegin, int rowEnd)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        var rowStart = a.RowStart;
        var columns = a.ColumnIndex;
        var codebook = a.Codebook;
        for (var r = rowBegin; r < rowEnd; r++)
        {
            var j = rowStart[r];
            var end = rowStart[r + 1];
            var acc = Vector128<float>.Zero;
            for (; j <= end - 4; j += 4)
            {
                var xs = Vector128.Create(
                    x[xOffset + columns[j]], x[xOffset + columns[j + 1]], x[xOffset + columns[j + 2]], x[xOffset + columns[j + 3]]);
                var ws = Vector128.Create(
                    codebook[int.CreateTruncating(codes[j])],
                    codebook[int.CreateTruncating(codes[j + 1])],
                    codebook[int.CreateTruncating(codes[j + 2])],
                    codebook[int.CreateTruncating(codes[j + 3])]);
                acc += ws * xs;
            }

            y[yOffset + r] = AccumulateScalar(a, codes, x, xOffset, Vector128.Sum(acc), j, end);
        }
    }
}
