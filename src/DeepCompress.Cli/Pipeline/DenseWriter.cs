using System.Buffers.Binary;
using DeepCompress.Core;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// Writes a weight-shared sparse tensor as dense little-endian float32 (ONNX raw_data) block by block, so decoding a
/// layer never holds it dense: the bytes equal those of <see cref="SparseQuantizedTensor.ToDense"/> written out.
/// </summary>
public static class DenseWriter
{
    private const int BlockElements = 1 << 16;

    public static void Write(Stream output, SparseQuantizedTensor tensor)
    {
        var block = new byte[BlockElements * sizeof(float)];
        var next = 0;

        // Element indices are counted in 64 bits: a layer may hold up to 2^31-1 of them, and a block's end past that
        // must not wrap around.
        for (long start = 0; start < tensor.ElementCount; start += BlockElements)
        {
            var length = (int)Math.Min(BlockElements, tensor.ElementCount - start);
            var bytes = block.AsSpan(0, length * sizeof(float));
            bytes.Clear();
            for (; next < tensor.NonZeroCount && tensor.Positions[next] < start + length; next++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes[(int)((tensor.Positions[next] - start) * sizeof(float))..], tensor.Codebook[tensor.Codes[next]]);
            }

            output.Write(bytes);
        }
    }
}
