using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SlicedMatrixVector
{
    // Portable 128-bit path (SSE or AdvSimd, no gathers): a slice is four quarters of four lanes, accumulator q
    // summing the rows of lanes 4q to 4q + 3; weights and x are read with scalar loads into vectors. Steps past
    // FullSteps keep the sum of lanes whose row has ended (select on length > step).
    private static void MultiplySlicesVector128(SlicedCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
    {
        const int Quarter = SlicedCodeMatrix.SliceHeight / 4;
        Span<float> sums = stackalloc float[SlicedCodeMatrix.SliceHeight];
        Span<Vector128<float>> acc = stackalloc Vector128<float>[4];
        for (var s = sliceBegin; s < sliceEnd; s++)
        {
            acc.Clear();
            var step = a.SliceStart[s];
            var fullSteps = a.FullSteps[s];
            for (int k = 0, steps = a.Steps(s); k < steps; k++, step += SlicedCodeMatrix.SliceHeight)
            {
                for (var q = 0; q < 4; q++)
                {
                    var sum = Step128(a, step + q * Quarter, x, xOffset, acc[q]);
                    acc[q] = k < fullSteps
                        ? sum
                        : Vector128.ConditionalSelect(Vector128.GreaterThan(Vector128.Create(a.LaneLength.AsSpan(s * SlicedCodeMatrix.SliceHeight + q * Quarter, Quarter)), Vector128.Create(k)).AsSingle(), sum, acc[q]);
                }
            }

            for (var q = 0; q < 4; q++)
            {
                acc[q].CopyTo(sums[(q * Quarter)..]);
            }

            StoreSlice(a, s, sums, y, yOffset, epilogue);
        }
    }

    /// <summary>acc + weight * x for the four entries at <paramref name="j"/>, fused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Step128(SlicedCodeMatrix a, int j, float[] x, int xOffset, Vector128<float> acc)
    {
        var entries = a.Entries.AsSpan(j, 4);
        var codebook = a.Codebook;
        var weight = Vector128.Create(codebook[a.Code(entries[0])], codebook[a.Code(entries[1])], codebook[a.Code(entries[2])], codebook[a.Code(entries[3])]);
        var xv = Vector128.Create(x[xOffset + a.Column(entries[0])], x[xOffset + a.Column(entries[1])], x[xOffset + a.Column(entries[2])], x[xOffset + a.Column(entries[3])]);
        return Vector128.FusedMultiplyAdd(weight, xv, acc);
    }
}
