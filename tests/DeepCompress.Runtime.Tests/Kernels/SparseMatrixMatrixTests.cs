using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class SparseMatrixMatrixTests
{
    [Theory]
    [MemberData(nameof(KernelTestData.PathsAndAwkwardLengths), MemberType = typeof(KernelTestData))]
    public void MatchesDoubleOracleAtAwkwardBatchWidths(KernelPath path, int n)
    {
        var random = new Random(99 + n);
        const int columns = 130;
        int[] lengths = [0, 1, 7, 8, 9, 17, 64, 65, 130];
        var tensor = KernelTestData.RandomSparse(random, lengths, columns, n % 2 == 0 ? 16 : 300);
        var matrix = KernelTestData.Matrix(tensor);
        var b = KernelTestData.RandomVector(random, 5 + columns * n);
        // Rows 2..7 only, into C at offset 4: exercises the row range and both offsets.
        const int rowBegin = 2, rowEnd = 8;
        var c = new float[4 + (rowEnd - rowBegin) * n];

        SparseMatrixMatrix.Multiply(matrix, rowBegin, rowEnd, b, 5, n, c, 4, path, threads: 1);

        var dense = tensor.ToDense();
        for (var r = rowBegin; r < rowEnd; r++)
        {
            for (var t = 0; t < n; t++)
            {
                double exact = 0, magnitudes = 0;
                for (var k = 0; k < columns; k++)
                {
                    var product = (double)dense[r * columns + k] * b[5 + k * n + t];
                    exact += product;
                    magnitudes += Math.Abs(product);
                }

                KernelTestData.AssertClose(exact, magnitudes, lengths[r], c[4 + (r - rowBegin) * n + t], $"{path} row {r} column {t}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void ResultsAreBitIdenticalAcrossThreadCountsAndPaths(KernelPath path)
    {
        var random = new Random(5);
        var lengths = Enumerable.Range(0, 300).Select(_ => random.Next(0, 40)).ToArray();
        var matrix = KernelTestData.Matrix(KernelTestData.RandomSparse(random, lengths, 120, 32));
        const int n = 77;
        var b = KernelTestData.RandomVector(random, 120 * n);
        var scalar = new float[300 * n];
        SparseMatrixMatrix.Multiply(matrix, 0, 300, b, 0, n, scalar, 0, KernelPath.Scalar, threads: 1);
        foreach (var threads in new[] { 1, 2, 3 })
        {
            var result = new float[300 * n];
            SparseMatrixMatrix.Multiply(matrix, 0, 300, b, 0, n, result, 0, path, threads);
            // Every path adds the same products in the same order per element, so even scalar and SIMD agree bit for bit.
            Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), result.Select(BitConverter.SingleToInt32Bits));
        }
    }
}
