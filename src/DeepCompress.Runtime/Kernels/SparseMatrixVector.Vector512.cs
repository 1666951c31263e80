using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SparseMatrixVector
{
    // AVX-512 path: sixteen nonzeros per step, lane i holding nonzero j + i. .NET exposes no 512-bit gather, so x
    // is gathered as two AVX2 halves (lanes 0-7, 8-15). A codebook of at most 32 entries lives in two registers
    // (entries 0-15, 16-31) and one vpermt2ps looks up all sixteen codes; larger codebooks are gathered like x.
    // The lanes are summed once per row; the remaining (row length mod 16) nonzeros go through the scalar twin.
    private static unsafe void MultiplyRowsVector512<TCode>(SparseCodeMatrix a, TCode[] codes, float[] x, int xOffset, float[] y, int yOffset, int rowBegin, int rowEnd)
        where TCode : unmanaged, IBinaryInteger<TCode>
    {
        var rowStart = a.RowStart;
        var inRegisters = a.CodebookSize <= SparseCodeMatrix.RegisterCodebookSize;
        fixed (float* xBase = x, codebook = a.Codebook)
        fixed (int* columns = a.ColumnIndex)
        fixed (TCode* codePointer = codes)
        {
            var xs = xBase + xOffset;
            var lowEntries = Vector512.Load(codebook);
            var highEntries = Vector512.Load(codebook + 16);
            for (var r = rowBegin; r < rowEnd; r++)
            {
                var j = rowStart[r];
                var end = rowStart[r + 1];
                var acc = Vector512<float>.Zero;
                for (; j <= end - 16; j += 16)
                {
                    var index = Vector512.Load(columns + j);
                    var xv = Vector512.Create(
                        Avx2.GatherVector256(xs, index.GetLower(), sizeof(float)),
                        Avx2.GatherVector256(xs, index.GetUpper(), sizeof(float)));
                    var code = WidenCodes512(codePointer + j);
                    var wv = inRegisters
                        ? Avx512F.PermuteVar16x32x2(lowEntries, code, highEntries)
                        : Vector512.Create(
                            Avx2.GatherVector256(codebook, code.GetLower(), sizeof(float)),
                            Avx2.GatherVector256(codebook, code.GetUpper(), sizeof(float)));
                    acc = Avx512F.FusedMultiplyAdd(wv, xv, acc);
                }

                y[yOffset + r] = AccumulateScalar(a, codes, x, xOffset, Vector512.Sum(acc), j, end);
            }
        }
    }

    /// <summary>Sixteen consecutive codes zero-extended to 32-bit lanes.</summary>
    private static unsafe Vector512<int> WidenCodes512<TCode>(TCode* codes)
        where TCode : unmanaged, IBinaryInteger<TCode> =>
        typeof(TCode) == typeof(byte)
            ? Avx512F.ConvertToVector512Int32(Vector128.Load((byte*)codes))
            : Avx512F.ConvertToVector512Int32(Vector256.Load((ushort*)codes));
}
