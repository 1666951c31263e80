using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

internal static partial class TiledMatrixVector
{
    // AVX-512 path: lane l of each accumulator sums the row of lane l of the slice; step i goes to accumulator i mod 4
    // (four independent fused multiply-add chains: one chain would wait the FMA latency every step). One 512-bit load
    // holds the columns of four steps (byte j of each int is step 4q + j), shifted down in turn: vpermps reads only an
    // index's low 4 bits, so the bytes above need no mask. Per step the tile is one load of x from the step's start,
    // the last float replaced by the zero lane. Waiting lanes read the zero lane with weight +0, so no step is
    // masked, and slices have a multiple of four steps, so there is no remainder.
    private static unsafe void MultiplySlicesVector512(TiledCodeMatrix a, float[] padded, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
    {
        const int Height = SlicedCodeMatrix.SliceHeight;
        Span<float> sums = stackalloc float[Height];
        // All bits set in lane 15 only: AndNot clears the tile's last float, the zero lane.
        var zeroLane = Vector512.Create(Vector256<float>.Zero, Vector256.Create(0f, 0f, 0f, 0f, 0f, 0f, 0f, BitConverter.Int32BitsToSingle(-1)));
        fixed (float* weightBase = a.Weights)
        fixed (byte* columnBase = a.TileColumns)
        fixed (int* startBase = a.StepStart)
        fixed (float* xs = padded)
        {
            for (var s = sliceBegin; s < sliceEnd; s++)
            {
                var weights = weightBase + a.WeightStart + ((long)a.SliceStart[s] * Height);
                var columns = (int*)(columnBase + a.ColumnStart + ((long)a.SliceStart[s] * Height));
                var start = startBase + a.SliceStart[s];
                var end = startBase + a.SliceStart[s + 1];
                var acc0 = Vector512<float>.Zero;
                var acc1 = Vector512<float>.Zero;
                var acc2 = Vector512<float>.Zero;
                var acc3 = Vector512<float>.Zero;
                for (; start < end; start += TiledCodeMatrix.Accumulators, weights += TiledCodeMatrix.Accumulators * Height, columns += Height)
                {
                    var four = Vector512.Load(columns);
                    acc0 = Step(xs + start[0], weights, four, zeroLane, acc0);
                    acc1 = Step(xs + start[1], weights + Height, Vector512.ShiftRightLogical(four, 8), zeroLane, acc1);
                    acc2 = Step(xs + start[2], weights + (2 * Height), Vector512.ShiftRightLogical(four, 16), zeroLane, acc2);
                    acc3 = Step(xs + start[3], weights + (3 * Height), Vector512.ShiftRightLogical(four, 24), zeroLane, acc3);
                }

                ((acc0 + acc1) + (acc2 + acc3)).CopyTo(sums);
                SlicedMatrixVector.StoreSlice(a.RowOfLane, s, sums, y, yOffset, epilogue);
            }
        }
    }

    /// <summary>One step: the weights at <paramref name="weights"/> times x at the tile columns in the low 4 bits of each lane of <paramref name="columns"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Step(float* tile, float* weights, Vector512<int> columns, Vector512<float> zeroLane, Vector512<float> acc)
    {
        var x = Avx512F.PermuteVar16x32(Vector512.AndNot(Vector512.Load(tile), zeroLane), columns);
        return Vector512.FusedMultiplyAdd(Vector512.Load(weights), x, acc);
    }
}
