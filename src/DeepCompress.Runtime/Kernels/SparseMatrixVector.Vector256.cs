using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SparseMatrixVector
{
    // AVX2 path: eight nonzeros per step. Lane i holds nonzero j + i: its column index (loaded straight from
    // ColumnIndex) gathers x, and its code (zero-extended from 8 or 16 bits to 32) selects the weight. A codebook
    // of at most 32 entries stays in four registers (CodebookRegisters256); larger codebooks are gathered. An FMA
    // adds the product to lane i of the accumulator; the lanes are summed once per row, and the remaining (row
    // length mod 8) nonzeros go through the scalar twin.
    private static unsafe void MultiplyRowsVector256<TCode>(SparseCodeMatrix a, TCode[] codes, float[] x, int xOffset, float[] y, int yOffset, int rowBegin, int rowEnd)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        var rowStart = a.RowStart;
        var inRegisters = a.CodebookSize <= CodebookRegisters256.Capacity;
        fixed (float* xBase = x, codebook = a.Codebook)
        fixed (int* columns = a.ColumnIndex)
        fixed (TCode* codePointer = codes)
        {
            var xs = xBase + xOffset;
            var registers = new CodebookRegisters256(codebook);
            for (var r = rowBegin; r < rowEnd; r++)
            {
                var j = rowStart[r];
                var end = rowStart[r + 1];
                var acc = Vector256<float>.Zero;
                for (; j <= end - 8; j += 8)
                {
                    var xv = Avx2.GatherVector256(xs, Avx.LoadVector256(columns + j), sizeof(float));
                    var code = WidenCodes256(codePointer + j);
                    var wv = inRegisters ? registers.Lookup(code) : Avx2.GatherVector256(codebook, code, sizeof(float));
                    acc = Fma.MultiplyAdd(wv, xv, acc);
                }

                y[yOffset + r] = AccumulateScalar(a, codes, x, xOffset, Vector256.Sum(acc), j, end);
            }
        }
    }

    /// <summary>Eight consecutive codes zero-extended to 32-bit lanes.</summary>
    private static unsafe Vector256<int> WidenCodes256<TCode>(TCode* codes)
        where TCode : unmanaged, IBinaryInteger<TCode> =>
        typeof(TCode) == typeof(byte)
            ? Avx2.ConvertToVector256Int32((byte*)codes)
            : Avx2.ConvertToVector256Int32((ushort*)codes);
}
