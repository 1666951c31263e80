using DeepCompress.Core;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class TiledMatrixVectorTests
{
    /// <summary>The tiled kernel's paths this machine runs: its scalar twin, and the 512-bit path where supported.</summary>
    public static IEnumerable<KernelPath> Paths() =>
        KernelDispatch.IsSupported(KernelPath.Vector512) ? [KernelPath.Scalar, KernelPath.Vector512] : [KernelPath.Scalar];

    public static TheoryData<KernelPath, int> PathsAndCodebookSizes()
    {
        var data = new TheoryData<KernelPath, int>();
        foreach (var path in Paths())
        {
            // The layout holds each weight's value, so the codebook size only changes the values drawn: the sizes of
            // the other kernels' tests (2 to 256 entries).
            foreach (var size in new[] { 1, 2, 32, 33, 64, 256 })
            {
                data.Add(path, size);
            }
        }

        return data;
    }

    public static TheoryData<KernelPath> PathData()
    {
        var data = new TheoryData<KernelPath>();
        foreach (var path in Paths())
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndCodebookSizes))]
    public void MatchesDoubleOracleAtAwkwardShapes(KernelPath path, int codebookSize)
    {
        var random = new Random(8123 + codebookSize);
        // 1,500 columns is no multiple of 15 (tiles reach past the last column); 21 rows make a full slice and one of five; the awkward lengths
        // include empty rows and rows that fill most tiles.
        const int columns = 1500;
        int[] lengths = [.. KernelTestData.AwkwardLengths, .. Enumerable.Range(0, 9).Select(_ => random.Next(0, 200))];
        var tensor = KernelTestData.RandomSparse(random, lengths, columns, codebookSize);
        var matrix = Tiled(tensor);
        var x = KernelTestData.RandomVector(random, columns + 3);
        var y = new float[matrix.Rows + 2];
        Array.Fill(y, float.NaN);

        TiledMatrixVector.Multiply(matrix, x, 3, y, 2, path, threads: 1);

        KernelTestData.AssertMatchesOracle(tensor, x, 3, y, 2, lengths, path.ToString());
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[1]), "wrote before the output offset");
    }

    [Theory]
    [MemberData(nameof(PathData))]
    public void MatchesTheOracleAndTheScalarTwinsBitsAtEveryShape(KernelPath path)
    {
        // One column, a tile exactly full, one past it, empty tiles (rows confined to a band of columns), 1 to 75 rows;
        // the scalar twin adds every row in the same order (steps mod 4), so the paths agree bit for bit.
        var random = new Random(606);
        foreach (var (rows, columns, band) in new[] { (1, 1, 1), (17, 1, 1), (16, 15, 15), (20, 16, 16), (16, 31, 31), (33, 63, 63), (40, 64, 64), (9, 127, 10), (75, 700, 700), (23, 2000, 90) })
        {
            var lengths = Enumerable.Range(0, rows).Select(_ => random.Next(0, band + 1)).ToArray();
            var banded = KernelTestData.RandomSparse(random, lengths, band, 64);
            // Shift every row's columns into one band of the wider matrix, so the tiles outside it are empty.
            var offset = random.Next(0, columns - band + 1);
            var positions = banded.Positions.Select(p => (p / band * columns) + offset + (p % band)).ToArray();
            var tensor = new SparseQuantizedTensor([rows, columns], banded.Codebook, positions, banded.Codes);
            var matrix = Tiled(tensor);
            var x = KernelTestData.RandomVector(random, columns);
            var scalar = new float[rows];
            var tiled = new float[rows];

            TiledMatrixVector.Multiply(matrix, x, 0, scalar, 0, KernelPath.Scalar, threads: 1);
            TiledMatrixVector.Multiply(matrix, x, 0, tiled, 0, path, threads: 1);

            KernelTestData.AssertMatchesOracle(tensor, x, 0, tiled, 0, lengths, $"{path}, {rows} x {columns}, band {band}");
            Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), tiled.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [MemberData(nameof(PathData))]
    public void EpilogueAndThreadCountsGiveTheBitsOfTheScalarTwin(KernelPath path)
    {
        var random = new Random(77);
        var lengths = Enumerable.Range(0, 700).Select(_ => random.Next(0, 90)).ToArray();
        var matrix = Tiled(KernelTestData.RandomSparse(random, lengths, 400, 32));
        var x = KernelTestData.RandomVector(random, 400);
        var bias = KernelTestData.RandomVector(random, matrix.Rows);
        var epilogue = new BiasActivation(bias, relu: true);
        var scalar = new float[matrix.Rows];
        TiledMatrixVector.Multiply(matrix, x, 0, scalar, 0, KernelPath.Scalar, threads: 1);
        var expected = scalar.Select((v, row) => BitConverter.SingleToInt32Bits(epilogue.Apply(v, row))).ToArray();
        foreach (var threads in new[] { 1, 2, 3, 8 })
        {
            var fused = new float[matrix.Rows];
            TiledMatrixVector.Multiply(matrix, x, 0, fused, 0, path, threads, epilogue);
            Assert.Equal(expected, fused.Select(BitConverter.SingleToInt32Bits));
        }

        Assert.Contains(expected, bits => bits == 0);
    }

    [Theory]
    [MemberData(nameof(PathData))]
    public void NonFiniteInputsAndWeightsPassThroughAsInTheSlicedKernel(KernelPath path)
    {
        // NaN and infinite inputs reach exactly the rows that use their columns, and an infinite or NaN codebook value
        // exactly the rows that use its code: padding multiplies +0 by the zero lane, never x or those values.
        var random = new Random(4242);
        var lengths = Enumerable.Range(0, 45).Select(_ => random.Next(0, 30)).ToArray();
        var tensor = KernelTestData.RandomSparse(random, lengths, 200, 8);
        tensor.Codebook[0] = float.PositiveInfinity;
        tensor.Codebook[3] = float.NaN;
        var code = KernelTestData.Matrix(tensor);
        var x = KernelTestData.RandomVector(random, 200);
        x[5] = float.NaN;
        x[70] = float.NegativeInfinity;
        x[199] = float.PositiveInfinity;
        var sliced = new float[code.Rows];
        var tiled = new float[code.Rows];

        SlicedMatrixVector.Multiply(SlicedCodeMatrix.FromCodeMatrix(code)!, x, 0, sliced, 0, KernelPath.Scalar, threads: 1);
        TiledMatrixVector.Multiply(TiledCodeMatrix.FromCodeMatrix(code)!, x, 0, tiled, 0, path, threads: 1);

        // Same NaNs and infinities; finite sums (at most 29 products of magnitude below 1) agree to rounding.
        Assert.Equal(sliced.Select(float.IsNaN), tiled.Select(float.IsNaN));
        Assert.Equal(sliced.Select(v => float.IsInfinity(v) ? v : 0f), tiled.Select(v => float.IsInfinity(v) ? v : 0f));
        Assert.All(sliced.Zip(tiled).Where(p => float.IsFinite(p.First)), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5f, $"{p.First:R} vs {p.Second:R}"));
        Assert.Contains(tiled, float.IsNaN);
        Assert.Contains(tiled, float.IsFinite);
    }

    [Fact]
    public void EachStepStartsAtTheSmallestColumnLeftAndTakesTheNonZerosWithinTheTile()
    {
        // Three rows of 100 columns, 15-column tiles: row 0 holds 0, 10, 20; row 1 holds 5, 17, 18; row 2 holds 90.
        // Step 0 starts at column 0 and takes 0 and 5; step 1 starts at 10 and takes 10 and 17; step 2 starts at 18
        // and takes 20 and 18; step 3 starts at 90 and takes 90. Four steps, a multiple of four: no padding steps. The
        // rows keep their order (rows 0 and 1 are equally long, row 2 shorter).
        Assert.Equal(15, TiledCodeMatrix.TileWidth);
        int[] positions = [0, 10, 20, 105, 117, 118, 290];
        var tensor = new SparseQuantizedTensor([3, 100], [0.5f, -1f, 2f], positions, [0, 1, 2, 2, 1, 0, 1]);
        var matrix = TiledCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(tensor))!;

        Assert.Equal([0, 1, 2], matrix.RowOfLane.Take(3));
        Assert.Equal([0, 4], matrix.SliceStart);
        Assert.Equal([0, 10, 18, 90], matrix.StepStart);
        const byte Wait = TiledCodeMatrix.TileWidth;
        Assert.Equal([0, 0, 2, Wait], ColumnsOfLane(matrix, 0));
        Assert.Equal([5, 7, 0, Wait], ColumnsOfLane(matrix, 1));
        Assert.Equal([Wait, Wait, Wait, 0], ColumnsOfLane(matrix, 2));
        Assert.Equal([0.5f, -1f, 2f, 0f], Enumerable.Range(0, 4).Select(step => matrix.Weights[matrix.WeightStart + (step * SlicedCodeMatrix.SliceHeight)]));
        Assert.Equal([0f, 0f, 0f, -1f], Enumerable.Range(0, 4).Select(step => matrix.Weights[matrix.WeightStart + (step * SlicedCodeMatrix.SliceHeight) + 2]));
        // Lanes past the last row wait at the zero lane with weight +0.
        Assert.Equal([Wait, Wait, Wait, Wait], ColumnsOfLane(matrix, 15));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(matrix.Weights[matrix.WeightStart + SlicedCodeMatrix.SliceHeight + 15]));
    }

    [Fact]
    public void SlicesArePaddedToAMultipleOfTheAccumulators()
    {
        // 17 rows of one nonzero each at column 0: one step per slice, padded to four (tile at column 0, all waiting).
        var positions = Enumerable.Range(0, 17).Select(r => r * 50).ToArray();
        var matrix = TiledCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(new SparseQuantizedTensor([17, 50], [1f], positions, new ushort[17])))!;

        Assert.Equal([0, 4, 8], matrix.SliceStart);
        Assert.Equal([0, TiledCodeMatrix.TileWidth, TiledCodeMatrix.TileWidth, TiledCodeMatrix.TileWidth], ColumnsOfLane(matrix, 0));
        Assert.Equal(0, matrix.TileColumns[matrix.ColumnStart + TiledCodeMatrix.ColumnOffset(4, 0)]);
    }

    [Fact]
    public void SessionsTakeTheTiledLayoutOnlyWhereItsPaddingAndSizeMeetTheMeasuredLimits()
    {
        // Rows of 15 nonzeros within 15 columns need no more steps than the sliced layout; rows of 3 nonzeros spread
        // over 775 columns rarely share a tile, so most steps advance one lane; a layer past MaxBytes is not built.
        var dense = Enumerable.Range(0, 48).Select(_ => 15).ToArray();
        var compact = KernelTestData.Matrix(KernelTestData.RandomSparse(new Random(5), dense, 15, 32));
        var spread = KernelTestData.Matrix(KernelTestData.RandomSparse(new Random(6), Enumerable.Repeat(3, 48).ToArray(), 775, 32));
        var large = KernelTestData.Matrix(KernelTestData.RandomSparse(new Random(7), Enumerable.Repeat(700, 160).ToArray(), 2000, 32));
        var expectTiled = KernelDispatch.IsSupported(KernelPath.Vector512);

        Assert.Equal(expectTiled, TiledMatrixVector.ForSession(compact, SlicedCodeMatrix.FromCodeMatrix(compact)) is not null);
        var spreadTiled = TiledCodeMatrix.FromCodeMatrix(spread)!;
        Assert.True(spreadTiled.StepCount > TiledMatrixVector.MaxStepRatio * SlicedCodeMatrix.FromCodeMatrix(spread)!.Entries.Length / SlicedCodeMatrix.SliceHeight);
        Assert.Null(TiledMatrixVector.ForSession(spread, SlicedCodeMatrix.FromCodeMatrix(spread)));
        Assert.True((long)large.NonZeroCount * TiledCodeMatrix.BytesPerEntry > TiledMatrixVector.MaxBytes);
        Assert.Null(TiledMatrixVector.ForSession(large, SlicedCodeMatrix.FromCodeMatrix(large)));
        Assert.Null(TiledMatrixVector.ForSession(compact, sliced: null));
    }

    [Theory]
    [InlineData(KernelPath.Vector128)]
    [InlineData(KernelPath.Vector256)]
    public void NarrowerPathsAreRefused(KernelPath path)
    {
        var matrix = Tiled(KernelTestData.RandomSparse(new Random(3), [4, 2], 40, 4));

        Assert.Throws<ArgumentException>(() => TiledMatrixVector.Multiply(matrix, new float[40], 0, new float[2], 0, path, threads: 1));
    }

    /// <summary>The tile columns of lane <paramref name="lane"/> in the first four steps.</summary>
    private static byte[] ColumnsOfLane(TiledCodeMatrix matrix, int lane) =>
        [.. Enumerable.Range(0, 4).Select(step => matrix.TileColumns[matrix.ColumnStart + TiledCodeMatrix.ColumnOffset(step, lane)])];

    private static TiledCodeMatrix Tiled(SparseQuantizedTensor tensor) => TiledCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(tensor))!;
}
