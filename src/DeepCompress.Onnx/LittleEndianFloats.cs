using System.Buffers.Binary;

namespace DeepCompress.Onnx;

/// <summary>float32 to and from ONNX raw_data, which is little-endian whatever the machine's byte order.</summary>
internal static class LittleEndianFloats
{
    public static byte[] ToBytes(ReadOnlySpan<float> values)
    {
        byte[] bytes = new byte[checked(values.Length * sizeof(float))];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    /// <summary>Decodes <paramref name="bytes"/> (exactly 4 per element of <paramref name="values"/>).</summary>
    public static void Read(ReadOnlySpan<byte> bytes, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
        }
    }
}
