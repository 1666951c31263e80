using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class TiledMatrixVector
{
    private static void MultiplySlicesVector512(TiledCodeMatrix a, float[] padded, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
    {
        if (a.TileBits == TiledCodeMatrix.NarrowTileBits)
        {
            MultiplySlicesVector512<TwoRegisterLookup512>(a, padded, y, yOffset, sliceBegin, sliceEnd, epilogue);
        }
        else
        {
            MultiplySlicesVector512<FourRegisterLookup512>(a, padded, y, yOffset, sliceBegin, sliceEnd, epilogue);
        }
    }

    // AVX-512 path: lane l of each accumulator sums the row of lane l of the slice; step i goes to accumulator i mod 4
    // (four independent fused multiply-add chains: one chain would wait the FMA latency every step). One 512-bit load
    // holds the columns of four steps (byte j of each int is step 4q + j), shifted down in turn: the tile tables
    // (TTile: two or four registers of x, loaded per step from the padded x in L1) read only an index's low 5 bits
    // (vpermt2ps) and bit 5 (the four-register select), so the bytes above need no mask. Padding lanes read the zero
    // lane with weight +0, so no step is masked, and slices have a multiple of four steps, so there is no remainder.
    private static unsafe void MultiplySlicesVector512<TTile>(TiledCodeMatrix a, float[] padded, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
        where TTile : struct, IRegisterTable512<TTile>
    {
        const int Height = SlicedCodeMatrix.SliceHeight;
        var tileBits = a.TileBits;
        Span<float> sums = stackalloc float[Height];
        fixed (float* weightBase = a.Weights)
        fixed (byte* columnBase = a.TileColumns)
        fixed (ushort* tileBase = a.StepTile)
        fixed (float* xs = padded)
        {
            for (var s = sliceBegin; s < sliceEnd; s++)
            {
                var weights = weightBase + ((long)a.SliceStart[s] * Height);
                var columns = (int*)(columnBase + ((long)a.SliceStart[s] * Height));
                var tile = tileBase + a.SliceStart[s];
                var end = tileBase + a.SliceStart[s + 1];
                var acc0 = Vector512<float>.Zero;
                var acc1 = Vector512<float>.Zero;
                var acc2 = Vector512<float>.Zero;
                var acc3 = Vector512<float>.Zero;
                for (; tile < end; tile += TiledCodeMatrix.Accumulators, weights += TiledCodeMatrix.Accumulators * Height, columns += Height)
                {
                    var four = Vector512.Load(columns);
                    acc0 = Step<TTile>(xs + (tile[0] << tileBits), weights, four, acc0);
                    acc1 = Step<TTile>(xs + (tile[1] << tileBits), weights + Height, Vector512.ShiftRightLogical(four, 8), acc1);
                    acc2 = Step<TTile>(xs + (tile[2] << tileBits), weights + (2 * Height), Vector512.ShiftRightLogical(four, 16), acc2);
                    acc3 = Step<TTile>(xs + (tile[3] << tileBits), weights + (3 * Height), Vector512.ShiftRightLogical(four, 24), acc3);
                }

                ((acc0 + acc1) + (acc2 + acc3)).CopyTo(sums);
                SlicedMatrixVector.StoreSlice(a.RowOfLane, s, sums, y, yOffset, epilogue);
            }
        }
    }

    /// <summary>One step: the weights at <paramref name="weights"/> times x at the columns in the low byte of each lane of <paramref name="columns"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Step<TTile>(float* tile, float* weights, Vector512<int> columns, Vector512<float> acc)
        where TTile : struct, IRegisterTable512<TTile> =>
        Vector512.FusedMultiplyAdd(Vector512.Load(weights), TTile.Load(tile).Lookup(columns), acc);
}
