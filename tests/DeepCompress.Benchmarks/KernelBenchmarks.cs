using BenchmarkDotNet.Attributes;
using DeepCompress.Core;
using DeepCompress.Runtime;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Benchmarks;

/// <summary>
/// Batch-1 fully connected layers: the fused-codebook sparse kernel on every instruction-set path against its
/// scalar twin (the baseline, so the Ratio column is the SIMD speed-up), and a dense GEMV of the same shape on
/// the best path. Shapes are LeNet-300-100's first layer (8% density) and VGG-16's fc6 (4%), both with 5-bit codes.
/// Run: dotnet run -c Release --project tests/DeepCompress.Benchmarks -- --filter '*KernelBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int CodebookSize = 32;

    private SparseCodeMatrix matrix = null!;
    private float[] x = null!;
    private float[] y = null!;
    private float[] denseTransposed = null!;

    [Params("300x784@8%", "4096x25088@4%")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (rows, columns, density) = Shape switch
        {
            "300x784@8%" => (300, 784, 0.08),
            _ => (4096, 25088, 0.04),
        };
        var random = new Random(2016);
        var codebook = Enumerable.Range(0, CodebookSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var positions = new List<int>();
        for (var p = 0; p < rows * columns; p++)
        {
            if (random.NextDouble() < density)
            {
                positions.Add(p);
            }
        }

        var codes = positions.Select(_ => (ushort)random.Next(CodebookSize)).ToArray();
        var tensor = new SparseQuantizedTensor([rows, columns], codebook, positions.ToArray(), codes);
        matrix = SparseCodeMatrix.FromTensor(tensor, rows, columns, transposed: false, "benchmark weight");
        x = Enumerable.Range(0, columns).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        y = new float[rows];
        // The dense kernel computes x [1, K] times W^T [K, N], the layout a dense MatMul weight has.
        denseTransposed = new float[(long)rows * columns];
        var dense = tensor.ToDense();
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
    public float[] DenseBestPath()
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
}
