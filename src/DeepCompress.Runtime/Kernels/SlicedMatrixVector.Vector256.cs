using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SlicedMatrixVector
{
    // AVX2 path: a slice is two halves of eight lanes (rows of lanes 0-7 and 8-15), each with its own accumulator.
    // Per step and half, the eight entries' columns (entry AND ColumnMask) gather x; the codes (entry >>> ColumnBits)
    // index a codebook of at most 32 entries in registers (CodebookRegisters256), a larger one by a gather. Steps
    // past FullSteps keep the sum of lanes whose row has ended (blend on length > step).
    private static unsafe void MultiplySlicesVector256(SlicedCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
    {
        const int Half = SlicedCodeMatrix.SliceHeight / 2;
        Span<float> sums = stackalloc float[SlicedCodeMatrix.SliceHeight];
        var columnBits = a.ColumnBits;
        var columnMask = Vector256.Create(a.ColumnMask);
        var inRegisters = a.CodebookSize <= CodebookRegisters256.Capacity;
        fixed (float* xBase = x, codebook = a.Codebook)
        fixed (int* entryBase = a.Entries, laneLength = a.LaneLength)
        {
            var xs = xBase + xOffset;
            var registers = new CodebookRegisters256(codebook);
            for (var s = sliceBegin; s < sliceEnd; s++)
            {
                var step = entryBase + a.SliceStart[s];
                var fullSteps = a.FullSteps[s];
                var lengthsLow = Avx.LoadVector256(laneLength + s * SlicedCodeMatrix.SliceHeight);
                var lengthsHigh = Avx.LoadVector256(laneLength + s * SlicedCodeMatrix.SliceHeight + Half);
                var accLow = Vector256<float>.Zero;
                var accHigh = Vector256<float>.Zero;
                for (int k = 0, steps = a.Steps(s); k < steps; k++, step += SlicedCodeMatrix.SliceHeight)
                {
                    var entryLow = Avx.LoadVector256(step);
                    var entryHigh = Avx.LoadVector256(step + Half);
                    var sumLow = Fma.MultiplyAdd(
                        inRegisters ? registers.Lookup(Vector256.ShiftRightLogical(entryLow, columnBits)) : Avx2.GatherVector256(codebook, Vector256.ShiftRightLogical(entryLow, columnBits), sizeof(float)),
                        Avx2.GatherVector256(xs, entryLow & columnMask, sizeof(float)),
                        accLow);
                    var sumHigh = Fma.MultiplyAdd(
                        inRegisters ? registers.Lookup(Vector256.ShiftRightLogical(entryHigh, columnBits)) : Avx2.GatherVector256(codebook, Vector256.ShiftRightLogical(entryHigh, columnBits), sizeof(float)),
                        Avx2.GatherVector256(xs, entryHigh & columnMask, sizeof(float)),
                        accHigh);
                    if (k < fullSteps)
                    {
                        accLow = sumLow;
                        accHigh = sumHigh;
                    }
                    else
                    {
                        var step32 = Vector256.Create(k);
                        accLow = Avx.BlendVariable(accLow, sumLow, Avx2.CompareGreaterThan(lengthsLow, step32).AsSingle());
                        accHigh = Avx.BlendVariable(accHigh, sumHigh, Avx2.CompareGreaterThan(lengthsHigh, step32).AsSingle());
                    }
                }

                accLow.CopyTo(sums);
                accHigh.CopyTo(sums[Half..]);
                StoreSlice(a, s, sums, y, yOffset, epilogue);
            }
        }
    }
}
