using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepCompress.Core.Tests.Data;

/// <summary>Builds IDX files byte by byte, so each test states exactly what the reader sees.</summary>
internal static class IdxFiles
{
    /// <summary>An unsigned-byte IDX file with the given dimensions and data.</summary>
    public static byte[] Build(int[] shape, byte[] data) => Build(0x08, shape.Select(d => (uint)d).ToArray(), data);

    /// <summary>An IDX file with any element type byte and raw dimension values (for corrupt headers).</summary>
    public static byte[] Build(byte elementType, uint[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = elementType;
        bytes[3] = (byte)dimensions.Length;
        for (var d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        }

        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    /// <summary>Seeded pseudo-random pixels.</summary>
    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }
}
