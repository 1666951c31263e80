using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// Columns in the low 16 bits of each entry (<see cref="SlicedCodeMatrix.ShortColumns"/>): each is one 2-byte load of
/// the entry's low half (little-endian), used directly as the index of a scalar load of x. .NET 10 has no 512-bit
/// gather, and on the AMD EPYC this was developed on the 16 scalar loads measured faster than two 256-bit gathers
/// (docs/benchmarks.md, "Kernels").
/// </summary>
internal readonly struct ShortColumnLoad512 : IColumnLoad512
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe Vector512<float> Load(float* xs, int* entries)
    {
        var columns = (ushort*)entries;
        // Entry l's low half is ushort 2l.
        return Vector512.Create(
            Vector256.Create(
                Vector128.Create(xs[columns[0]], xs[columns[2]], xs[columns[4]], xs[columns[6]]),
                Vector128.Create(xs[columns[8]], xs[columns[10]], xs[columns[12]], xs[columns[14]])),
            Vector256.Create(
                Vector128.Create(xs[columns[16]], xs[columns[18]], xs[columns[20]], xs[columns[22]]),
                Vector128.Create(xs[columns[24]], xs[columns[26]], xs[columns[28]], xs[columns[30]])));
    }
}
