using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class DenseMatrixVector
{
    // 256-bit path: four accumulators, lane i of accumulator a summing columns c with c mod 32 = a * 8 + i, hide
    // the add latency; they are combined (0+1, 2+3, then together) and summed across lanes once per row. Returns
    // the partial sum and the first column not yet added (a multiple of 8); the scalar twin adds the rest in order.
    private static (float Sum, int Done) DotVector256(float[] w, int row, float[] x, int columns)
    {
        var width = Vector256<float>.Count;
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var acc2 = Vector256<float>.Zero;
        var acc3 = Vector256<float>.Zero;
        var c = 0;
        for (; c <= columns - 4 * width; c += 4 * width)
        {
            acc0 += Vector256.Create(w.AsSpan(row + c, width)) * Vector256.Create(x.AsSpan(c, width));
            acc1 += Vector256.Create(w.AsSpan(row + c + width, width)) * Vector256.Create(x.AsSpan(c + width, width));
            acc2 += Vector256.Create(w.AsSpan(row + c + 2 * width, width)) * Vector256.Create(x.AsSpan(c + 2 * width, width));
            acc3 += Vector256.Create(w.AsSpan(row + c + 3 * width, width)) * Vector256.Create(x.AsSpan(c + 3 * width, width));
        }

        for (; c <= columns - width; c += width)
        {
            acc0 += Vector256.Create(w.AsSpan(row + c, width)) * Vector256.Create(x.AsSpan(c, width));
        }

        return (Vector256.Sum((acc0 + acc1) + (acc2 + acc3)), c);
    }
}
