namespace DeepCompress.Cli.Pipeline;

/// <summary>Which runtime computes the model's outputs in <c>dcompress eval</c>.</summary>
public enum EvalEngine
{
    /// <summary>ONNX Runtime on the dense (decoded) model: the reference.</summary>
    Ort,

    /// <summary>DeepCompress' own engine, which runs compressed layers in codebook-and-code form.</summary>
    Sparse,
}
