using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class DenseMatrixVector
{
    // 512-bit path: four accumulators, lane i of accumulator a summing columns c with c mod 64 = a * 16 + i, hide
    // the add latency; they are combined (0+1, 2+3, then together) and summed across lanes once per row. Returns
    // the partial sum and the first column not yet added (a multiple of 16); the scalar twin adds the rest in order.
    private static (float Sum, int Done) DotVector512(float[] w, int row, float[] x, int columns)
    {
        var width = Vector512<float>.Count;
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        var acc2 = Vector512<float>.Zero;
        var acc3 = Vector512<float>.Zero;
        var c = 0;
        for (; c <= columns - 4 * width; c += 4 * width)
        {
            acc0 += Vector512.Create(w.AsSpan(row + c, width)) * Vector512.Create(x.AsSpan(c, width));
            acc1 += Vector512.Create(w.AsSpan(row + c + width, width)) * Vector512.Create(x.AsSpan(c + width, width));
            acc2 += Vector512.Create(w.AsSpan(row + c + 2 * width, width)) * Vector512.Create(x.AsSpan(c + 2 * width, width));
            acc3 += Vector512.Create(w.AsSpan(row + c + 3 * width, width)) * Vector512.Create(x.AsSpan(c + 3 * width, width));
        }

        for (; c <= columns - width; c += width)
        {
            acc0 += Vector512.Create(w.AsSpan(row + c, width)) * Vector512.Create(x.AsSpan(c, width));
        }

        return (Vector512.Sum((acc0 + acc1) + (acc2 + acc3)), c);
    }
}
