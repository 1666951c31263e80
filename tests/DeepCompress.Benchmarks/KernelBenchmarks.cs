using BenchmarkDotNet.Attributes;
using DeepCompress.Core;
using DeepCompress.Runtime;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Benchmarks;

/// <summary>
/// Batch-1 fully connected layers: the fused-codebook sparse kernels on every instruction-set path against the
/// row-layout scalar twin (the baseline, so the Ratio column is the speed-up): <c>Sparse*</c> over compressed rows
/// (<see cref="SparseCodeMatrix"/>, the fallback layout), <c>Sliced*</c> over 16-row slices
/// (<see cref="SlicedCodeMatrix"/>, what sessions use at batch 1), <c>Tiled*</c> over 16-row slices whose steps read x
/// from a 31-column tile in registers (<see cref="TiledCodeMatrix"/>), and dense GEMVs of the same shape on the best
/// path: row dot products over W [N, K] (how Gemm runs a transB weight at batch 1) and the blocked matrix kernel
/// over W^T [K, N] (how MatMul runs a [K, N] weight). Shapes are LeNet-300-100's first layer (8% density; 5-bit
/// codes, and 6-bit as in the paper) and VGG-16's fc6 (4% and 10%, 5-bit).
/// Run: dotnet run -c Release --project tests/DeepCompress.Benchmarks -- --filter '*KernelBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private SparseCodeMatrix matrix = null!;
    private SlicedCodeMatrix sliced = null!;
    private TiledCodeMatrix tiled = null!;
    private float[] x = null!;
    private float[] y = null!;
    private float[] denseTransposed = null!;
    private float[] dense = null!;

    [Params("300x784@8%", "300x784@8%/6-bit", "4096x25088@4%", "4096x25088@10%")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (rows, columns, density, codebookSize) = Shape switch
        {
            "300x784@8%" => (300, 784, 0.08, 32),
            "300x784@8%/6-bit" => (300, 784, 0.08, 64),
            "4096x25088@4%" => (4096, 25088, 0.04, 32),
            _ => (4096, 25088, 0.10, 32),
        };
        var random = new Random(2016);
        var codebook = Enumerable.Range(0, codebookSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var positions = new List<int>();
        for (var p = 0; p < rows * columns; p++)
        {
            if (random.NextDouble() < density)
            {
                positions.Add(p);
            }
        }

        var codes = positions.Select(_ => (ushort)random.Next(codebookSize)).ToArray();
        var tensor = new SparseQuantizedTensor([rows, columns], codebook, positions.ToArray(), codes);
        matrix = SparseCodeMatrix.FromTensor(tensor, rows, columns, transposed: false, "benchmark weight");
        sliced = SlicedCodeMatrix.FromCodeMatrix(matrix)!;
        tiled = TiledCodeMatrix.FromCodeMatrix(matrix)!;
        x = Enumerable.Range(0, columns).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        y = new float[rows];
        // The dense kernel computes x [1, K] times W^T [K, N], the layout a dense MatMul weight has.
        denseTransposed = new float[(long)rows * columns];
        dense = tensor.ToDense();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                denseTransposed[(long)c * rows + r] = dense[(long)r * columns + c];
            }
        }
    }

    [Benchmark(Baseline = true)]
    public float[] SparseScalar() => Sparse(KernelPath.Scalar);

    [Benchmark]
    public float[] SparseVector128() => Sparse(KernelPath.Vector128);

    [Benchmark]
    public float[] SparseVector256() => Sparse(KernelPath.Vector256);

    [Benchmark]
    public float[] SparseVector512() => Sparse(KernelPath.Vector512);

    [Benchmark]
    public float[] SlicedScalar() => SlicedProduct(KernelPath.Scalar);

    [Benchmark]
    public float[] SlicedVector128() => SlicedProduct(KernelPath.Vector128);

    [Benchmark]
    public float[] SlicedVector256() => SlicedProduct(KernelPath.Vector256);

    [Benchmark]
    public float[] SlicedVector512() => SlicedProduct(KernelPath.Vector512);

    [Benchmark]
    public float[] TiledScalar() => TiledProduct(KernelPath.Scalar);

    [Benchmark]
    public float[] TiledVector512() => TiledProduct(KernelPath.Vector512);

    [Benchmark]
    public float[] DenseRowsBestPath()
    {
        DenseMatrixVector.Multiply(dense, matrix.Rows, matrix.Columns, x, y, KernelDispatch.Best, threads: 1);
        return y;
    }

    [Benchmark]
    public float[] DenseColumnsBestPath()
    {
        DenseMatrixMatrix.Multiply(x, 0, denseTransposed, 0, y, 0, 1, matrix.Columns, matrix.Rows, KernelDispatch.Best, threads: 1);
        return y;
    }

    // A path this CPU lacks would throw PlatformNotSupportedException; the benchmark is meant for x64 with AVX-512.
    private float[] Sparse(KernelPath path)
    {
        SparseMatrixVector.Multiply(matrix, x, 0, y, 0, path, threads: 1);
        return y;
    }

    private float[] SlicedProduct(KernelPath path)
    {
        SlicedMatrixVector.Multiply(sliced, x, 0, y, 0, path, threads: 1);
        return y;
    }

    private float[] TiledProduct(KernelPath path)
    {
        TiledMatrixVector.Multiply(tiled, x, 0, y, 0, path, threads: 1);
        return y;
    }
}
