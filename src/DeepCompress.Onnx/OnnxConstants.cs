namespace DeepCompress.Onnx;

/// <summary>The limits and names this library shares with the ONNX tooling (onnx's Python save, ONNX Runtime).</summary>
internal static class OnnxConstants
{
    /// <summary>Protobuf messages cannot exceed 2 GiB; larger models must move tensor data to external files.</summary>
    public const long ProtobufSizeLimit = int.MaxValue;

    /// <summary>Tensors at least this large are moved out of a model that would exceed the protobuf limit (as onnx does).</summary>
    public const int ExternalizeThresholdBytes = 1024;

    /// <summary>Offsets in an external data file are aligned like onnx's save so ONNX Runtime can memory-map them.</summary>
    public const int ExternalDataAlignment = 4096;

    /// <summary>Appended to the model's file name to name the external data file written beside it.</summary>
    public const string ExternalDataFileSuffix = ".data";

    /// <summary>
    /// Most dims of a compressible weight: the .dcz container's limit (Conv3D weights have 5; ONNX itself sets none,
    /// so a hostile model can declare 100,000 unit dims).
    /// </summary>
    public const int MaxWeightRank = 8;

    /// <summary>Keys of <c>TensorProto.external_data</c>.</summary>
    public static class ExternalDataKeys
    {
        public const string Location = "location";
        public const string Offset = "offset";
        public const string Length = "length";
    }

    /// <summary>Operator types and domains the layer discovery looks at.</summary>
    public static class Ops
    {
        public const string Conv = "Conv";
        public const string ConvTranspose = "ConvTranspose";
        public const string Gemm = "Gemm";
        public const string MatMul = "MatMul";
        public const string Constant = "Constant";
        public const string ConstantValueAttribute = "value";
        public const string DefaultDomain = "ai.onnx";
    }
}
