namespace DeepCompress.Runtime;

/// <summary>Element types the engine computes with; values equal ONNX's TensorProto.DataType.</summary>
public enum TensorElementType
{
    Float32 = 1,
    Int64 = 7,
    Bool = 9,
}
