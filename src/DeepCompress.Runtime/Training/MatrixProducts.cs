using System.Numerics.Tensors;
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

    /// <summary>C[m, n] = A[m, k] B^T with B stored [n, k]; <paramref name="scratch"/> (n k values) receives B^T.</summary>
    public static void MultiplyTransposedB(float[] a, float[] b, float[] c, int m, int k, int n, float[] scratch, KernelPath path, int threads) =>
        Multiply(a, Transpose(b, n, k, scratch), c, m, k, n, path, threads);

    /// <summary>C[m, n] = A^T B[k, n] with A stored [k, m]; <paramref name="scratch"/> (k m values) receives A^T.</summary>
    public static void MultiplyTransposedA(float[] a, float[] b, float[] c, int m, int k, int n, float[] scratch, KernelPath path, int threads) =>
        Multiply(Transpose(a, k, m, scratch), b, c, m, k, n, path, threads);

    /// <summary>Writes the [columns, rows] transpose of a row-major [rows, columns] matrix into <paramref name="target"/> and returns it.</summary>
    public static float[] Transpose(ReadOnlySpan<float> source, int rows, int columns, float[] target)
    {
        // Blocks of Block x Block elements keep both the rows read and the rows written in cache.
        const int Block = 16;
        for (var r0 = 0; r0 < rows; r0 += Block)
        {
            var rEnd = Math.Min(r0 + Block, rows);
            for (var c0 = 0; c0 < columns; c0 += Block)
            {
                var cEnd = Math.Min(c0 + Block, columns);
                for (var r = r0; r < rEnd; r++)
                {
                    for (var c = c0; c < cEnd; c++)
                    {
                        target[c * rows + r] = source[r * columns + c];
                    }
                }
            }
        }

        return target;
    }

    /// <summary>target += source, element by element.</summary>
    public static void Accumulate(Span<float> target, ReadOnlySpan<float> source) => TensorPrimitives.Add(target, source, target);
}
