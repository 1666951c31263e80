using DeepCompress.Onnx.Proto;

namespace DeepCompress.Onnx;

/// <summary>Element counts and byte sizes of tensors, checked so that hostile dims cannot overflow.</summary>
internal static class TensorElements
{
    /// <summary>
    /// The product of <paramref name="tensor"/>'s dims, or an <see cref="InvalidModelException"/> naming the tensor
    /// when a dim is negative or the product overflows 64 bits.
    /// </summary>
    public static long Count(TensorProto tensor, string modelName)
    {
        long count = 1;
        foreach (long dim in tensor.Dims)
        {
            if (dim < 0)
            {
                throw new InvalidModelException(
                    $"{modelName}: tensor '{tensor.Name}' has dim {dim}; dims must be >= 0");
            }

            try
            {
                count = checked(count * dim);
            }
            catch (OverflowException ex)
            {
                throw new InvalidModelException(
                    $"{modelName}: tensor '{tensor.Name}' dims [{string.Join(", ", tensor.Dims)}] have more than {long.MaxValue} elements",
                    ex);
            }
        }

        return count;
    }

    /// <summary>Bytes per element in raw_data for fixed-width types; null for strings and types this schema predates.</summary>
    public static int? ByteSize(int dataType) => (TensorProto.Types.DataType)dataType switch
    {
        TensorProto.Types.DataType.Float => 4,
        TensorProto.Types.DataType.Uint8 => 1,
        TensorProto.Types.DataType.Int8 => 1,
        TensorProto.Types.DataType.Uint16 => 2,
        TensorProto.Types.DataType.Int16 => 2,
        TensorProto.Types.DataType.Int32 => 4,
        TensorProto.Types.DataType.Int64 => 8,
        TensorProto.Types.DataType.Bool => 1,
        TensorProto.Types.DataType.Float16 => 2,
        TensorProto.Types.DataType.Double => 8,
        TensorProto.Types.DataType.Uint32 => 4,
        TensorProto.Types.DataType.Uint64 => 8,
        TensorProto.Types.DataType.Complex64 => 8,
        TensorProto.Types.DataType.Complex128 => 16,
        TensorProto.Types.DataType.Bfloat16 => 2,
        _ => null,
    };

    /// <summary>Whether the tensor's data lives in an external file rather than in the model.</summary>
    public static bool IsExternal(TensorProto tensor) =>
        tensor.HasDataLocation && tensor.DataLocation == TensorProto.Types.DataLocation.External;

    /// <summary>"[2, 3, 4]" for messages.</summary>
    public static string FormatDims(TensorProto tensor) => $"[{string.Join(", ", tensor.Dims)}]";
}
