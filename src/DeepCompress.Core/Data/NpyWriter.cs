using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace DeepCompress.Core.Data;

/// <summary>
/// Writes float32 arrays as .npy (dtype <c>&lt;f4</c>, C order) byte for byte as <c>numpy.save</c> (1.24) does:
/// format 1.0 unless the header outgrows its uint16 length field, then 2.0; the header padded with spaces and a
/// final newline so the data starts at a multiple of 64 bytes. The output depends only on the shape and values.
/// </summary>
public static class NpyWriter
{
    private const int HeaderAlignment = 64;
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Writes <paramref name="data"/> with <paramref name="shape"/> to a new file at <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<int> shape, ReadOnlySpan<float> data)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(file, shape, data);
    }

    /// <summary>Writes one array to <paramref name="stream"/>; the product of <paramref name="shape"/> must equal the data length.</summary>
    public static void Write(Stream stream, ReadOnlySpan<int> shape, ReadOnlySpan<float> data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long count = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count = checked(count * dimension);
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"shape ({string.Join(", ", shape.ToArray())}) has {count} elements, data has {data.Length}", nameof(data));
        }

        stream.Write(BuildPreamble(shape));
        var buffer = new byte[Math.Min(data.Length, 1 << 14) * sizeof(float)];
        for (var start = 0; start < data.Length; start += buffer.Length / sizeof(float))
        {
            var chunk = data.Slice(start, Math.Min(buffer.Length / sizeof(float), data.Length - start));
            for (var i = 0; i < chunk.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), chunk[i]);
            }

            stream.Write(buffer, 0, chunk.Length * sizeof(float));
        }
    }

    /// <summary>Magic, version, header length and the padded header dict.</summary>
    internal static byte[] BuildPreamble(ReadOnlySpan<int> shape)
    {
        var dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        dict.AppendJoin(", ", shape.ToArray());
        // A one-element Python tuple needs its trailing comma: (5,) not (5).
        if (shape.Length == 1)
        {
            dict.Append(',');
        }

        dict.Append("), }");
        if (shape.Length > 0)
        {
            // numpy >= 1.24 leaves room to rewrite the leading dimension in place; matching it keeps files byte-identical.
            var leading = shape[0].ToString(CultureInfo.InvariantCulture).Length;
            dict.Append(' ', Math.Max(0, GrowthAxisMaxDigits - leading));
        }

        var major = 1;
        var prefixBytes = NpyReader.Magic.Length + 2 + 2;
        var headerLength = PaddedHeaderLength(prefixBytes, dict.Length);
        if (headerLength > ushort.MaxValue)
        {
            major = 2;
            prefixBytes += 2;
            headerLength = PaddedHeaderLength(prefixBytes, dict.Length);
        }

        dict.Append(' ', headerLength - dict.Length - 1).Append('\n');
        var preamble = new byte[prefixBytes + headerLength];
        NpyReader.Magic.CopyTo(preamble);
        preamble[NpyReader.Magic.Length] = (byte)major;
        preamble[NpyReader.Magic.Length + 1] = 0;
        var lengthField = preamble.AsSpan(NpyReader.Magic.Length + 2);
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(lengthField, (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(lengthField, (uint)headerLength);
        }

        Encoding.Latin1.GetBytes(dict.ToString(), preamble.AsSpan(prefixBytes));
        return preamble;
    }

    // numpy's rule: at least one space, then a newline, ending on a 64-byte boundary (a full 64 spaces when the
    // unpadded header already ends on one).
    private static int PaddedHeaderLength(int prefixBytes, int dictLength)
    {
        var withNewline = dictLength + 1;
        return withNewline + HeaderAlignment - (prefixBytes + withNewline) % HeaderAlignment;
    }
}
