using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.Onnx;

/// <summary>The data of one tensor, taken out of the model while it is written and put back afterwards.</summary>
internal sealed class StrippedPayload
{
    private readonly ByteString? _rawData;
    private readonly float[]? _floatData;
    private bool _restored;

    private StrippedPayload(TensorProto tensor, int depth, int order, ByteString? rawData, float[]? floatData, ReadOnlyMemory<byte> bytes)
    {
        Tensor = tensor;
        Depth = depth;
        Order = order;
        _rawData = rawData;
        _floatData = floatData;
        Bytes = bytes;
    }

    public TensorProto Tensor { get; }

    /// <summary>How many messages enclose the tensor; each adds a length prefix to the serialized size.</summary>
    public int Depth { get; }

    /// <summary>Position in model order, which fixes the layout of the data file.</summary>
    public int Order { get; }

    /// <summary>The payload as it is written to the data file (raw_data, or float_data little-endian).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Bytes an external copy would take; 0 for empty tensors and for typed fields other than float_data.</summary>
    public static long ExternalizableBytes(TensorProto tensor)
    {
        if (tensor.RawData.Length > 0)
        {
            return tensor.RawData.Length;
        }

        return tensor.DataType == (int)TensorProto.Types.DataType.Float ? 4L * tensor.FloatData.Count : 0;
    }

    public static StrippedPayload Strip(TensorProto tensor, int depth, int order)
    {
        if (tensor.RawData.Length > 0)
        {
            ByteString raw = tensor.RawData;
            tensor.ClearRawData();
            return new StrippedPayload(tensor, depth, order, raw, null, raw.Memory);
        }

        float[] floats = [.. tensor.FloatData];
        tensor.FloatData.Clear();
        return new StrippedPayload(tensor, depth, order, null, floats, LittleEndianFloats.ToBytes(floats));
    }

    public void Restore()
    {
        if (_restored)
        {
            return;
        }

        _restored = true;
        Tensor.ExternalData.Clear();
        Tensor.ClearDataLocation();
        if (_rawData is not null)
        {
            Tensor.RawData = _rawData;
        }
        else if (_floatData is not null)
        {
            Tensor.FloatData.AddRange(_floatData);
        }
    }
}
