using System.Buffers.Binary;
using System.Text;

namespace DeepCompress.Core.Tests.Data;

/// <summary>Builds .npy files from a literal header text, for headers numpy itself would never write.</summary>
internal static class NpyFiles
{
    public static byte[] Build(string header, byte[] data, byte major = 1, byte minor = 0)
    {
        var headerBytes = major == 3 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header);
        var lengthBytes = major == 1 ? 2 : 4;
        var bytes = new List<byte>();
        bytes.AddRange([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, minor]);
        var length = new byte[lengthBytes];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
        }

        bytes.AddRange(length);
        bytes.AddRange(headerBytes);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static string Header(string descr, string shape, string fortranOrder = "False") =>
        $"{{'descr': '{descr}', 'fortran_order': {fortranOrder}, 'shape': {shape}, }}\n";

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}
