using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace DeepCompress.Core.Data;

/// <summary>
/// Reads numpy .npy files, format versions 1.0, 2.0 and 3.0: magic <c>\x93NUMPY</c>, major and minor version
/// bytes, a little-endian header length (uint16 in 1.0, uint32 in 2.0/3.0), the header dict literal
/// (latin-1, UTF-8 in 3.0), then the elements. Supported dtypes are those of <see cref="NpyDataType"/> in C
/// order; Fortran order, big-endian and other dtypes throw <see cref="NotSupportedException"/>. Every size is
/// checked against the bytes the file holds before anything is allocated.
/// </summary>
public static class NpyReader
{
    /// <summary>numpy's own reader refuses headers above 10 000 bytes by default; a larger cap costs nothing.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a .npy file.</summary>
    public static NpyArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(file, path);
    }

    /// <summary>
    /// Reads one array from <paramref name="stream"/>, which must end where the array ends;
    /// <paramref name="fileName"/> names it in errors and becomes <see cref="NpyArray.Source"/>.
    /// </summary>
    public static NpyArray Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        var preamble = BoundedStreamReader.ReadExactly(stream, Magic.Length + 2, fileName, "the npy magic and version");
        if (!preamble.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataFileException(fileName, $"bad npy magic {Convert.ToHexString(preamble, 0, Magic.Length)}, expected 934E554D5059 (\\x93NUMPY)");
        }

        int major = preamble[Magic.Length], minor = preamble[Magic.Length + 1];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new NotSupportedException($"{fileName}: npy format version {major}.{minor} is not supported, only 1.0, 2.0 and 3.0");
        }

        var lengthBytes = major == 1 ? 2 : 4;
        var lengthField = BoundedStreamReader.ReadExactly(stream, lengthBytes, fileName, "the npy header length");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField) : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > MaxHeaderBytes)
        {
            throw new InvalidDataFileException(fileName, $"npy header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
        }

        var headerBytes = BoundedStreamReader.ReadExactly(stream, headerLength, fileName, "the npy header");
        var header = NpyHeaderParser.Parse(DecodeHeader(headerBytes, major, fileName), fileName);
        if (header.FortranOrder)
        {
            throw new NotSupportedException($"{fileName}: Fortran-order npy arrays are not supported, only C order");
        }

        var (dataType, itemBytes) = ParseDescr(header.Descr, fileName);
        long count = 1;
        foreach (var dimension in header.Shape)
        {
            count = checked(count * dimension);
            if (count > Array.MaxLength)
            {
                throw new InvalidDataFileException(fileName, $"npy shape ({string.Join(", ", header.Shape)}) holds more than {Array.MaxLength} elements");
            }
        }

        var data = BoundedStreamReader.ReadExactly(stream, count * itemBytes, fileName, $"npy data of shape ({string.Join(", ", header.Shape)}) and dtype '{header.Descr}'");
        BoundedStreamReader.EnsureAtEnd(stream, fileName);
        return Decode(data, dataType, header.Shape, fileName);
    }

    private static string DecodeHeader(byte[] bytes, int major, string fileName)
    {
        if (major < 3)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataFileException(fileName, "npy 3.0 header is not valid UTF-8", e);
        }
    }

    private static (NpyDataType Type, int ItemBytes) ParseDescr(string descr, string fileName)
    {
        switch (descr)
        {
            case "<f4":
                return (NpyDataType.Float32, 4);
            case "<f8":
                return (NpyDataType.Float64, 8);
            case "<i8":
                return (NpyDataType.Int64, 8);
            case "<i4":
                return (NpyDataType.Int32, 4);
            case "|u1" or "<u1":
                return (NpyDataType.UInt8, 1);
            case "|i1" or "<i1":
                return (NpyDataType.Int8, 1);
        }

        // A well-formed typestring (byte order, kind letter, item size) is a real dtype this reader lacks.
        if (IsTypestring(descr))
        {
            throw new NotSupportedException($"{fileName}: npy dtype '{descr}' is not supported, only <f4, <f8, <i8, <i4, |u1, |i1");
        }

        throw new InvalidDataFileException(fileName, $"npy descr '{descr}' is not a numpy typestring");
    }

    private static bool IsTypestring(string descr) =>
        descr.Length >= 3
        && descr[0] is '<' or '>' or '=' or '|'
        && char.IsAsciiLetter(descr[1])
        && !descr.AsSpan(2).ContainsAnyExceptInRange('0', '9');

    private static NpyArray Decode(byte[] data, NpyDataType dataType, int[] shape, string fileName)
    {
        switch (dataType)
        {
            case NpyDataType.UInt8:
                return NpyArray.FromBytes(fileName, shape, data);
            case NpyDataType.Int8:
                return NpyArray.FromSBytes(fileName, shape, MemoryMarshal.Cast<byte, sbyte>(data).ToArray());
            case NpyDataType.Float32:
            {
                var values = new float[data.Length / sizeof(float)];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(i * sizeof(float)));
                }

                return NpyArray.FromSingles(fileName, dataType, shape, values);
            }

            case NpyDataType.Float64:
            {
                var values = new float[data.Length / sizeof(double)];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(i * sizeof(double)));
                }

                return NpyArray.FromSingles(fileName, dataType, shape, values);
            }

            case NpyDataType.Int64:
            {
                var values = new long[data.Length / sizeof(long)];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(i * sizeof(long)));
                }

                return NpyArray.FromInt64s(fileName, shape, values);
            }

            case NpyDataType.Int32:
            {
                var values = new int[data.Length / sizeof(int)];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(i * sizeof(int)));
                }

                return NpyArray.FromInt32s(fileName, shape, values);
            }

            default:
                throw new InvalidOperationException($"unhandled {nameof(NpyDataType)} {dataType}");
        }
    }
}
