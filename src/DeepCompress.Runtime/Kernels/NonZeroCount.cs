using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// How many elements of a vector are not zero (NaN counts, -0 does not): what the batch-1 operator reads to choose
/// between the column walk and the sliced kernel. Each width compares a vector of x with zero and pop-counts the
/// mask of equal lanes; the remainder past the last full vector goes through the scalar twin.
/// </summary>
internal static class NonZeroCount
{
    public static int Count(ReadOnlySpan<float> x, KernelPath path) => path switch
    {
        KernelPath.Vector512 => x.Length - ZerosVector<FloatLanes512, Vector512<float>>(x),
        KernelPath.Vector256 => x.Length - ZerosVector<FloatLanes256, Vector256<float>>(x),
        KernelPath.Vector128 => x.Length - ZerosVector<FloatLanes128, Vector128<float>>(x),
        _ => x.Length - ZerosScalar(x),
    };

    private static int ZerosVector<TLanes, TVector>(ReadOnlySpan<float> x)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
    {
        var zeros = 0;
        var i = 0;
        for (; i <= x.Length - TLanes.Count; i += TLanes.Count)
        {
            zeros += TLanes.CountZeros(TLanes.Load(x[i..]));
        }

        return zeros + ZerosScalar(x[i..]);
    }

    /// <summary>The scalar twin, and the remainder of every vector path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ZerosScalar(ReadOnlySpan<float> x)
    {
        var zeros = 0;
        foreach (var v in x)
        {
            if (v == 0f)
            {
                zeros++;
            }
        }

        return zeros;
    }
}
