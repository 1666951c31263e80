using System.Runtime.CompilerServices;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// y = W x for a dense row-major W [rows, columns]: one dot product per row, reading W once, contiguously (the
/// batch-1 case of an uncompressed fully connected layer whose weight is stored outputs-by-inputs).
/// </summary>
internal static partial class DenseMatrixVector
{
    public static void Multiply(float[] w, int rows, int columns, float[] x, float[] y, KernelPath path, int threads)
    {
        if (rows < 0 || columns < 0 || w.Length < (long)rows * columns || x.Length < columns || y.Length < rows)
        {
            throw new ArgumentException($"operands do not fit a {rows} x {columns} matrix");
        }

        ParallelRows.Run(rows, threads, columns, (begin, end) =>
        {
            for (var r = begin; r < end; r++)
            {
                var row = r * columns;
                var (sum, done) = path switch
                {
                    KernelPath.Vector512 => DotVector512(w, row, x, columns),
                    KernelPath.Vector256 => DotVector256(w, row, x, columns),
                    KernelPath.Vector128 => DotVector128(w, row, x, columns),
                    _ => (0f, 0),
                };
                y[r] = DotScalar(w, row, x, sum, done, columns);
            }
        });
    }

    /// <summary>Adds W[row + c] x[c] for c in [begin, end) in order: the scalar path and every vector path's tail.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float DotScalar(float[] w, int row, float[] x, float sum, int begin, int end)
    {
        for (var c = begin; c < end; c++)
        {
            sum += w[row + c] * x[c];
        }

        return sum;
    }
}
