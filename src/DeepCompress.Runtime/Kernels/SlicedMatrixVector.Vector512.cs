using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

internal static partial class SlicedMatrixVector
{
    /// <summary>
    /// Columns above which slices go four at a time: then x (4 bytes a column) outgrows a 32 KiB L1 data cache and
    /// its loads wait on L2. Measured on the development machine at two points only, so the crossing is bracketed,
    /// not located: 25,088 columns (fc6) 0.70x the time of one slice at a time, 784 columns (LeNet's fc1) 1.28x.
    /// </summary>
    public const int GroupedSlicesMinColumns = 32 * 1024 / sizeof(float);

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

    // AVX-512 path: lane l of a slice's accumulator sums the row of lane l. Each step loads the 16 entries of that
    // step (one per row), looks their codes (entries >>> ColumnBits) up with TLookup and reads x at their columns
    // with TColumns. When x is larger than L1 (GroupedSlicesMinColumns), slices go four at a time through the steps
    // all four have full (four independent accumulators, four sets of x loads in flight), then each finishes alone;
    // else one at a time. Every lane still adds its row's products in nonzero order, so the grouping changes no bits.
    // The two loops are separate methods: a method that passes the lookup on to a call that is not inlined keeps
    // it in memory, and the single-slice loop then reads the codebook from the stack each step (1.3x the time on
    // LeNet's fc1).
    private static unsafe void MultiplySlicesVector512<TLookup, TColumns>(TLookup lookup, TColumns columns, SlicedCodeMatrix a, float* xs, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
        where TLookup : struct, ICodebookLookup512
        where TColumns : struct, IColumnLoad512
    {
        fixed (int* entryBase = a.Entries)
        {
            if (a.Columns > GroupedSlicesMinColumns)
            {
                MultiplyGroupedSlices(lookup, columns, a, xs, entryBase, y, yOffset, sliceBegin, sliceEnd, epilogue);
            }
            else
            {
                MultiplySingleSlices(lookup, columns, a, xs, entryBase, y, yOffset, sliceBegin, sliceEnd, epilogue);
            }
        }
    }

    private static unsafe void MultiplySingleSlices<TLookup, TColumns>(TLookup lookup, TColumns columns, SlicedCodeMatrix a, float* xs, int* entryBase, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
        where TLookup : struct, ICodebookLookup512
        where TColumns : struct, IColumnLoad512
    {
        var sums = new float[SlicedCodeMatrix.SliceHeight];
        for (var s = sliceBegin; s < sliceEnd; s++)
        {
            FinishSlice(lookup, columns, a, xs, s, 0, entryBase + a.SliceStart[s], Vector512<float>.Zero).CopyTo(sums);
            StoreSlice(a, s, sums, y, yOffset, epilogue);
        }
    }

    /// <summary>Slices four at a time through the steps all four have full, then each alone; the last one to three alone.</summary>
    private static unsafe void MultiplyGroupedSlices<TLookup, TColumns>(TLookup lookup, TColumns columns, SlicedCodeMatrix a, float* xs, int* entryBase, float[] y, int yOffset, int sliceBegin, int sliceEnd, BiasActivation? epilogue)
        where TLookup : struct, ICodebookLookup512
        where TColumns : struct, IColumnLoad512
    {
        const int Height = SlicedCodeMatrix.SliceHeight;
        var columnBits = a.ColumnBits;
        var sums = new float[Height];
        var s = sliceBegin;
        for (; s + 4 <= sliceEnd; s += 4)
        {
            var step0 = entryBase + a.SliceStart[s];
            var step1 = entryBase + a.SliceStart[s + 1];
            var step2 = entryBase + a.SliceStart[s + 2];
            var step3 = entryBase + a.SliceStart[s + 3];
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            var acc2 = Vector512<float>.Zero;
            var acc3 = Vector512<float>.Zero;
            var common = Math.Min(Math.Min(a.FullSteps[s], a.FullSteps[s + 1]), Math.Min(a.FullSteps[s + 2], a.FullSteps[s + 3]));
            for (var k = 0; k < common; k++, step0 += Height, step1 += Height, step2 += Height, step3 += Height)
            {
                acc0 = Vector512.FusedMultiplyAdd(lookup.Lookup(Vector512.ShiftRightLogical(Vector512.Load(step0), columnBits)), columns.Load(xs, step0), acc0);
                acc1 = Vector512.FusedMultiplyAdd(lookup.Lookup(Vector512.ShiftRightLogical(Vector512.Load(step1), columnBits)), columns.Load(xs, step1), acc1);
                acc2 = Vector512.FusedMultiplyAdd(lookup.Lookup(Vector512.ShiftRightLogical(Vector512.Load(step2), columnBits)), columns.Load(xs, step2), acc2);
                acc3 = Vector512.FusedMultiplyAdd(lookup.Lookup(Vector512.ShiftRightLogical(Vector512.Load(step3), columnBits)), columns.Load(xs, step3), acc3);
            }

            FinishSlice(lookup, columns, a, xs, s, common, step0, acc0).CopyTo(sums);
            StoreSlice(a, s, sums, y, yOffset, epilogue);
            FinishSlice(lookup, columns, a, xs, s + 1, common, step1, acc1).CopyTo(sums);
            StoreSlice(a, s + 1, sums, y, yOffset, epilogue);
            FinishSlice(lookup, columns, a, xs, s + 2, common, step2, acc2).CopyTo(sums);
            StoreSlice(a, s + 2, sums, y, yOffset, epilogue);
            FinishSlice(lookup, columns, a, xs, s + 3, common, step3, acc3).CopyTo(sums);
            StoreSlice(a, s + 3, sums, y, yOffset, epilogue);
        }

        for (; s < sliceEnd; s++)
        {
            FinishSlice(lookup, columns, a, xs, s, 0, entryBase + a.SliceStart[s], Vector512<float>.Zero).CopyTo(sums);
            StoreSlice(a, s, sums, y, yOffset, epilogue);
        }
    }

    /// <summary>
    /// Slice <paramref name="slice"/> from step <paramref name="k"/> (its entries at <paramref name="step"/>) to its
    /// end: the rest of its full steps, then the steps in which lanes whose row has ended keep their sum (their
    /// entries are 0, a valid column, read and discarded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> FinishSlice<TLookup, TColumns>(TLookup lookup, TColumns columns, SlicedCodeMatrix a, float* xs, int slice, int k, int* step, Vector512<float> acc)
        where TLookup : struct, ICodebookLookup512
        where TColumns : struct, IColumnLoad512
    {
        var columnBits = a.ColumnBits;
        for (var fullSteps = a.FullSteps[slice]; k < fullSteps; k++, step += SlicedCodeMatrix.SliceHeight)
        {
            acc = Vector512.FusedMultiplyAdd(lookup.Lookup(Vector512.ShiftRightLogical(Vector512.Load(step), columnBits)), columns.Load(xs, step), acc);
        }

        var lengths = Vector512.Create(a.LaneLength.AsSpan(slice * SlicedCodeMatrix.SliceHeight, SlicedCodeMatrix.SliceHeight));
        for (var steps = a.Steps(slice); k < steps; k++, step += SlicedCodeMatrix.SliceHeight)
        {
            var sum = Vector512.FusedMultiplyAdd(lookup.Lookup(Vector512.ShiftRightLogical(Vector512.Load(step), columnBits)), columns.Load(xs, step), acc);
            acc = Vector512.ConditionalSelect(Vector512.GreaterThan(lengths, Vector512.Create(k)).AsSingle(), sum, acc);
        }

        return acc;
    }
}
