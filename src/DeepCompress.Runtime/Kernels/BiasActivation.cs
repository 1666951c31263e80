namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// What a fully connected layer does to each output after its product: add a per-output bias, then optionally Relu.
/// The batch-1 sliced kernel applies it as it stores each row sum (no second pass over y, no extra buffer); other
/// paths apply it to the finished product. Both give the same bits as a separate bias add and Relu node: the bias
/// is the one already scaled by Gemm's beta, added once to the complete sum.
/// </summary>
internal sealed class BiasActivation(float[]? bias, bool relu)
{
    /// <summary>Bias per output (length N), or null for none.</summary>
    public float[]? Bias { get; } = bias;

    public bool Relu { get; } = relu;

    public float Apply(float sum, int output)
    {
        var value = Bias is null ? sum : sum + Bias[output];
        // A comparison, not MathF.Max, so that NaN propagates like the Relu operator (max(0, x) in ONNX's reference).
        return Relu && value < 0f ? 0f : value;
    }

    /// <summary>Applies to every element of a row-major [m, n] product in place.</summary>
    public void ApplyRows(float[] product, int m, int n)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                product[i * n + j] = Apply(product[i * n + j], j);
            }
        }
    }
}
