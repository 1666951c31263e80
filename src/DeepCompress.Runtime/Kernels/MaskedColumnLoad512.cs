using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

/// <summary>Columns wider than 16 bits: each entry AND the column mask, then a scalar load of x, as in <see cref="ShortColumnLoad512"/>.</summary>
internal readonly struct MaskedColumnLoad512(int columnMask) : IColumnLoad512
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe Vector512<float> Load(float* xs, int* entries) =>
        Vector512.Create(
            Vector256.Create(
                Vector128.Create(xs[entries[0] & columnMask], xs[entries[1] & columnMask], xs[entries[2] & columnMask], xs[entries[3] & columnMask]),
                Vector128.Create(xs[entries[4] & columnMask], xs[entries[5] & columnMask], xs[entries[6] & columnMask], xs[entries[7] & columnMask])),
            Vector256.Create(
                Vector128.Create(xs[entries[8] & columnMask], xs[entries[9] & columnMask], xs[entries[10] & columnMask], xs[entries[11] & columnMask]),
                Vector128.Create(xs[entries[12] & columnMask], xs[entries[13] & columnMask], xs[entries[14] & columnMask], xs[entries[15] & columnMask])));
}
