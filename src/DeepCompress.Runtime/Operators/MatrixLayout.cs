namespace DeepCompress.Runtime.Operators;

/// <summary>Plain 2-D transposes that put the operand of a kernel into the layout its inner loop wants.</summary>
internal static class MatrixLayout
{
    /// <summary>Returns the [cols, rows] transpose of the row-major [rows, cols] matrix at <paramref name="offset"/>.</summary>
    public static float[] Transpose(float[] source, int offset, int rows, int cols)
    {
        var result = new float[rows * cols];
        // Blocks of 32 x 32 keep both the reads and the writes within a few cache lines.
        const int block = 32;
        for (var r0 = 0; r0 < rows; r0 += block)
        {
            for (var c0 = 0; c0 < cols; c0 += block)
            {
                var rEnd = Math.Min(r0 + block, rows);
                var cEnd = Math.Min(c0 + block, cols);
                for (var r = r0; r < rEnd; r++)
                {
                    for (var c = c0; c < cEnd; c++)
                    {
                        result[c * rows + r] = source[offset + r * cols + c];
                    }
                }
            }
        }

        return result;
    }
}
