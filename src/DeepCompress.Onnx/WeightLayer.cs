using DeepCompress.Core;
using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.Onnx;

/// <summary>
/// One compressible layer: the constant float32 weight tensor of a Conv, ConvTranspose, Gemm or MatMul node. Reads
/// and writes go straight to the <see cref="TensorProto"/> inside the model, so a later save sees them.
/// </summary>
public sealed class WeightLayer
{
    private readonly string _modelName;

    internal WeightLayer(
        string modelName, string name, LayerClass layerClass, string opType, TensorProto tensor, string location, int[] shape)
    {
        _modelName = modelName;
        Name = name;
        Class = layerClass;
        OpType = opType;
        Tensor = tensor;
        Location = location;
        Shape = shape;
        ElementCount = shape.Aggregate(1, (count, dim) => count * dim);
    }

    /// <summary>The value name the consuming node uses (the initializer name, or the Constant node's output).</summary>
    public string Name { get; }

    /// <summary>Conv for Conv/ConvTranspose, Fc for Gemm/MatMul.</summary>
    public LayerClass Class { get; }

    /// <summary>The operator of the first node (in discovery order) that uses the weight.</summary>
    public string OpType { get; }

    /// <summary>The tensor's dims, e.g. [out, in/group, kH, kW] for Conv.</summary>
    public int[] Shape { get; }

    /// <summary>The product of <see cref="Shape"/>.</summary>
    public int ElementCount { get; }

    /// <summary>Where the tensor is stored: "initializer", "Constant node 'x'", "subgraph 'then_branch' of If 'if0'".</summary>
    public string Location { get; }

    /// <summary>The tensor inside the model.</summary>
    public TensorProto Tensor { get; }

    /// <summary>The weights, from raw_data (little-endian) or float_data.</summary>
    /// <remarks>The stored size is checked before the array is allocated: dims are untrusted, so a tiny model could otherwise ask for gigabytes.</remarks>
    public float[] ReadWeights()
    {
        if (Tensor.RawData.Length > 0)
        {
            ReadOnlySpan<byte> raw = Tensor.RawData.Span;
            if (raw.Length != (long)ElementCount * sizeof(float))
            {
                throw new InvalidModelException(
                    $"{_modelName}: weight '{Name}' has {raw.Length} bytes of raw_data; shape [{string.Join(", ", Shape)}] needs {(long)ElementCount * sizeof(float)}");
            }

            var fromRaw = new float[ElementCount];
            LittleEndianFloats.Read(raw, fromRaw);
            return fromRaw;
        }

        if (Tensor.FloatData.Count != ElementCount)
        {
            throw new InvalidModelException(
                $"{_modelName}: weight '{Name}' has {Tensor.FloatData.Count} float_data values and no raw_data; shape [{string.Join(", ", Shape)}] needs {ElementCount}");
        }

        var weights = new float[ElementCount];
        Tensor.FloatData.CopyTo(weights, 0);
        return weights;
    }

    /// <summary>Replaces the weights; they are stored as little-endian raw_data and float_data is cleared.</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="ElementCount"/>.</exception>
    /// <exception cref="NotSupportedException">The weights need more bytes than one array (and raw_data) holds.</exception>
    public void WriteWeights(ReadOnlySpan<float> values)
    {
        if (values.Length != ElementCount)
        {
            throw new ArgumentException(
                $"weight '{Name}' has {ElementCount} elements; {values.Length} values were given", nameof(values));
        }

        long bytes = (long)values.Length * sizeof(float);
        if (bytes > Array.MaxLength)
        {
            throw new NotSupportedException(
                $"{_modelName}: weight '{Name}' has {bytes} bytes; at most {Array.MaxLength} are supported per tensor held in the model (larger ones only stream to external data)");
        }

        // The array is owned by the tensor from here on, so no defensive copy is needed.
        Tensor.RawData = UnsafeByteOperations.UnsafeWrap(LittleEndianFloats.ToBytes(values));
        Tensor.FloatData.Clear();
    }

    /// <summary>
    /// Removes the weight data but keeps name, dims and data type: the .dcz container stores the weights separately
    /// and restores them with <see cref="WriteWeights"/>.
    /// </summary>
    public void ClearWeights()
    {
        Tensor.ClearRawData();
        Tensor.FloatData.Clear();
    }
}
