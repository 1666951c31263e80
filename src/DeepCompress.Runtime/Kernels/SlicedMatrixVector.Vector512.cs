using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SlicedMatrixVector
{
    private static unsafe void MultiplySlicesVector512(SlicedCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
    {
        fixed (float* xBase = x)
        {
            var xs = xBase + xOffset;
            if (a.ShortColumns)
            {
                MultiplySlicesVector512(default(ShortColumnLoad512), a, xs, y, yOffset, sliceBegin, sliceEnd, epilogue);
            }
            else
            {
                MultiplySlicesVector512(new MaskedColumnLoad512(a.ColumnMask), a, xs, y, yOffset, sliceBegin, sliceEnd, epilogue);
            }
        }
    }

    private static unsafe void MultiplySlicesVector512<TColumns>(TColumns columns, SlicedCodeMatrix a, float* xs, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
        where TColumns : struct, IColumnLoad512
    {
        fixed (float* codebook = a.Codebook)
        {
            if (a.CodebookSize <= TwoRegisterLookup512.Capacity)
            {
                MultiplySlicesVector512(new TwoRegisterLookup512(codebook), columns, a, xs, y, yOffset, sliceBegin, sliceEnd, epilogue);
            }
            else if (a.CodebookSize <= FourRegisterLookup512.Capacity)
            {
                MultiplySlicesVector512(new FourRegisterLookup512(codebook), columns, a, xs, y, yOffset, sliceBegin, sliceEnd, epilogue);
            }
            else
            {
                MultiplySlicesVector512(new GatheredLookup512(codebook), columns, a, xs, y, yOffset, sliceBegin, sliceEnd, epilogue);
            }
        }
    }

    // AVX-512 path: one slice at a time, lane l of the accumulator summing the row of lane l. Each step loads the 16
    // entries of that step (one per row), looks their codes (entries >>> ColumnBits) up with TLookup and reads x at
    // their columns with TColumns. The first FullSteps steps have all 16 lanes busy; in the rest, lanes whose row
    // has ended keep their sum (their entries are 0, a valid column, read and discarded).
    private static unsafe void MultiplySlicesVector512<TLookup, TColumns>(TLookup lookup, TColumns columns, SlicedCodeMatrix a, float* xs, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
        where TLookup : struct, ICodebookLookup512
        where TColumns : struct, IColumnLoad512
    {
        var columnBits = a.ColumnBits;
        Span<float> sums = stackalloc float[SlicedCodeMatrix.SliceHeight];
        fixed (int* entryBase = a.Entries, laneLength = a.LaneLength)
        {
            for (var s = sliceBegin; s < sliceEnd; s++)
            {
                var step = entryBase + a.SliceStart[s];
                var acc = Vector512<float>.Zero;
                var k = 0;
                for (var fullSteps = a.FullSteps[s]; k < fullSteps; k++, step += SlicedCodeMatrix.SliceHeight)
                {
                    var codes = Vector512.ShiftRightLogical(Vector512.Load(step), columnBits);
                    acc = Vector512.FusedMultiplyAdd(lookup.Lookup(codes), columns.Load(xs, step), acc);
                }

                var lengths = Vector512.Load(laneLength + s * SlicedCodeMatrix.SliceHeight);
                for (var steps = a.Steps(s); k < steps; k++, step += SlicedCodeMatrix.SliceHeight)
                {
                    var codes = Vector512.ShiftRightLogical(Vector512.Load(step), columnBits);
                    var sum = Vector512.FusedMultiplyAdd(lookup.Lookup(codes), columns.Load(xs, step), acc);
                    acc = Vector512.ConditionalSelect(Vector512.GreaterThan(lengths, Vector512.Create(k)).AsSingle(), sum, acc);
                }

                acc.CopyTo(sums);
                StoreSlice(a, s, sums, y, yOffset, epilogue);
            }
        }
    }
}
