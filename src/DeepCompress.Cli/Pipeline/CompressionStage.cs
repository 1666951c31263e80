namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// The model after one stage of `compress --data`: the fraction of layer weights that are zero, its test error on
/// DeepCompress' engine, and its size in bytes (serialized ONNX for the ONNX stages, the file for the .dcz).
/// </summary>
public sealed record CompressionStage(string Name, double Sparsity, EvalResult Error, long Bytes);
