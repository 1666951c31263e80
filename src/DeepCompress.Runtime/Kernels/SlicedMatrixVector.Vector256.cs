using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SlicedMatrixVector
{
    // AVX2 path: a slice is two halves of eight lanes (rows of lanes 0-7 and 8-15), each with its own accumulator.
    // Per step and half, the eight entries' columns (entry >> CodeBits) gather x; a codebook of at most 32 entries is
    // looked up in registers (CodebookRegisters256 reads entry bits 0-4, the code), a larger one is gathered by the
    // masked code. Steps past FullSteps keep the sum of lanes whose row has ended (blend on length > step).
    private static unsafe void MultiplySlicesVector256(SlicedCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, int sliceBegin, int sliceEnd)
    {
        const int Half = SlicedCodeMatrix.SliceHeight / 2;
        Span<float> sums = stackalloc float[SlicedCodeMatrix.SliceHeight];
        var codeBits = a.CodeBits;
        var codeMask = Vector256.Create(a.CodeMask);
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
                        inRegisters ? registers.Lookup(entryLow) : Avx2.GatherVector256(codebook, Avx2.And(entryLow, codeMask), sizeof(float)),
                        Avx2.GatherVector256(xs, Vector256.ShiftRightLogical(entryLow, codeBits), sizeof(float)),
                        accLow);
                    var sumHigh = Fma.MultiplyAdd(
                        inRegisters ? registers.Lookup(entryHigh) : Avx2.GatherVector256(codebook, Avx2.And(entryHigh, codeMask), sizeof(float)),
                        Avx2.GatherVector256(xs, Vector256.ShiftRightLogical(entryHigh, codeBits), sizeof(float)),
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
                StoreSlice(a, s, sums, y, yOffset);
            }
        }
    }
}
