using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class SparseMatrixVectorTests
{
    public static TheoryData<KernelPath, int> PathsAndCodebookSizes()
    {
        var data = new TheoryData<KernelPath, int>();
        foreach (var path in KernelDispatch.Supported)
        {
            // 32 fits the 512-bit register table, 33 and 256 need gathers with byte codes, 300 needs 16-bit codes.
            foreach (var size in new[] { 1, 32, 33, 256, 300 })
            {
                data.Add(path, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndCodebookSizes))]
    public void MatchesDoubleOracleAtAwkwardRowLengths(KernelPath path, int codebookSize)
    {
        var random = new Random(1234 + codebookSize);
        const int columns = 1500;
        var tensor = KernelTestData.RandomSparse(random, KernelTestData.AwkwardLengths, columns, codebookSize);
        var matrix = KernelTestData.Matrix(tensor);
        var x = KernelTestData.RandomVector(random, columns + 3);
        var y = new float[matrix.Rows + 2];
        Array.Fill(y, float.NaN);

        SparseMatrixVector.Multiply(matrix, x, 3, y, 2, path, threads: 1);

        KernelTestData.AssertMatchesOracle(tensor, x, 3, y, 2, KernelTestData.AwkwardLengths, path.ToString());

        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[1]), "wrote before the output offset");
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void ResultsAreBitIdenticalAcrossThreadCounts(KernelPath path)
    {
        var random = new Random(77);
        var lengths = Enumerable.Range(0, 700).Select(_ => random.Next(0, 90)).ToArray();
        var matrix = KernelTestData.Matrix(KernelTestData.RandomSparse(random, lengths, 400, 32));
        var x = KernelTestData.RandomVector(random, 400);
        var single = new float[matrix.Rows];
        SparseMatrixVector.Multiply(matrix, x, 0, single, 0, path, threads: 1);
        foreach (var threads in new[] { 2, 3, 8 })
        {
            var parallel = new float[matrix.Rows];
            SparseMatrixVector.Multiply(matrix, x, 0, parallel, 0, path, threads);
            Assert.Equal(single.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
        }
    }
}
