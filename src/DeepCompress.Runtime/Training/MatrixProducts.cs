using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Training;

/// <summary>
/// The three matrix products a linear layer's forward and backward passes need, on the engine's dense kernel
/// (bit-identical for any kernel path and thread count). Transposed operands are materialised first: the kernel
/// streams rows of B, and a copy costs far less than the product.
/// </summary>
internal static class MatrixProducts
{
    /// <summary>C[m, n] = A[m, k] B[k, n].</summary>
    public static void Multiply(float[] a, float[] b, float[] c, int m, int k, int n, KernelPath path, int threads) =>
        DenseMatrixMatrix.Multiply(a, 0, b, 0, c, 0, m, k, n, path, threads);

    /// <summary>C[m, n] = A[m, k] B^T with B stored [n, k].</summary>
    public static void MultiplyTransposedB(float[] a, float[] b, float[] c, int m, int k, int n, KernelPath path, int threads) =>
        Multiply(a, Transpose(b, n, k), c, m, k, n, path, threads);

    /// <summary>C[m, n] = A^T B[k, n] with A stored [k, m].</summary>
    public static void MultiplyTransposedA(float[] a, float[] b, float[] c, int m, int k, int n, KernelPath path, int threads) =>
        Multiply(Transpose(a, k, m), b, c, m, k, n, path, threads);

    /// <summary>The [columns, rows] transpose of a row-major [rows, columns] matrix.</summary>
    public static float[] Transpose(float[] source, int rows, int columns)
    {
        var result = new float[source.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[c * rows + r] = source[r * columns + c];
            }
        }

        return result;
    }

    /// <summary>target += source, element by element.</summary>
    public static void Accumulate(Span<float> target, ReadOnlySpan<float> source)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }
}
