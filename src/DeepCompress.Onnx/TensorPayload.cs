using DeepCompress.Onnx.Proto;

namespace DeepCompress.Onnx;

/// <summary>
/// The data of one tensor, produced while the model is saved instead of held in it: <see cref="Write"/> must write
/// exactly <see cref="ByteCount"/> bytes (the tensor's raw_data, little-endian) to the external data file.
/// </summary>
public sealed record TensorPayload(TensorProto Tensor, long ByteCount, Action<Stream> Write);
