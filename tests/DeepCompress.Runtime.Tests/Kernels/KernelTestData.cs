using DeepCompress.Core;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

/// <summary>Seeded operands and the double-precision oracle the kernel tests compare against.</summary>
internal static class KernelTestData
{
    /// <summary>Lengths around every vector width and its remainders.</summary>
    public static readonly int[] AwkwardLengths = [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1023];

    /// <summary>Single-precision unit roundoff doubled, so the bound also covers the final rounding of a sum.</summary>
    private const double Epsilon = 1.0 / (1 << 23);

    public static TheoryData<KernelPath> SupportedPaths()
    {
        var data = new TheoryData<KernelPath>();
        foreach (var path in KernelDispatch.Supported)
        {
            data.Add(path);
        }

        return data;
    }

    /// <summary>Every supported path paired with every awkward length.</summary>
    public static TheoryData<KernelPath, int> PathsAndAwkwardLengths()
    {
        var data = new TheoryData<KernelPath, int>();
        foreach (var path in KernelDispatch.Supported)
        {
            foreach (var length in AwkwardLengths)
            {
                data.Add(path, length);
            }
        }

        return data;
    }

    public static float[] RandomVector(Random random, int length)
    {
        var v = new float[length];
        for (var i = 0; i < length; i++)
        {
            v[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return v;
    }

    /// <summary>
    /// A rows x columns compressed matrix whose row r has exactly rowLengths[r] nonzeros (at random columns) drawn
    /// from a codebook of <paramref name="codebookSize"/> values.
    /// </summary>
    public static SparseQuantizedTensor RandomSparse(Random random, int[] rowLengths, int columns, int codebookSize)
    {
        var codebook = new float[codebookSize];
        for (var c = 0; c < codebookSize; c++)
        {
            codebook[c] = (float)(random.NextDouble() * 2 - 1);
        }

        var positions = new List<int>();
        var codes = new List<ushort>();
        for (var r = 0; r < rowLengths.Length; r++)
        {
            var chosen = Enumerable.Range(0, columns).OrderBy(_ => random.Next()).Take(rowLengths[r]).Order();
            foreach (var column in chosen)
            {
                positions.Add(r * columns + column);
                codes.Add((ushort)random.Next(codebookSize));
            }
        }

        return new SparseQuantizedTensor([rowLengths.Length, columns], codebook, positions.ToArray(), codes.ToArray());
    }

    /// <summary>Asserts |actual - sum| &lt;= (terms + 1) eps sum|products| for one output element.</summary>
    public static void AssertClose(double exact, double sumOfMagnitudes, int terms, float actual, string where)
    {
        var tolerance = (terms + 1) * Epsilon * sumOfMagnitudes;
        Assert.True(Math.Abs(actual - exact) <= tolerance, $"{where}: got {actual:R}, oracle {exact:R}, tolerance {tolerance:E3}");
    }

    /// <summary>
    /// Checks y[yOffset + r] against the double-precision product of row r of <paramref name="tensor"/> with
    /// x[xOffset..], for every row, each within <see cref="AssertClose"/>'s tolerance for its row length.
    /// </summary>
    public static void AssertMatchesOracle(SparseQuantizedTensor tensor, float[] x, int xOffset, float[] y, int yOffset, int[] rowLengths, string path)
    {
        var rows = tensor.Shape[0];
        var columns = tensor.Shape[1];
        var dense = tensor.ToDense();
        for (var r = 0; r < rows; r++)
        {
            double exact = 0, magnitudes = 0;
            for (var c = 0; c < columns; c++)
            {
                var product = (double)dense[r * columns + c] * x[xOffset + c];
                exact += product;
                magnitudes += Math.Abs(product);
            }

            AssertClose(exact, magnitudes, rowLengths[r], y[yOffset + r], $"{path} row {r} ({rowLengths[r]} nonzeros)");
        }
    }

    public static SparseCodeMatrix Matrix(SparseQuantizedTensor t) => SparseCodeMatrix.FromTensor(t, t.Shape[0], t.Shape[1], false, "test matrix");
}
