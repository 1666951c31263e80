using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SlicedMatrixVector
{
    private static unsafe void MultiplySlicesVector512(SlicedCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, int sliceBegin, int sliceEnd)
    {
        fixed (float* xBase = x, codebook = a.Codebook)
        {
            var xs = xBase + xOffset;
            if (a.CodebookSize <= TwoRegisterLookup512.Capacity)
            {
                MultiplySlicesVector512(new TwoRegisterLookup512(codebook), a, xs, y, yOffset, sliceBegin, sliceEnd);
            }
            else if (a.CodebookSize <= FourRegisterLookup512.Capacity)
            {
                MultiplySlicesVector512(new FourRegisterLookup512(codebook), a, xs, y, yOffset, sliceBegin, sliceEnd);
            }
            else
            {
                MultiplySlicesVector512(new GatheredLookup512(codebook, a.CodeMask), a, xs, y, yOffset, sliceBegin, sliceEnd);
            }
        }
    }

    // AVX-512 path: one slice at a time, lane l of the accumulator summing the row of lane l. Each step loads the 16
    // entries of that step (one per row) and looks their codes up with TLookup. x is read with 16 scalar loads
    // assembled into a vector: .NET 10 has no 512-bit gather, and on the AMD EPYC this was developed on the loads
    // measured faster than two 256-bit gathers (docs/benchmarks.md, "Kernels"). The first FullSteps steps have all
    // 16 lanes busy; in the rest, lanes whose row has ended keep their sum (their entries are 0, a valid column,
    // read and discarded).
    private static unsafe void MultiplySlicesVector512<TLookup>(TLookup lookup, SlicedCodeMatrix a, float* xs, float[] y, int yOffset, int sliceBegin, int sliceEnd)
        where TLookup : struct, ICodebookLookup512
    {
        var codeBits = a.CodeBits;
        var sums = new float[SlicedCodeMatrix.SliceHeight];
        fixed (int* entryBase = a.Entries, laneLength = a.LaneLength)
        {
            for (var s = sliceBegin; s < sliceEnd; s++)
            {
                var step = entryBase + a.SliceStart[s];
                var acc = Vector512<float>.Zero;
                var k = 0;
                for (var fullSteps = a.FullSteps[s]; k < fullSteps; k++, step += SlicedCodeMatrix.SliceHeight)
                {
                    acc = Vector512.FusedMultiplyAdd(lookup.Lookup(Vector512.Load(step)), LoadX512(xs, step, codeBits), acc);
                }

                var lengths = Vector512.Load(laneLength + s * SlicedCodeMatrix.SliceHeight);
                for (var steps = a.Steps(s); k < steps; k++, step += SlicedCodeMatrix.SliceHeight)
                {
                    var sum = Vector512.FusedMultiplyAdd(lookup.Lookup(Vector512.Load(step)), LoadX512(xs, step, codeBits), acc);
                    acc = Vector512.ConditionalSelect(Vector512.GreaterThan(lengths, Vector512.Create(k)).AsSingle(), sum, acc);
                }

                acc.CopyTo(sums);
                StoreSlice(a, s, sums, y, yOffset);
            }
        }
    }

    /// <summary>x at the columns of 16 entries, lane l from entry l.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> LoadX512(float* xs, int* entry, int codeBits) =>
        Vector512.Create(
            Vector256.Create(
                Vector128.Create(xs[entry[0] >> codeBits], xs[entry[1] >> codeBits], xs[entry[2] >> codeBits], xs[entry[3] >> codeBits]),
                Vector128.Create(xs[entry[4] >> codeBits], xs[entry[5] >> codeBits], xs[entry[6] >> codeBits], xs[entry[7] >> codeBits])),
            Vector256.Create(
                Vector128.Create(xs[entry[8] >> codeBits], xs[entry[9] >> codeBits], xs[entry[10] >> codeBits], xs[entry[11] >> codeBits]),
                Vector128.Create(xs[entry[12] >> codeBits], xs[entry[13] >> codeBits], xs[entry[14] >> codeBits], xs[entry[15] >> codeBits])));
}
