using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class DenseMatrixMatrixTests
{
    [Theory]
    [MemberData(nameof(KernelTestData.PathsAndAwkwardLengths), MemberType = typeof(KernelTestData))]
    public void MatchesDoubleOracleAtAwkwardSizes(KernelPath path, int n)
    {
        var random = new Random(3 + n);
        // 6 rows: one full tile of four and a partial tile of two; k and n both awkward.
        const int m = 6;
        var k = KernelTestData.AwkwardLengths[(Array.IndexOf(KernelTestData.AwkwardLengths, n) + 5) % KernelTestData.AwkwardLengths.Length];
        var a = KernelTestData.RandomVector(random, 1 + m * k);
        var b = KernelTestData.RandomVector(random, 2 + k * n);
        var c = new float[3 + m * n];

        DenseMatrixMatrix.Multiply(a, 1, b, 2, c, 3, m, k, n, path, threads: 1);

        for (var i = 0; i < m; i++)
        {
            for (var t = 0; t < n; t++)
            {
                double exact = 0, magnitudes = 0;
                for (var kk = 0; kk < k; kk++)
                {
                    var product = (double)a[1 + i * k + kk] * b[2 + kk * n + t];
                    exact += product;
                    magnitudes += Math.Abs(product);
                }

                KernelTestData.AssertClose(exact, magnitudes, k, c[3 + i * n + t], $"{path} [{i},{t}] of [{m}x{k}]x[{k}x{n}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void ResultsAreBitIdenticalAcrossThreadCountsAndPaths(KernelPath path)
    {
        var random = new Random(11);
        const int m = 37, k = 129, n = 601;
        var a = KernelTestData.RandomVector(random, m * k);
        var b = KernelTestData.RandomVector(random, k * n);
        var scalar = new float[m * n];
        DenseMatrixMatrix.Multiply(a, 0, b, 0, scalar, 0, m, k, n, KernelPath.Scalar, threads: 1);
        foreach (var threads in new[] { 1, 2, 5 })
        {
            var result = new float[m * n];
            DenseMatrixMatrix.Multiply(a, 0, b, 0, result, 0, m, k, n, path, threads);
            Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), result.Select(BitConverter.SingleToInt32Bits));
        }
    }
}
