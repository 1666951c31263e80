namespace DeepCompress.Core.Coding;

/// <summary>
/// Reads bit fields LSB-first (the mirror of <see cref="BitWriter"/>) through a 64-bit buffer. It never reads past
/// the end of its span: asking for more bits than remain throws <see cref="InvalidCodedDataException"/>.
/// </summary>
public ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _nextByte;
    private ulong _buffer;
    private int _bitCount;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>Bits consumed so far.</summary>
    public readonly long Position => (_nextByte * 8L) - _bitCount;

    /// <summary>Bits not yet consumed.</summary>
    public readonly long RemainingBits => (_data.Length * 8L) - Position;

    /// <summary>Reads <paramref name="count"/> bits (0..32); <paramref name="what"/> names the field in the error.</summary>
    public uint Read(int count, string what)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 32);
        if (count > RemainingBits)
        {
            throw new InvalidCodedDataException($"{what}: bits needed ({count} vs limit {RemainingBits} remaining)");
        }

        while (_bitCount < count)
        {
            _buffer |= (ulong)_data[_nextByte++] << _bitCount;
            _bitCount += 8;
        }

        var value = (uint)(_buffer & ((1UL << count) - 1));
        _buffer >>= count;
        _bitCount -= count;
        return value;
    }

    /// <summary>Bytes touched so far, i.e. the position rounded up to a whole byte.</summary>
    public readonly int BytesConsumed => (int)((Position + 7) / 8);

    /// <summary>Throws unless the bits between the position and the next byte boundary are all zero.</summary>
    public void RequireZeroPadding(string what)
    {
        var padding = (int)((8 - (Position % 8)) % 8);
        var value = Read(padding, what);
        if (value != 0)
        {
            throw new InvalidCodedDataException($"{what}: nonzero padding bits ({value} vs limit 0)");
        }
    }
}
