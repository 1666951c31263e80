using DeepCompress.Onnx.Proto;

namespace DeepCompress.Onnx;

/// <summary>A constant tensor visible in a graph scope, and a description of where it is stored.</summary>
internal readonly record struct ConstantTensor(TensorProto Tensor, string Location);
