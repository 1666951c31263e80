namespace DeepCompress.Core.Coding;

/// <summary>
/// Unsigned LEB128 varints (7 data bits per byte, low group first, bit 7 = more bytes follow). Readers accept only
/// the shortest encoding, so every value has exactly one byte form.
/// </summary>
public static class Leb128
{
    /// <summary>Longest encoding of a 32-bit value.</summary>
    public const int MaxBytes32 = 5;

    /// <summary>Number of bytes <see cref="Write"/> emits for <paramref name="value"/>.</summary>
    public static int SizeOf(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes the encoding of <paramref name="value"/> at the start of <paramref name="destination"/>; returns its size.</summary>
    public static int Write(Span<byte> destination, uint value)
    {
        var size = 0;
        while (value >= 0x80)
        {
            destination[size++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[size++] = (byte)value;
        return size;
    }

    /// <summary>Appends the encoding of <paramref name="value"/>.</summary>
    public static void Write(Stream output, uint value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    /// <summary>
    /// Reads a value at <paramref name="offset"/> and advances it. Throws <see cref="InvalidCodedDataException"/>
    /// on truncation, on a value above <paramref name="limit"/>, or on a non-shortest encoding.
    /// </summary>
    public static uint Read(ReadOnlySpan<byte> data, ref int offset, uint limit, string what)
    {
        ulong value = 0;
        for (var i = 0; i < MaxBytes32; i++)
        {
            if (offset >= data.Length)
            {
                throw new InvalidCodedDataException($"{what}: varint truncated ({data.Length} bytes vs limit {offset + 1} needed)");
            }

            var b = data[offset++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    throw new InvalidCodedDataException($"{what}: varint not in shortest form ({i + 1} bytes vs limit {i})");
                }

                if (value > limit)
                {
                    throw new InvalidCodedDataException($"{what}: value out of range ({value} vs limit {limit})");
                }

                return (uint)value;
            }
        }

        throw new InvalidCodedDataException($"{what}: varint too long (more than {MaxBytes32} bytes vs limit {MaxBytes32})");
    }

    /// <summary>
    /// Reads a byte count (at most <paramref name="limit"/>) that must fit in the bytes following the varint itself.
    /// </summary>
    public static int ReadLength(ReadOnlySpan<byte> data, ref int offset, int limit, string what)
    {
        var length = Read(data, ref offset, (uint)limit, what);
        var remaining = data.Length - offset;
        if (length > remaining)
        {
            throw new InvalidCodedDataException($"{what}: runs past the end ({length} vs limit {remaining})");
        }

        return (int)length;
    }
}
