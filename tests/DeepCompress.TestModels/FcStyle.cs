namespace DeepCompress.TestModels;

/// <summary>How a test model expresses a fully connected layer.</summary>
public enum FcStyle
{
    /// <summary><c>Gemm(x, W[out, in], b, transB=1)</c>, as PyTorch exports nn.Linear.</summary>
    Gemm,

    /// <summary><c>Add(MatMul(x, W[in, out]), b)</c>, as TensorFlow converters emit.</summary>
    MatMulAdd,
}
