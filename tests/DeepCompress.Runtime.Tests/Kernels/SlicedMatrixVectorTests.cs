using DeepCompress.Core;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class SlicedMatrixVectorTests
{
    public static TheoryData<KernelPath, int> PathsAndCodebookSizes()
    {
        var data = new TheoryData<KernelPath, int>();
        foreach (var path in KernelDispatch.Supported)
        {
            // 32 and 64 are the 512-bit path's two- and four-register tables (31/33 and 63/65 their edges), 32 the
            // 256-bit path's; 256 and 300 are gathered, 300 with 16-bit codes (9 code bits).
            foreach (var size in new[] { 1, 31, 32, 33, 64, 65, 256, 300 })
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
        var random = new Random(4321 + codebookSize);
        const int columns = 1500;
        // The awkward lengths, then nine more rows: 21 rows make one full slice and one of five rows.
        int[] lengths = [.. KernelTestData.AwkwardLengths, .. Enumerable.Range(0, 9).Select(_ => random.Next(0, 200))];
        var tensor = KernelTestData.RandomSparse(random, lengths, columns, codebookSize);
        var matrix = Sliced(tensor);
        var x = KernelTestData.RandomVector(random, columns + 3);
        var y = new float[matrix.Rows + 2];
        Array.Fill(y, float.NaN);

        SlicedMatrixVector.Multiply(matrix, x, 3, y, 2, path, threads: 1);

        KernelTestData.AssertMatchesOracle(tensor, x, 3, y, 2, lengths, path.ToString());

        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[1]), "wrote before the output offset");
    }

    [Theory]
    [MemberData(nameof(PathsAndCodebookSizes))]
    public void EveryPathIsBitIdenticalToTheScalarTwin(KernelPath path, int codebookSize)
    {
        // Every path adds a row's products in nonzero order with one fused multiply-add each, so they agree exactly;
        // past GroupedSlicesMinColumns the 512-bit path takes slices four at a time (75 rows: one group, one alone).
        var random = new Random(99 + codebookSize);
        foreach (var columns in new[] { 700, SlicedMatrixVector.GroupedSlicesMinColumns + 1 })
        {
            var lengths = Enumerable.Range(0, 75).Select(_ => random.Next(0, 130)).ToArray();
            var matrix = Sliced(KernelTestData.RandomSparse(random, lengths, columns, codebookSize));
            var x = KernelTestData.RandomVector(random, columns);
            var scalar = new float[matrix.Rows];
            var vector = new float[matrix.Rows];

            SlicedMatrixVector.Multiply(matrix, x, 0, scalar, 0, KernelPath.Scalar, threads: 1);
            SlicedMatrixVector.Multiply(matrix, x, 0, vector, 0, path, threads: 1);

            Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), vector.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void EpilogueInTheStoreGivesTheBitsOfBiasAndReluAfterwards(KernelPath path)
    {
        var random = new Random(31);
        var lengths = Enumerable.Range(0, 37).Select(_ => random.Next(0, 120)).ToArray();
        var matrix = Sliced(KernelTestData.RandomSparse(random, lengths, 500, 64));
        var x = KernelTestData.RandomVector(random, 500);
        var bias = KernelTestData.RandomVector(random, matrix.Rows);
        foreach (var relu in new[] { false, true })
        {
            var epilogue = new BiasActivation(bias, relu);
            var plain = new float[matrix.Rows];
            SlicedMatrixVector.Multiply(matrix, x, 0, plain, 0, path, threads: 1);
            var expected = plain.Select((v, row) => relu ? Math.Max(0f, v + bias[row]) : v + bias[row]);
            var fused = new float[matrix.Rows + 1];
            SlicedMatrixVector.Multiply(matrix, x, 0, fused, 1, path, threads: 2, epilogue);

            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), fused.Skip(1).Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(relu, fused.Skip(1).Count(v => v == 0f) > 0);
        }
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void ResultsAreBitIdenticalAcrossThreadCounts(KernelPath path)
    {
        var random = new Random(78);
        var lengths = Enumerable.Range(0, 700).Select(_ => random.Next(0, 90)).ToArray();
        var matrix = Sliced(KernelTestData.RandomSparse(random, lengths, 400, 32));
        var x = KernelTestData.RandomVector(random, 400);
        var single = new float[matrix.Rows];
        SlicedMatrixVector.Multiply(matrix, x, 0, single, 0, path, threads: 1);
        foreach (var threads in new[] { 2, 3, 8 })
        {
            var parallel = new float[matrix.Rows];
            SlicedMatrixVector.Multiply(matrix, x, 0, parallel, 0, path, threads);
            Assert.Equal(single.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void SlicesHoldEveryRowOnceLongestFirst()
    {
        var random = new Random(5);
        var lengths = Enumerable.Range(0, 37).Select(_ => random.Next(0, 40)).ToArray();
        var matrix = Sliced(KernelTestData.RandomSparse(random, lengths, 90, 32));

        Assert.Equal(3, matrix.SliceCount);
        Assert.Equal(Enumerable.Range(0, 37), matrix.RowOfLane.Where(r => r >= 0).Order());
        Assert.Equal(lengths.OrderDescending().Concat(Enumerable.Repeat(0, 11)), matrix.LaneLength);
        for (var s = 0; s < matrix.SliceCount; s++)
        {
            Assert.Equal(matrix.LaneLength[s * SlicedCodeMatrix.SliceHeight], matrix.Steps(s));
            Assert.Equal(matrix.LaneLength[(s * SlicedCodeMatrix.SliceHeight) + SlicedCodeMatrix.SliceHeight - 1], matrix.FullSteps[s]);
        }
    }

    [Fact]
    public void ColumnsThatDoNotFitBesideTheCodeKeepTheRowLayout()
    {
        // 40,000 codes need 16 bits, leaving 16 for the column: 2^16 columns at most.
        var codebook = Enumerable.Range(0, 40_000).Select(i => i * 1e-4f).ToArray();
        var wide = new SparseQuantizedTensor([2, 65_537], codebook, [5, 65_536, 65_537 + 100], [39_999, 7, 12]);
        var narrow = new SparseQuantizedTensor([2, 65_536], codebook, [5, 65_535, 65_536 + 100], [39_999, 7, 12]);

        Assert.Null(SlicedCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(wide)));
        Assert.NotNull(SlicedCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(narrow)));
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void EntriesWithTheTopBitSetAndWideColumnsMatchTheOracle(KernelPath path)
    {
        // 16-bit codes above 32,767 beside 16-bit columns set an entry's sign bit (shifts must be unsigned); 70,000
        // columns need the 17-bit column field, read with a mask instead of a 2-byte load.
        var random = new Random(17);
        foreach (var (columns, codebookSize) in new[] { (65_536, 40_000), (70_000, 32_000) })
        {
            int[] lengths = [.. KernelTestData.AwkwardLengths];
            var tensor = KernelTestData.RandomSparse(random, lengths, columns, codebookSize);
            var matrix = Sliced(tensor);
            Assert.Equal(columns == 65_536, matrix.ShortColumns);
            var x = KernelTestData.RandomVector(random, columns);
            var y = new float[matrix.Rows];

            SlicedMatrixVector.Multiply(matrix, x, 0, y, 0, path, threads: 1);

            KernelTestData.AssertMatchesOracle(tensor, x, 0, y, 0, lengths, $"{path}, {columns} columns");
        }
    }

    private static SlicedCodeMatrix Sliced(SparseQuantizedTensor tensor) => SlicedCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(tensor))!;
}
