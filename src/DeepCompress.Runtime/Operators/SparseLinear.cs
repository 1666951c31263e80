using DeepCompress.Core;
using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Operators;

/// <summary>
/// A compressed [K, N] (or, stored transposed, [N, K]) weight prepared once at session creation as an N x K
/// code matrix, and the product X [M, K] x W [K, N] through the fused-codebook kernels.
/// </summary>
internal sealed class SparseLinear
{
    // The rows layout: built at creation only when there is no sliced one, else on the first batch > 1 (a session that
    // only ever runs batch 1 never holds both layouts: 5 bytes per nonzero less, and a faster load).
    private readonly Lazy<SparseCodeMatrix> rows;

    public SparseLinear(SparseQuantizedTensor weight, bool storedAsOutputsByInputs, string node)
    {
        if (weight.Shape.Length != 2)
        {
            throw new InvalidDataException($"node {node}: compressed weight has shape {ShapeMath.Format(weight.Shape)}, needs 2-D");
        }

        InputSize = storedAsOutputsByInputs ? weight.Shape[1] : weight.Shape[0];
        OutputSize = storedAsOutputsByInputs ? weight.Shape[0] : weight.Shape[1];
        var what = $"node {node} compressed weight";
        var matrix = SparseCodeMatrix.FromTensor(weight, OutputSize, InputSize, !storedAsOutputsByInputs, what);
        Sliced = SlicedCodeMatrix.FromCodeMatrix(matrix);
        Tiled = TiledMatrixVector.ForSession(matrix, Sliced);
        Columns = ColumnCodeMatrix.FromCodeMatrix(matrix);
        rows = Sliced is null
            ? new Lazy<SparseCodeMatrix>(matrix)
            : new Lazy<SparseCodeMatrix>(() => SparseCodeMatrix.FromTensor(weight, OutputSize, InputSize, !storedAsOutputsByInputs, what), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>K.</summary>
    public int InputSize { get; }

    /// <summary>N.</summary>
    public int OutputSize { get; }

    /// <summary>Compressed rows, for batches (one axpy per nonzero) and for batch 1 when <see cref="Sliced"/> is null.</summary>
    public SparseCodeMatrix Matrix => rows.Value;

    /// <summary>The batch-1 layout (16 rows side by side); null when a column and a code do not fit one int.</summary>
    public SlicedCodeMatrix? Sliced { get; }

    /// <summary>The batch-1 layout that reads x from registers, on the 512-bit path; null where it does not pay (<see cref="TiledMatrixVector.ForSession"/>).</summary>
    public TiledCodeMatrix? Tiled { get; }

    /// <summary>The column form for batch-1 inputs sparse enough to walk; null for layers past <see cref="ColumnCodeMatrix.MaxNonZeros"/>.</summary>
    public ColumnCodeMatrix? Columns { get; }

    /// <summary>Whether a batch-1 <paramref name="x"/> goes through the column walk: a column form exists and x's nonzeros meet few enough weights.</summary>
    public bool WalksColumns(ReadOnlySpan<float> x, KernelPath path) =>
        Columns is not null && ColumnWalkMatrixVector.Chooses(WalkedEntries.Count(x, Columns.ColumnLengths, path), Columns.Entries.Length);

    /// <summary>
    /// Y [M, N] = X [M, K] W for the row-major X at <paramref name="offset"/>, then <paramref name="epilogue"/> (if any)
    /// on every element: inside the batch-1 tiled or sliced kernel, else as a pass over Y.
    /// </summary>
    public float[] Apply(float[] x, int offset, int m, RunSettings context, BiasActivation? epilogue = null)
    {
        var y = new float[m * OutputSize];
        if (m == 1 && WalksColumns(x.AsSpan(offset, InputSize), context.Path))
        {
            ColumnWalkMatrixVector.Multiply(Columns!, x, offset, y, 0, epilogue);
            return y;
        }

        if (m == 1 && Tiled is not null && context.Path == KernelPath.Vector512)
        {
            TiledMatrixVector.Multiply(Tiled, x, offset, y, 0, context.Path, context.Threads, epilogue);
            return y;
        }

        if (m == 1 && Sliced is not null)
        {
            SlicedMatrixVector.Multiply(Sliced, x, offset, y, 0, context.Path, context.Threads, epilogue);
            return y;
        }

        if (m == 1)
        {
            SparseMatrixVector.Multiply(Matrix, x, offset, y, 0, context.Path, context.Threads);
        }
        else
        {
            // Batch > 1: with X transposed to [K, M] every nonzero w[n, k] scales the contiguous row X^T[k, :].
            var xTransposed = MatrixLayout.Transpose(x, offset, m, InputSize);
            var yTransposed = new float[OutputSize * m];
            SparseMatrixMatrix.Multiply(Matrix, 0, OutputSize, xTransposed, 0, m, yTransposed, 0, context.Path, context.Threads);
            y = MatrixLayout.Transpose(yTransposed, 0, OutputSize, m);
        }

        epilogue?.ApplyRows(y, m, OutputSize);
        return y;
    }
}
