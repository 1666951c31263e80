using System.Buffers.Binary;
using DeepCompress.Onnx.Proto;

namespace DeepCompress.Runtime.Graph;

/// <summary>Turns an inline ONNX TensorProto into a <see cref="Tensor"/>.</summary>
internal static class TensorProtoConverter
{
    public static Tensor ToTensor(TensorProto proto, string what)
    {
        if (proto.DataLocation == TensorProto.Types.DataLocation.External || proto.ExternalData.Count > 0)
        {
            throw new NotSupportedException($"{what}: external data must be loaded inline before creating a session");
        }

        if (proto.Segment is not null)
        {
            throw new NotSupportedException($"{what}: segmented tensors are not supported");
        }

        var dims = new int[proto.Dims.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            var d = proto.Dims[i];
            if (d < 0 || d > Array.MaxLength)
            {
                throw new InvalidDataException($"{what}: dimension {i} is {d}, outside [0, {Array.MaxLength}]");
            }

            dims[i] = (int)d;
        }

        var count = ShapeMath.ElementCount(dims, what);
        var type = ElementTypeOf(proto.DataType, what);
        var raw = proto.RawData.Span;
        var hasRaw = proto.HasRawData;
        switch (type)
        {
            case TensorElementType.Float32:
            {
                var data = new float[count];
                if (hasRaw)
                {
                    CheckLength(raw.Length, (long)count * sizeof(float), what, "raw_data bytes");
                    for (var i = 0; i < count; i++)
                    {
                        data[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
                    }
                }
                else
                {
                    CheckLength(proto.FloatData.Count, count, what, "float_data elements");
                    proto.FloatData.CopyTo(data, 0);
                }

                return Tensor.FromArray(type, dims, data);
            }

            case TensorElementType.Int64:
            {
                var data = new long[count];
                if (hasRaw)
                {
                    CheckLength(raw.Length, (long)count * sizeof(long), what, "raw_data bytes");
                    for (var i = 0; i < count; i++)
                    {
                        data[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * sizeof(long))..]);
                    }
                }
                else
                {
                    CheckLength(proto.Int64Data.Count, count, what, "int64_data elements");
                    proto.Int64Data.CopyTo(data, 0);
                }

                return Tensor.FromArray(type, dims, data);
            }

            default:
            {
                var data = new bool[count];
                if (hasRaw)
                {
                    CheckLength(raw.Length, count, what, "raw_data bytes");
                    for (var i = 0; i < count; i++)
                    {
                        data[i] = raw[i] != 0;
                    }
                }
                else
                {
                    CheckLength(proto.Int32Data.Count, count, what, "int32_data elements");
                    for (var i = 0; i < count; i++)
                    {
                        data[i] = proto.Int32Data[i] != 0;
                    }
                }

                return Tensor.FromArray(type, dims, data);
            }
        }
    }

    public static TensorElementType ElementTypeOf(int onnxDataType, string what) => onnxDataType switch
    {
        (int)TensorProto.Types.DataType.Float => TensorElementType.Float32,
        (int)TensorProto.Types.DataType.Int64 => TensorElementType.Int64,
        (int)TensorProto.Types.DataType.Bool => TensorElementType.Bool,
        >= 0 and <= 23 => throw new NotSupportedException(
            $"{what}: data type {DataTypeName(onnxDataType)} is not supported (supported: FLOAT, INT64, BOOL)"),
        _ => throw new InvalidDataException($"{what}: data type {onnxDataType} is not an ONNX data type (0..23)"),
    };

    public static string DataTypeName(int onnxDataType) =>
        Enum.IsDefined(typeof(TensorProto.Types.DataType), onnxDataType)
            ? ((TensorProto.Types.DataType)onnxDataType).ToString().ToUpperInvariant()
            : $"#{onnxDataType}";

    private static void CheckLength(long actual, long expected, string what, string unit)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"{what}: has {actual} {unit}, its shape needs {expected}");
        }
    }
}
