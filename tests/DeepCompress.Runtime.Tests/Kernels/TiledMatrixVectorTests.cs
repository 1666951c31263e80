using DeepCompress.Core;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Tests.Kernels;

public sealed class TiledMatrixVectorTests
{
    private static readonly int[] TileBits = [TiledCodeMatrix.NarrowTileBits, TiledCodeMatrix.WideTileBits];

    /// <summary>The tiled kernel's paths this machine runs: its scalar twin, and the 512-bit path where supported.</summary>
    public static IEnumerable<KernelPath> Paths() =>
        KernelDispatch.IsSupported(KernelPath.Vector512) ? [KernelPath.Scalar, KernelPath.Vector512] : [KernelPath.Scalar];

    public static TheoryData<KernelPath, int, int> PathsTileBitsAndCodebookSizes()
    {
        var data = new TheoryData<KernelPath, int, int>();
        foreach (var path in Paths())
        {
            foreach (var tileBits in TileBits)
            {
                // The layout holds each weight's value, so the codebook size only changes the values drawn: the sizes
                // of the other kernels' tests (2 to 256 entries).
                foreach (var size in new[] { 1, 2, 32, 33, 64, 256 })
                {
                    data.Add(path, tileBits, size);
                }
            }
        }

        return data;
    }

    public static TheoryData<KernelPath, int> PathsAndTileBits()
    {
        var data = new TheoryData<KernelPath, int>();
        foreach (var path in Paths())
        {
            foreach (var tileBits in TileBits)
            {
                data.Add(path, tileBits);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsTileBitsAndCodebookSizes))]
    public void MatchesDoubleOracleAtAwkwardShapes(KernelPath path, int tileBits, int codebookSize)
    {
        var random = new Random(8123 + codebookSize + tileBits);
        // 1,500 columns is no multiple of 31 or 63; 21 rows make a full slice and one of five; the awkward lengths
        // include empty rows and rows that fill most tiles.
        const int columns = 1500;
        int[] lengths = [.. KernelTestData.AwkwardLengths, .. Enumerable.Range(0, 9).Select(_ => random.Next(0, 200))];
        var tensor = KernelTestData.RandomSparse(random, lengths, columns, codebookSize);
        var matrix = Tiled(tensor, tileBits);
        var x = KernelTestData.RandomVector(random, columns + 3);
        var y = new float[matrix.Rows + 2];
        Array.Fill(y, float.NaN);

        TiledMatrixVector.Multiply(matrix, x, 3, y, 2, path, threads: 1);

        KernelTestData.AssertMatchesOracle(tensor, x, 3, y, 2, lengths, $"{path}, {tileBits} tile bits");
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[1]), "wrote before the output offset");
    }

    [Theory]
    [MemberData(nameof(PathsAndTileBits))]
    public void MatchesTheOracleAndTheScalarTwinsBitsAtEveryShape(KernelPath path, int tileBits)
    {
        // One column, a tile exactly full, one past it, empty tiles (rows confined to a band of columns), 1 to 75 rows;
        // the scalar twin adds every row in the same order (steps mod 4), so the paths agree bit for bit.
        var random = new Random(606 + tileBits);
        foreach (var (rows, columns, band) in new[] { (1, 1, 1), (17, 1, 1), (16, 31, 31), (33, 63, 63), (40, 64, 64), (9, 127, 10), (75, 700, 700), (23, 2000, 90) })
        {
            var lengths = Enumerable.Range(0, rows).Select(_ => random.Next(0, band + 1)).ToArray();
            var banded = KernelTestData.RandomSparse(random, lengths, band, 64);
            // Shift every row's columns into one band of the wider matrix, so the tiles outside it are empty.
            var offset = random.Next(0, columns - band + 1);
            var positions = banded.Positions.Select(p => (p / band * columns) + offset + (p % band)).ToArray();
            var tensor = new SparseQuantizedTensor([rows, columns], banded.Codebook, positions, banded.Codes);
            var matrix = Tiled(tensor, tileBits);
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
    [MemberData(nameof(PathsAndTileBits))]
    public void EpilogueAndThreadCountsGiveTheBitsOfTheScalarTwin(KernelPath path, int tileBits)
    {
        var random = new Random(77 + tileBits);
        var lengths = Enumerable.Range(0, 700).Select(_ => random.Next(0, 90)).ToArray();
        var matrix = Tiled(KernelTestData.RandomSparse(random, lengths, 400, 32), tileBits);
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
    [MemberData(nameof(PathsAndTileBits))]
    public void NonFiniteInputsAndWeightsPassThroughAsInTheSlicedKernel(KernelPath path, int tileBits)
    {
        // NaN and infinite inputs reach exactly the rows that use their columns, and an infinite or NaN codebook value
        // exactly the rows that use its code: padding multiplies +0 by the zero lane, never x or those values.
        var random = new Random(4242 + tileBits);
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
        TiledMatrixVector.Multiply(TiledCodeMatrix.FromCodeMatrix(code, tileBits)!, x, 0, tiled, 0, path, threads: 1);

        // Same NaNs and infinities; finite sums (at most 29 products of magnitude below 1) agree to rounding.
        Assert.Equal(sliced.Select(float.IsNaN), tiled.Select(float.IsNaN));
        Assert.Equal(sliced.Select(v => float.IsInfinity(v) ? v : 0f), tiled.Select(v => float.IsInfinity(v) ? v : 0f));
        Assert.All(sliced.Zip(tiled).Where(p => float.IsFinite(p.First)), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5f, $"{p.First:R} vs {p.Second:R}"));
        Assert.Contains(tiled, float.IsNaN);
        Assert.Contains(tiled, float.IsFinite);
    }

    [Fact]
    public void SlicesRunTheirTilesInOrderPaddedToAMultipleOfTheAccumulators()
    {
        // 20 rows x 70 columns, 31-column tiles (31, 31, 8 columns); row r holds columns 0..r-1 and 69, so slice 0
        // (rows 19..4, sorted longest first) has 19 steps in tile 0 and one in tile 2, slice 1 (rows 3..0) 3 and 1.
        var positions = Enumerable.Range(0, 20).SelectMany(r => Enumerable.Range(r * 70, r).Append((r * 70) + 69)).ToArray();
        var tensor = new SparseQuantizedTensor([20, 70], [0.5f, -1f], positions, positions.Select(p => (ushort)(p % 2)).ToArray());
        var matrix = TiledCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(tensor), TiledCodeMatrix.NarrowTileBits)!;

        Assert.Equal(3, matrix.TileCount);
        Assert.Equal(2, matrix.SliceCount);
        ushort[] expected = [.. Enumerable.Repeat((ushort)0, 19), 2, 0, 0, 0, 2];
        Assert.Equal(expected, matrix.StepTile);
        Assert.Equal([0, 20, 24], matrix.SliceStart);
        Assert.Equal(expected.Length * SlicedCodeMatrix.SliceHeight, matrix.Weights.Length);
        Assert.Equal(Enumerable.Range(0, 20), matrix.RowOfLane.Where(r => r >= 0).Order());
        // Lane 0 of slice 0 is row 19: column 69 is tile 2's column 7, in step 19, weight -1 (position 19 * 70 + 69 is
        // odd); lane 15 (row 4) holds column 3 in step 3, then pads (weight +0 at the zero lane) from step 4.
        Assert.Equal(7, matrix.TileColumns[TiledCodeMatrix.ColumnOffset(19, 0)]);
        Assert.Equal(-1f, matrix.Weights[19 * SlicedCodeMatrix.SliceHeight]);
        Assert.Equal(3, matrix.TileColumns[TiledCodeMatrix.ColumnOffset(3, 15)]);
        Assert.Equal(matrix.TileWidth, matrix.TileColumns[TiledCodeMatrix.ColumnOffset(4, 15)]);
        Assert.Equal(0, BitConverter.SingleToInt32Bits(matrix.Weights[(4 * SlicedCodeMatrix.SliceHeight) + 15]));
    }

    [Fact]
    public void SessionsTakeTheTiledLayoutOnlyWhereItsPaddingAndSizeMeetTheMeasuredLimits()
    {
        // Rows of 20 nonzeros in one 31-column tile pad little (about 1.1 padded steps per sliced step); rows of 3
        // nonzeros spread over 25 tiles pad to many times the sliced steps; a layer past MaxBytes is not built at all.
        var dense = Enumerable.Range(0, 48).Select(_ => 20).ToArray();
        var compact = KernelTestData.Matrix(KernelTestData.RandomSparse(new Random(5), dense, 31, 32));
        var spread = KernelTestData.Matrix(KernelTestData.RandomSparse(new Random(6), Enumerable.Repeat(3, 48).ToArray(), 31 * 25, 32));
        var large = KernelTestData.Matrix(KernelTestData.RandomSparse(new Random(7), Enumerable.Repeat(700, 160).ToArray(), 2000, 32));
        var expectTiled = KernelDispatch.IsSupported(KernelPath.Vector512);

        Assert.Equal(expectTiled, TiledMatrixVector.ForSession(compact, SlicedCodeMatrix.FromCodeMatrix(compact)) is not null);
        var spreadTiled = TiledCodeMatrix.FromCodeMatrix(spread, TiledCodeMatrix.NarrowTileBits)!;
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
        var matrix = Tiled(KernelTestData.RandomSparse(new Random(3), [4, 2], 40, 4), TiledCodeMatrix.WideTileBits);

        Assert.Throws<ArgumentException>(() => TiledMatrixVector.Multiply(matrix, new float[40], 0, new float[2], 0, path, threads: 1));
    }

    private static TiledCodeMatrix Tiled(SparseQuantizedTensor tensor, int tileBits) => TiledCodeMatrix.FromCodeMatrix(KernelTestData.Matrix(tensor), tileBits)!;
}
