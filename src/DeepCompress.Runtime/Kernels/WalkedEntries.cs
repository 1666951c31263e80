using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// How many entries the column walk would visit for an x: the lengths of the columns whose x is not zero (NaN counts,
/// -0 does not) summed. The batch-1 operator compares it with the layer's nonzeros to choose the walk or the sliced
/// kernel; x's density alone misleads, as the nonzero pixels of an image meet the densest weight columns. Lengths
/// are integers in floats, and every partial sum stays below 2^24 (<see cref="ColumnCodeMatrix.MaxNonZeros"/>), so
/// all paths give the exact count. Each width masks a vector of lengths where x is zero and adds it; the remainder
/// past the last full vector goes through the scalar twin.
/// </summary>
internal static class WalkedEntries
{
    public static int Count(ReadOnlySpan<float> x, ReadOnlySpan<float> columnLengths, KernelPath path)
    {
        if (columnLengths.Length != x.Length)
        {
            throw new ArgumentException($"{x.Length} inputs for {columnLengths.Length} columns");
        }

        return path switch
        {
            KernelPath.Vector512 => CountVector<FloatLanes512, Vector512<float>>(x, columnLengths),
            KernelPath.Vector256 => CountVector<FloatLanes256, Vector256<float>>(x, columnLengths),
            KernelPath.Vector128 => CountVector<FloatLanes128, Vector128<float>>(x, columnLengths),
            _ => CountScalar(x, columnLengths),
        };
    }

    private static int CountVector<TLanes, TVector>(ReadOnlySpan<float> x, ReadOnlySpan<float> columnLengths)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
    {
        var sums = TLanes.Zero;
        var i = 0;
        for (; i <= x.Length - TLanes.Count; i += TLanes.Count)
        {
            sums = TLanes.AddWhereNonZero(sums, TLanes.Load(x[i..]), TLanes.Load(columnLengths[i..]));
        }

        return (int)TLanes.Sum(sums) + CountScalar(x[i..], columnLengths[i..]);
    }

    /// <summary>The scalar twin, and the remainder of every vector path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CountScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> columnLengths)
    {
        var entries = 0;
        for (var i = 0; i < x.Length; i++)
        {
            entries += x[i] == 0f ? 0 : (int)columnLengths[i];
        }

        return entries;
    }
}
