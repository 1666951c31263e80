using DeepCompress.Core;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class TiledRowGroupingTests
{
    [Fact]
    public void RowsInTheSameColumnsShareASliceAndTheProductStaysExact()
    {
        // 32 rows of 8 nonzeros, even rows in columns 0-7, odd rows in columns 200-207. By length (index order) both
        // slices mix the bands: 8 steps in each band, 16 per slice, 32 in all. Grouped by median column, each slice
        // holds one band: 8 steps each.
        const int rows = 32;
        const int columns = 300;
        var positions = Enumerable.Range(0, rows)
            .SelectMany(r => Enumerable.Range(0, 8).Select(c => (r * columns) + (r % 2 == 0 ? c : 200 + c)))
            .ToArray();
        var codes = positions.Select((_, i) => (ushort)(i % 4)).ToArray();
        var tensor = new SparseQuantizedTensor([rows, columns], [0.5f, -1.25f, 2f, 3.5f], positions, codes);
        var matrix = KernelTestData.Matrix(tensor);
        var byLength = TiledRowGrouping.CandidateOrders(matrix).First();

        var tiled = TiledCodeMatrix.FromCodeMatrix(matrix)!;

        Assert.Equal(32, TiledCodeMatrix.FromCodeMatrix(matrix, byLength)!.StepCount);
        Assert.Equal(16, tiled.StepCount);
        Assert.All(tiled.RowOfLane.Take(16), row => Assert.Equal(tiled.RowOfLane[0] % 2, row % 2));
        var x = KernelTestData.RandomVector(new Random(5), columns);
        var y = new float[rows];
        TiledMatrixVector.Multiply(tiled, x, 0, y, 0, KernelPath.Scalar, threads: 1);
        KernelTestData.AssertMatchesOracle(tensor, x, 0, y, 0, [.. Enumerable.Repeat(8, rows)], "regrouped");
    }

    [Fact]
    public void TheLayoutIsTheSameForTheSameMatrixAndNeverHasMoreStepsThanLengthOrder()
    {
        var random = new Random(31);
        var lengths = Enumerable.Range(0, 300).Select(_ => random.Next(0, 120)).ToArray();
        var matrix = KernelTestData.Matrix(KernelTestData.RandomSparse(random, lengths, 784, 64));
        var byLength = TiledRowGrouping.CandidateOrders(matrix).First();

        var first = TiledCodeMatrix.FromCodeMatrix(matrix)!;
        var second = TiledCodeMatrix.FromCodeMatrix(matrix)!;

        Assert.Equal(first.RowOfLane, second.RowOfLane);
        Assert.Equal(first.StepStart, second.StepStart);
        Assert.Equal(Used(first.TileColumns, first.ColumnStart, first), Used(second.TileColumns, second.ColumnStart, second));
        Assert.Equal(Used(first.Weights, first.WeightStart, first), Used(second.Weights, second.WeightStart, second));
        Assert.True(first.StepCount <= TiledCodeMatrix.FromCodeMatrix(matrix, byLength)!.StepCount);
        Assert.Equal(Enumerable.Range(0, matrix.Rows), first.RowOfLane.Where(row => row >= 0).Order());
    }

    [Fact]
    public unsafe void TheStepArraysStartOnACacheLine()
    {
        // Measured: on LeNet's fc1 a layout whose weights started off a cache line took 1.2-1.3x the time (every
        // 64-byte load of a step split two lines). Several matrices, so that the allocator's offsets vary.
        var random = new Random(9);
        for (var i = 0; i < 8; i++)
        {
            var lengths = Enumerable.Range(0, 40 + i).Select(_ => random.Next(0, 50)).ToArray();
            var matrix = TiledCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(KernelTestData.RandomSparse(random, lengths, 300, 16)))!;
            fixed (float* weights = matrix.Weights)
            fixed (byte* columns = matrix.TileColumns)
            {
                Assert.Equal(0, (long)(weights + matrix.WeightStart) % TiledCodeMatrix.CacheLine);
                Assert.Equal(0, (long)(columns + matrix.ColumnStart) % TiledCodeMatrix.CacheLine);
            }
        }
    }

    /// <summary>The elements of a per-step array in use: 16 per step (a weight or a column per lane) from its start.</summary>
    private static T[] Used<T>(T[] array, int start, TiledCodeMatrix matrix) =>
        array.AsSpan(start, matrix.StepCount * SlicedCodeMatrix.SliceHeight).ToArray();
}
