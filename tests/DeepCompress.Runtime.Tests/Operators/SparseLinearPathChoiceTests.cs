using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Kernels;
using DeepCompress.Runtime.Operators;
using DeepCompress.Runtime.Tests.Kernels;

namespace DeepCompress.Runtime.Tests.Operators;

public sealed class SparseLinearPathChoiceTests
{
    private const int Inputs = 200;

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void BatchOneWalksColumnsOnlyBelowTheMeasuredVisitedFraction(KernelPath path)
    {
        var layer = Layer(new Random(8));
        var firstSliced = FirstSlicedInputCount(layer);
        var visited = layer.Columns!.ColumnLengths.Take(firstSliced).Sum();

        Assert.True(visited >= ColumnWalkMatrixVector.MaxVisitedFraction * layer.Columns.Entries.Length);
        Assert.True(layer.WalksColumns(WithNonZeros(firstSliced - 1), path));
        Assert.False(layer.WalksColumns(WithNonZeros(firstSliced), path));
        Assert.True(layer.WalksColumns(new float[Inputs], path));
        Assert.False(layer.WalksColumns(WithNonZeros(Inputs), path));
    }

    [Fact]
    public void TheChoiceCountsTheWeightsMetNotTheNonZeroInputs()
    {
        // Inputs 0-9 meet dense weight columns, the rest empty ones: 5% of x nonzero, but every weight visited.
        var lengths = Enumerable.Repeat(10, 30).ToArray();
        var positions = Enumerable.Range(0, 30).SelectMany(r => Enumerable.Range(0, 10).Select(c => r * Inputs + c)).ToArray();
        var layer = new SparseLinear(new Core.SparseQuantizedTensor([30, Inputs], [0.5f], positions, new ushort[positions.Length]), storedAsOutputsByInputs: true, "test gemm");

        Assert.False(layer.WalksColumns(WithNonZeros(10), KernelDispatch.Best));
        Assert.True(layer.WalksColumns([.. new float[10], .. Enumerable.Repeat(1f, Inputs - 10)], KernelDispatch.Best));
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void OutputBitsDoNotDependOnTheThreadCountOnEitherSideOfTheThreshold(KernelPath path)
    {
        var random = new Random(21);
        var layer = Layer(random);
        var epilogue = new BiasActivation(KernelTestData.RandomVector(random, layer.OutputSize), relu: true);
        foreach (var density in new[] { 0.0, 0.1, ColumnWalkMatrixVector.MaxVisitedFraction, 1.0 })
        {
            var x = RandomInput(random, density);
            var single = layer.Apply(x, 0, 1, new RunSettings(path, 1), epilogue);
            foreach (var threads in new[] { 2, 3, 8 })
            {
                var parallel = layer.Apply(x, 0, 1, new RunSettings(path, threads), epilogue);
                Assert.Equal(single.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Fact]
    public void ColumnWalkAndTheBatchOneKernelRunOnEitherSideOfTheThreshold()
    {
        // Just below the threshold the walk runs (for finite x the sliced kernel's bits), at it the layer's batch-1
        // kernel (the tiled one where it has that layout and the path is 512-bit, else the sliced one).
        var random = new Random(34);
        var layer = Layer(random);
        var firstSliced = FirstSlicedInputCount(layer);
        var below = WithNonZeros(firstSliced - 1);
        var at = (float[])below.Clone();
        at[firstSliced - 1] = 0.25f;
        var settings = new RunSettings(KernelDispatch.Best, 1);
        Assert.True(layer.WalksColumns(below, settings.Path) && !layer.WalksColumns(at, settings.Path));

        var sliced = new float[layer.OutputSize];
        SlicedMatrixVector.Multiply(layer.Sliced!, below, 0, sliced, 0, KernelPath.Scalar, threads: 1);
        Assert.Equal(sliced.Select(BitConverter.SingleToInt32Bits), layer.Apply(below, 0, 1, settings).Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(BatchOneKernel(layer, at, settings.Path).Select(BitConverter.SingleToInt32Bits), layer.Apply(at, 0, 1, settings).Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void BatchOneRunsTheTiledKernelOnTheWidePathAndTheSlicedOneElsewhere(KernelPath path)
    {
        var random = new Random(55);
        var layer = Layer(random);
        Assert.Equal(KernelDispatch.IsSupported(KernelPath.Vector512), layer.Tiled is not null);
        var x = KernelTestData.RandomVector(random, Inputs);

        Assert.Equal(BatchOneKernel(layer, x, path).Select(BitConverter.SingleToInt32Bits), layer.Apply(x, 0, 1, new RunSettings(path, 1)).Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>What the batch-1 kernel <paramref name="layer"/> uses on <paramref name="path"/> gives, through its scalar twin (the same bits).</summary>
    private static float[] BatchOneKernel(SparseLinear layer, float[] x, KernelPath path)
    {
        var y = new float[layer.OutputSize];
        if (layer.Tiled is not null && path == KernelPath.Vector512)
        {
            TiledMatrixVector.Multiply(layer.Tiled, x, 0, y, 0, KernelPath.Scalar, threads: 1);
        }
        else
        {
            SlicedMatrixVector.Multiply(layer.Sliced!, x, 0, y, 0, KernelPath.Scalar, threads: 1);
        }

        return y;
    }

    /// <summary>A 75 x 200 layer stored as [outputs, inputs], as a transB Gemm weight is.</summary>
    private static SparseLinear Layer(Random random)
    {
        var lengths = Enumerable.Range(0, 75).Select(_ => random.Next(0, 60)).ToArray();
        return new SparseLinear(KernelTestData.RandomSparse(random, lengths, Inputs, 32), storedAsOutputsByInputs: true, "test gemm");
    }

    /// <summary>The smallest n for which the first n inputs nonzero meet too many weights to walk.</summary>
    private static int FirstSlicedInputCount(SparseLinear layer)
    {
        var limit = ColumnWalkMatrixVector.MaxVisitedFraction * layer.Columns!.Entries.Length;
        var visited = 0f;
        var n = 0;
        while (visited < limit)
        {
            visited += layer.Columns.ColumnLengths[n++];
        }

        return n;
    }

    /// <summary>The first <paramref name="count"/> inputs nonzero, the rest zero.</summary>
    private static float[] WithNonZeros(int count) => Enumerable.Range(0, Inputs).Select(i => i < count ? 0.5f + i * 1e-3f : 0f).ToArray();

    private static float[] RandomInput(Random random, double density) => ColumnWalkMatrixVectorTests.SparseVector(random, Inputs, density);
}
