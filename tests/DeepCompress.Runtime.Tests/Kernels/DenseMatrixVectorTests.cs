using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class DenseMatrixVectorTests
{
    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void MatchesDoubleOracleAtAwkwardLengths(KernelPath path)
    {
        var random = new Random(8);
        foreach (var columns in KernelTestData.AwkwardLengths)
        {
            const int rows = 5;
            var w = KernelTestData.RandomVector(random, rows * columns);
            var x = KernelTestData.RandomVector(random, columns);
            var y = new float[rows];
            DenseMatrixVector.Multiply(w, rows, columns, x, y, path, threads: 1);
            for (var r = 0; r < rows; r++)
            {
                double exact = 0, magnitudes = 0;
                for (var c = 0; c < columns; c++)
                {
                    var product = (double)w[r * columns + c] * x[c];
                    exact += product;
                    magnitudes += Math.Abs(product);
                }

                KernelTestData.AssertClose(exact, magnitudes, columns, y[r], $"{path} row {r} of {columns} columns");
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void ResultsAreBitIdenticalAcrossThreadCounts(KernelPath path)
    {
        var random = new Random(9);
        const int rows = 333, columns = 517;
        var w = KernelTestData.RandomVector(random, rows * columns);
        var x = KernelTestData.RandomVector(random, columns);
        var single = new float[rows];
        DenseMatrixVector.Multiply(w, rows, columns, x, single, path, threads: 1);
        foreach (var threads in new[] { 2, 3 })
        {
            var parallel = new float[rows];
            DenseMatrixVector.Multiply(w, rows, columns, x, parallel, path, threads);
            Assert.Equal(single.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
        }
    }
}
