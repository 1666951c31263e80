namespace DeepCompress.Core.Data;

/// <summary>
/// Reads a payload whose size comes from an untrusted header. A seekable stream is checked against its length
/// before the array is allocated; a stream of unknown length (gzip, zip member) grows its buffer only as bytes
/// actually arrive, so a header that claims gigabytes in a tiny file never allocates them.
/// </summary>
internal static class BoundedStreamReader
{
    // Growth step for streams of unknown length; large enough that MNIST's 47 MB file needs few copies.
    private const int InitialChunkBytes = 1 << 20;

    /// <summary>Reads exactly <paramref name="count"/> bytes or throws naming <paramref name="what"/>.</summary>
    public static byte[] ReadExactly(Stream stream, long count, string fileName, string what)
    {
        if (count > Array.MaxLength)
        {
            throw new InvalidDataFileException(fileName, $"{count} bytes needed for {what}, more than the {Array.MaxLength}-byte array limit");
        }

        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining < count)
            {
                throw new InvalidDataFileException(fileName, $"truncated: {count} bytes needed for {what}, only {remaining} remain");
            }

            var exact = new byte[count];
            stream.ReadExactly(exact);
            return exact;
        }

        var buffer = new byte[Math.Min(count, InitialChunkBytes)];
        long filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(count, (long)buffer.Length * 2));
            }

            var read = stream.Read(buffer, (int)filled, buffer.Length - (int)filled);
            if (read == 0)
            {
                throw new InvalidDataFileException(fileName, $"truncated: {count} bytes needed for {what}, only {filled} remain");
            }

            filled += read;
        }

        return buffer;
    }

    /// <summary>Throws when bytes follow the payload: the formats read here define their exact length.</summary>
    public static void EnsureAtEnd(Stream stream, string fileName)
    {
        if (stream.CanSeek)
        {
            var trailing = stream.Length - stream.Position;
            if (trailing != 0)
            {
                throw new InvalidDataFileException(fileName, $"{trailing} trailing bytes after the data, expected 0");
            }

            return;
        }

        if (stream.ReadByte() != -1)
        {
            throw new InvalidDataFileException(fileName, "trailing bytes after the data, expected 0");
        }
    }
}
