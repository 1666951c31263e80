using System.Buffers.Binary;
using System.IO.Compression;

namespace DeepCompress.Core.Data;

/// <summary>
/// Reads IDX files (the MNIST distribution format): magic <c>00 00 TT NN</c> with element type TT and NN
/// dimensions, NN big-endian uint32 dimension sizes, then the elements. Only unsigned bytes (TT = 0x08), the
/// type of every MNIST-family file, are supported. A gzip-compressed file (magic <c>1f 8b</c>) is decompressed
/// on the fly. The header is validated against the file length before the data array is allocated.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;
    private const int MagicBytes = 4;
    private const int DimensionBytes = 4;
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];

    // The element types the IDX description defines, for telling "unsupported" from "garbage".
    private static readonly Dictionary<byte, string> KnownTypes = new()
    {
        [0x08] = "unsigned byte",
        [0x09] = "signed byte",
        [0x0B] = "int16",
        [0x0C] = "int32",
        [0x0D] = "float32",
        [0x0E] = "float64",
    };

    /// <summary>Reads an IDX file, raw or gzip-compressed.</summary>
    public static IdxTensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(file, path);
    }

    /// <summary>
    /// Reads an IDX tensor from <paramref name="stream"/>; <paramref name="fileName"/> names it in errors.
    /// Gzip detection needs to look ahead, so a gzip-compressed input must come from a seekable stream.
    /// </summary>
    public static IdxTensor Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        if (stream.CanSeek && IsGzip(stream))
        {
            try
            {
                using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
                return ReadRaw(gzip, fileName);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataFileException(fileName, $"corrupt gzip data: {e.Message}", e);
            }
        }

        return ReadRaw(stream, fileName);
    }

    private static bool IsGzip(Stream stream)
    {
        var start = stream.Position;
        Span<byte> prefix = stackalloc byte[2];
        var read = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        stream.Position = start;
        return read == prefix.Length && prefix.SequenceEqual(GzipMagic);
    }

    private static IdxTensor ReadRaw(Stream stream, string fileName)
    {
        var magic = BoundedStreamReader.ReadExactly(stream, MagicBytes, fileName, "the IDX magic");
        if (magic[0] != 0 || magic[1] != 0)
        {
            if (magic[0] == GzipMagic[0] && magic[1] == GzipMagic[1])
            {
                throw new NotSupportedException($"{fileName}: gzip-compressed IDX needs a seekable stream");
            }

            throw new InvalidDataFileException(fileName, $"bad IDX magic {Convert.ToHexString(magic)}, expected 0000TTNN (first two bytes zero)");
        }

        var type = magic[2];
        if (!KnownTypes.TryGetValue(type, out var typeName))
        {
            throw new InvalidDataFileException(fileName, $"IDX element type 0x{type:X2} is not one of 08, 09, 0B, 0C, 0D, 0E");
        }

        if (type != UnsignedByteType)
        {
            throw new NotSupportedException($"{fileName}: IDX element type 0x{type:X2} ({typeName}) is not supported, only 0x08 (unsigned byte)");
        }

        var rank = magic[3];
        if (rank == 0)
        {
            throw new InvalidDataFileException(fileName, "IDX dimension count 0, expected 1 to 255");
        }

        var header = BoundedStreamReader.ReadExactly(stream, (long)rank * DimensionBytes, fileName, $"the {rank} IDX dimension sizes");
        var shape = new int[rank];
        long count = 1;
        for (var d = 0; d < rank; d++)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(d * DimensionBytes));
            if (size > Array.MaxLength)
            {
                throw new InvalidDataFileException(fileName, $"IDX dimension {d} is {size}, more than the {Array.MaxLength} limit");
            }

            shape[d] = (int)size;
            count = checked(count * size);
            if (count > Array.MaxLength)
            {
                throw new InvalidDataFileException(fileName, $"IDX dimensions [{string.Join(", ", shape[..(d + 1)])}...] hold more than {Array.MaxLength} elements");
            }
        }

        var data = BoundedStreamReader.ReadExactly(stream, count, fileName, $"IDX data of shape [{string.Join(", ", shape)}]");
        BoundedStreamReader.EnsureAtEnd(stream, fileName);
        return new IdxTensor(shape, data);
    }
}
