using System.Buffers;
using System.Buffers.Binary;

namespace DeepCompress.Core.Coding;

/// <summary>
/// Writes bit fields LSB-first (the first bit written is bit 0 of the first byte, as in DEFLATE), through a 64-bit
/// accumulator. Used for the small table structures; the Huffman encoder inlines the same scheme for speed.
/// </summary>
public sealed class BitWriter
{
    private readonly ArrayBufferWriter<byte> _bytes = new();
    private ulong _buffer;
    private int _bitCount;

    /// <summary>Number of bits written so far.</summary>
    public long BitLength => (_bytes.WrittenCount * 8L) + _bitCount;

    /// <summary>Appends the low <paramref name="count"/> bits of <paramref name="value"/> (0..32 bits); higher bits must be zero.</summary>
    public void Write(uint value, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 32);
        if (count < 32 && (value >> count) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"value {value} does not fit in {count} bits");
        }

        _buffer |= (ulong)value << _bitCount;
        _bitCount += count;
        if (_bitCount >= 32)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_bytes.GetSpan(4), (uint)_buffer);
            _bytes.Advance(4);
            _buffer >>= 32;
            _bitCount -= 32;
        }
    }

    /// <summary>Pads with zero bits to a byte boundary and returns every byte written.</summary>
    public byte[] ToArray()
    {
        var tailBytes = (_bitCount + 7) / 8;
        var result = new byte[_bytes.WrittenCount + tailBytes];
        _bytes.WrittenSpan.CopyTo(result);
        var buffer = _buffer;
        for (var i = 0; i < tailBytes; i++)
        {
            result[_bytes.WrittenCount + i] = (byte)buffer;
            buffer >>= 8;
        }

        return result;
    }
}
