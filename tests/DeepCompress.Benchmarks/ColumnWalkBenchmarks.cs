using BenchmarkDotNet.Attributes;
using DeepCompress.Core;
using DeepCompress.Runtime;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Benchmarks;

/// <summary>
/// Where the batch-1 column walk (<see cref="ColumnWalkMatrixVector"/>, which skips the zeros of x) overtakes the
/// sliced kernel on the best path (the baseline, so Ratio &lt; 1 means the walk wins): LeNet-300-100's first layer
/// (300 x 784, 8% of the weights kept, 5-bit codes) at input densities around the break-even. The walk includes
/// counting the entries it will visit, as the operator does before choosing;
/// <see cref="ColumnWalkMatrixVector.MaxVisitedFraction"/> is set from this run.
/// Run: dotnet run -c Release --project tests/DeepCompress.Benchmarks -- --filter '*ColumnWalkBenchmarks*' --job short --inProcess
/// </summary>
public class ColumnWalkBenchmarks
{
    private SlicedCodeMatrix sliced = null!;
    private ColumnCodeMatrix columns = null!;
    private float[] x = null!;
    private float[] y = null!;

    public int Visited { get; private set; }

    [Params(0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)]
    public double InputDensity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int rows = 300, inputs = 784, codebookSize = 32;
        var random = new Random(2016);
        var codebook = Enumerable.Range(0, codebookSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var positions = Enumerable.Range(0, rows * inputs).Where(_ => random.NextDouble() < 0.08).ToArray();
        var codes = positions.Select(_ => (ushort)random.Next(codebookSize)).ToArray();
        var matrix = SparseCodeMatrix.FromTensor(new SparseQuantizedTensor([rows, inputs], codebook, positions, codes), rows, inputs, transposed: false, "benchmark weight");
        sliced = SlicedCodeMatrix.FromCodeMatrix(matrix)!;
        columns = ColumnCodeMatrix.FromCodeMatrix(matrix)!;
        x = Enumerable.Range(0, inputs).Select(_ => random.NextDouble() < InputDensity ? random.NextSingle() : 0f).ToArray();
        y = new float[rows];
    }

    [Benchmark(Baseline = true)]
    public float[] Sliced()
    {
        SlicedMatrixVector.Multiply(sliced, x, 0, y, 0, KernelDispatch.Best, threads: 1);
        return y;
    }

    [Benchmark]
    public float[] ColumnWalk()
    {
        // Kept in a field so the count is not optimised away.
        Visited = WalkedEntries.Count(x, columns.ColumnLengths, KernelDispatch.Best);
        ColumnWalkMatrixVector.Multiply(columns, x, 0, y, 0);
        return y;
    }
}
