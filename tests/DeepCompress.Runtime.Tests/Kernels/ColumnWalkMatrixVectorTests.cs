using DeepCompress.Core;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class ColumnWalkMatrixVectorTests
{
    /// <summary>Input densities from all-zero x to fully dense x, with MNIST's (~19% nonzero pixels) between.</summary>
    public static TheoryData<double> Densities() => [0.0, 0.01, 0.19, 0.5, 0.9, 1.0];

    [Theory]
    [MemberData(nameof(Densities))]
    public void MatchesDoubleOracleAtAwkwardRowLengths(double density)
    {
        var random = new Random(2016 + (int)(density * 100));
        const int columns = 1500;
        int[] lengths = [.. KernelTestData.AwkwardLengths, .. Enumerable.Range(0, 9).Select(_ => random.Next(0, 200))];
        var tensor = KernelTestData.RandomSparse(random, lengths, columns, 32);
        var x = SparseVector(random, columns + 3, density);
        var y = new float[lengths.Length + 2];
        Array.Fill(y, float.NaN);

        ColumnWalkMatrixVector.Multiply(Columns(tensor), x, 3, y, 2);

        KernelTestData.AssertMatchesOracle(tensor, x, 3, y, 2, lengths, $"column walk at density {density}");
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[1]), "wrote before the output offset");
    }

    [Theory]
    [MemberData(nameof(Densities))]
    public void MatchesDoubleOracleAtAwkwardColumnCounts(double density)
    {
        foreach (var columns in KernelTestData.AwkwardLengths.Where(c => c > 0))
        {
            var random = new Random(columns);
            var lengths = Enumerable.Range(0, 23).Select(_ => random.Next(0, columns + 1)).ToArray();
            var tensor = KernelTestData.RandomSparse(random, lengths, columns, 64);
            var x = SparseVector(random, columns, density);
            var y = new float[lengths.Length];

            ColumnWalkMatrixVector.Multiply(Columns(tensor), x, 0, y, 0);

            KernelTestData.AssertMatchesOracle(tensor, x, 0, y, 0, lengths, $"column walk, {columns} columns, density {density}");
        }
    }

    [Theory]
    [MemberData(nameof(Densities))]
    public void GivesTheBitsOfTheSlicedScalarTwinWithItsEpilogue(double density)
    {
        // Both add a row's products from 0 in ascending column order with one fused multiply-add each; the walk
        // leaves out the +-0 products of zero inputs, which change no sum.
        var random = new Random(77);
        var lengths = Enumerable.Range(0, 75).Select(_ => random.Next(0, 130)).ToArray();
        var matrix = KernelTestData.Matrix(KernelTestData.RandomSparse(random, lengths, 700, 32));
        var x = SparseVector(random, 700, density);
        var bias = KernelTestData.RandomVector(random, lengths.Length);
        foreach (var epilogue in new[] { null, new BiasActivation(bias, relu: false), new BiasActivation(bias, relu: true) })
        {
            var sliced = new float[lengths.Length];
            var walked = new float[lengths.Length];
            Array.Fill(walked, float.NaN);

            SlicedMatrixVector.Multiply(SlicedCodeMatrix.FromCodeMatrix(matrix)!, x, 0, sliced, 0, KernelPath.Scalar, threads: 1, epilogue);
            ColumnWalkMatrixVector.Multiply(ColumnCodeMatrix.FromCodeMatrix(matrix)!, x, 0, walked, 0, epilogue);

            Assert.Equal(sliced.Select(BitConverter.SingleToInt32Bits), walked.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void AllZeroInputGivesTheBiasThroughTheEpilogue()
    {
        var random = new Random(3);
        var lengths = Enumerable.Range(0, 40).Select(_ => random.Next(0, 50)).ToArray();
        var matrix = Columns(KernelTestData.RandomSparse(random, lengths, 60, 16));
        var bias = KernelTestData.RandomVector(random, lengths.Length);
        var y = new float[lengths.Length];

        ColumnWalkMatrixVector.Multiply(matrix, new float[60], 0, y, 0, new BiasActivation(bias, relu: true));

        Assert.Equal(bias.Select(b => Math.Max(0f, b)), y);
    }

    [Fact]
    public void ColumnsHoldEveryNonZeroWithRowsAscending()
    {
        var random = new Random(5);
        var lengths = Enumerable.Range(0, 37).Select(_ => random.Next(0, 40)).ToArray();
        var tensor = KernelTestData.RandomSparse(random, lengths, 90, 300);
        var matrix = Columns(tensor);
        var dense = tensor.ToDense();

        Assert.Equal(lengths.Sum(), matrix.Entries.Length);
        for (var c = 0; c < matrix.Columns; c++)
        {
            var rows = Enumerable.Range(matrix.ColumnStart[c], matrix.ColumnStart[c + 1] - matrix.ColumnStart[c]).Select(j => matrix.Row(matrix.Entries[j])).ToArray();
            Assert.Equal(rows.Order(), rows);
            Assert.Equal(Enumerable.Range(0, 37).Where(r => dense[r * 90 + c] != 0f), rows);
            for (var j = matrix.ColumnStart[c]; j < matrix.ColumnStart[c + 1]; j++)
            {
                var entry = matrix.Entries[j];
                Assert.Equal(dense[matrix.Row(entry) * 90 + c], matrix.Codebook[matrix.Code(entry)]);
            }
        }
    }

    [Fact]
    public void LayersPastTheSizeLimitGetNoColumnForm()
    {
        const int rows = 2048, columns = 513;
        var positions = Enumerable.Range(0, ColumnCodeMatrix.MaxNonZeros + 1).ToArray();
        var within = new SparseQuantizedTensor([rows, columns], [0.5f], positions[..^1], new ushort[positions.Length - 1]);
        var past = new SparseQuantizedTensor([rows, columns], [0.5f], positions, new ushort[positions.Length]);

        Assert.NotNull(ColumnCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(within)));
        Assert.Null(ColumnCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(past)));
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void WalkedEntriesMatchAPlainSumAtAwkwardLengths(KernelPath path)
    {
        var random = new Random(11);
        foreach (var length in KernelTestData.AwkwardLengths)
        {
            // Zeros of both signs (-0 counts as zero) and NaN (counts as nonzero) among random values.
            var x = Enumerable.Range(0, length).Select(_ => random.Next(5) switch { 0 => 0f, 1 => -0f, 2 => float.NaN, _ => random.NextSingle() + 0.5f }).ToArray();
            var columnLengths = Enumerable.Range(0, length).Select(_ => (float)random.Next(0, 1000)).ToArray();
            var expected = Enumerable.Range(0, length).Where(i => x[i] != 0f).Sum(i => (int)columnLengths[i]);

            Assert.Equal(expected, WalkedEntries.Count(x, columnLengths, path));
        }
    }

    /// <summary>Each element nonzero with probability <paramref name="density"/> (exactly all or none at 1 and 0).</summary>
    internal static float[] SparseVector(Random random, int length, double density) =>
        Enumerable.Range(0, length).Select(_ => random.NextDouble() < density ? (float)(random.NextDouble() * 2 - 1) : 0f).ToArray();

    private static ColumnCodeMatrix Columns(SparseQuantizedTensor tensor) => ColumnCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(tensor))!;
}
