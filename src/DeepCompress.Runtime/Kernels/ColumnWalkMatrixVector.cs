using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// y = A x at batch 1 by columns, skipping the columns whose x is zero (EIE, Han et al. 2016): for each nonzero
/// x[c] in ascending c, y[row] += codebook[code] x[c] over column c's entries, one fused multiply-add each. A row's
/// sum therefore adds its products from 0 in ascending column order, as the sliced kernel does, only without the
/// zero x[c]: a sum that starts at +0 never becomes -0, and adding a +-0 product leaves any other value as it is, so
/// the two kernels give the same bits (unless a weight is infinite or NaN: times a zero x the sliced kernel makes it
/// NaN, the walk skips it). One thread, so the bits never depend on the thread count. Scalar only (no vector form was
/// tried): every entry updates a different y element.
/// </summary>
internal static class ColumnWalkMatrixVector
{
    /// <summary>
    /// Fraction of the layer's nonzeros below which the walk, visiting that many, beats the sliced kernel. Measured by
    /// ColumnWalkBenchmarks (docs/benchmarks.md, "Kernels") on a LeNet-300-100 fc1-sized layer with random weights,
    /// where the fraction visited is x's density: the walk took 0.78-0.81x the sliced kernel's time at 30%, 0.92x at
    /// 35% and 1.02-1.27x at 40% (two runs). The trained LeNet's fc1 on the first MNIST test image visits 34.9% of its
    /// weights, and walking it made the whole model slower (6.4-6.7 us against 6.1 us unwalked, same load), so the
    /// limit keeps to 30%.
    /// </summary>
    public const double MaxVisitedFraction = 0.30;

    /// <summary>Whether visiting <paramref name="visited"/> of a layer's <paramref name="nonZeros"/> entries is few enough to walk.</summary>
    public static bool Chooses(int visited, int nonZeros) => visited < MaxVisitedFraction * nonZeros;

    /// <summary>
    /// y[yOffset + r] = sum over nonzero x[xOffset + c] of A[r, c] x[xOffset + c]; with <paramref name="epilogue"/>,
    /// y[yOffset + r] = epilogue(that sum, r).
    /// </summary>
    public static void Multiply(ColumnCodeMatrix a, float[] x, int xOffset, float[] y, int yOffset, BiasActivation? epilogue = null)
    {
        if (xOffset < 0 || x.Length - xOffset < a.Columns || yOffset < 0 || y.Length - yOffset < a.Rows)
        {
            throw new ArgumentException($"vectors too short for a {a.Rows} x {a.Columns} matrix");
        }

        var sums = y.AsSpan(yOffset, a.Rows);
        sums.Clear();
        // Unchecked reads: every row is below Rows and every code below the codebook's length, as the column form
        // was built from a validated matrix; a bounds check per entry costs the walk about a quarter of its time.
        ref var entries = ref MemoryMarshal.GetArrayDataReference(a.Entries);
        ref var codebook = ref MemoryMarshal.GetArrayDataReference(a.Codebook);
        ref var sum0 = ref MemoryMarshal.GetReference(sums);
        var columnStart = a.ColumnStart;
        var rowMask = (1u << a.RowBits) - 1;
        var rowBits = a.RowBits;
        for (var c = 0; c < a.Columns; c++)
        {
            var xc = x[xOffset + c];
            if (xc == 0f)
            {
                continue;
            }

            for (var j = columnStart[c]; j < columnStart[c + 1]; j++)
            {
                var entry = (uint)Unsafe.Add(ref entries, j);
                ref var sum = ref Unsafe.Add(ref sum0, (nuint)(entry & rowMask));
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref codebook, (nuint)(entry >> rowBits)), xc, sum);
            }
        }

        if (epilogue is not null)
        {
            for (var r = 0; r < sums.Length; r++)
            {
                sums[r] = epilogue.Apply(sums[r], r);
            }
        }
    }
}
