using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DeepCompress.Core.Coding;

/// <summary>
/// Encodes symbols with a canonical Huffman code into an LSB-first bit stream (codes MSB-first, see
/// <see cref="CanonicalCode"/>). The hot loop packs several codes into a 64-bit accumulator and stores it with one
/// unaligned 8-byte write, advancing the output by the whole bytes completed.
/// </summary>
public sealed class HuffmanEncoder
{
    private const int LengthShift = 16;

    // One entry per possible ushort symbol: reversed code in the low 16 bits, length above. An entry of 0 marks a
    // symbol outside the code; the full-size table lets the loop index without a range check.
    private readonly uint[] _table = new uint[CodingConstants.MaxAlphabetSize];
    private readonly byte[] _lengths;
    private readonly int _symbolsPerFlush;

    /// <summary>Builds the encoder for <paramref name="lengths"/> (validated like a table read from disk).</summary>
    public HuffmanEncoder(ReadOnlySpan<byte> lengths)
    {
        HuffmanTable.Validate(lengths);
        _lengths = lengths.ToArray();
        var codes = CanonicalCode.Assign(lengths);
        var maxLength = 1;
        for (var s = 0; s < lengths.Length; s++)
        {
            if (lengths[s] != 0)
            {
                _table[s] = CanonicalCode.Reverse(codes[s], lengths[s]) | ((uint)lengths[s] << LengthShift);
                maxLength = Math.Max(maxLength, lengths[s]);
            }
        }

        // After a flush at most 7 bits stay in the accumulator, and a flush must leave the shift below 64.
        _symbolsPerFlush = CodingConstants.BitsPerRefill / maxLength;
    }

    /// <summary>Exact encoded size in bits of a stream with the given symbol histogram.</summary>
    public long GetEncodedBitLength(ReadOnlySpan<long> counts)
    {
        long bits = 0;
        for (var s = 0; s < counts.Length; s++)
        {
            if (counts[s] != 0)
            {
                var length = s < _lengths.Length ? _lengths[s] : 0;
                if (length == 0)
                {
                    throw new ArgumentException($"symbol {s} has no code", nameof(counts));
                }

                bits = checked(bits + (counts[s] * length));
            }
        }

        return bits;
    }

    /// <summary>
    /// Encodes <paramref name="symbols"/> into <paramref name="destination"/>, which must hold at least the exact
    /// encoded size (<see cref="GetEncodedBitLength"/> rounded up to bytes); returns the bytes written. The last
    /// byte is zero-padded.
    /// </summary>
    public unsafe int Encode(ReadOnlySpan<ushort> symbols, Span<byte> destination)
    {
        ulong buffer = 0;
        var bitCount = 0;
        var invalid = 0;
        var i = 0;
        var n = symbols.Length;
        long written;
        fixed (ushort* source = symbols)
        fixed (byte* output = destination)
        fixed (uint* table = _table)
        {
            var p = output;
            var fastEnd = output + destination.Length - sizeof(ulong);
            if (_symbolsPerFlush >= 4)
            {
                while (i + 4 <= n && p <= fastEnd)
                {
                    var e0 = table[source[i]];
                    var e1 = table[source[i + 1]];
                    var e2 = table[source[i + 2]];
                    var e3 = table[source[i + 3]];
                    invalid |= IsMissing(e0) | IsMissing(e1) | IsMissing(e2) | IsMissing(e3);
                    Append(ref buffer, ref bitCount, e0);
                    Append(ref buffer, ref bitCount, e1);
                    Append(ref buffer, ref bitCount, e2);
                    Append(ref buffer, ref bitCount, e3);
                    Flush(ref p, ref buffer, ref bitCount);
                    i += 4;
                }
            }
            else
            {
                while (i + 3 <= n && p <= fastEnd)
                {
                    var e0 = table[source[i]];
                    var e1 = table[source[i + 1]];
                    var e2 = table[source[i + 2]];
                    invalid |= IsMissing(e0) | IsMissing(e1) | IsMissing(e2);
                    Append(ref buffer, ref bitCount, e0);
                    Append(ref buffer, ref bitCount, e1);
                    Append(ref buffer, ref bitCount, e2);
                    Flush(ref p, ref buffer, ref bitCount);
                    i += 3;
                }
            }

            // Tail: one code at a time, bytes stored singly so the output may end exactly at the encoded size.
            var end = output + destination.Length;
            for (; i < n; i++)
            {
                var e = table[source[i]];
                invalid |= IsMissing(e);
                Append(ref buffer, ref bitCount, e);
                while (bitCount >= 8)
                {
                    if (p >= end)
                    {
                        throw new ArgumentException("destination is shorter than the encoded stream", nameof(destination));
                    }

                    *p++ = (byte)buffer;
                    buffer >>= 8;
                    bitCount -= 8;
                }
            }

            if (bitCount > 0)
            {
                if (p >= end)
                {
                    throw new ArgumentException("destination is shorter than the encoded stream", nameof(destination));
                }

                *p++ = (byte)buffer;
            }

            written = p - output;
        }

        if (invalid != 0)
        {
            throw new ArgumentException("a symbol has no code in this encoder", nameof(symbols));
        }

        return (int)written;
    }

    /// <summary>
    /// Encodes <paramref name="symbols"/> (at least <see cref="CodingConstants.MinInterleavableSymbols"/>; blocks use
    /// this form from <see cref="CodingConstants.MinInterleavedSymbols"/> on) as
    /// <see cref="CodingConstants.InterleavedStreamCount"/> independent streams of consecutive segments
    /// (<see cref="HuffmanDecoder.InterleavedSegmentLength"/> symbols each, the last takes the rest), preceded by a
    /// jump table of the first streams' byte sizes as varints, so a decoder can run the streams' lookup chains
    /// side by side.
    /// </summary>
    public byte[] EncodeInterleaved(ReadOnlySpan<ushort> symbols)
    {
        Span<int> sizes = stackalloc int[CodingConstants.InterleavedStreamCount];
        var result = GC.AllocateUninitializedArray<byte>(MeasureInterleaved(symbols, sizes));
        WriteInterleaved(symbols, sizes, result);
        return result;
    }

    /// <summary>
    /// As <see cref="EncodeInterleaved(ReadOnlySpan{ushort})"/>, into <paramref name="destination"/> (which must hold
    /// the encoded size); returns the bytes written.
    /// </summary>
    public int EncodeInterleaved(ReadOnlySpan<ushort> symbols, Span<byte> destination)
    {
        Span<int> sizes = stackalloc int[CodingConstants.InterleavedStreamCount];
        var total = MeasureInterleaved(symbols, sizes);
        if (destination.Length < total)
        {
            throw new ArgumentException($"destination of {destination.Length} bytes is shorter than the encoded {total}", nameof(destination));
        }

        WriteInterleaved(symbols, sizes, destination[..total]);
        return total;
    }

    // Sizing pass, so each stream can be encoded straight into its place behind the jump table: fills the streams'
    // byte sizes and returns the total with the jump table.
    internal int MeasureInterleaved(ReadOnlySpan<ushort> symbols, Span<int> sizes)
    {
        const int streams = CodingConstants.InterleavedStreamCount;
        if (symbols.Length < CodingConstants.MinInterleavableSymbols)
        {
            throw new ArgumentException($"{symbols.Length} symbols are below the interleaved minimum of {CodingConstants.MinInterleavableSymbols}", nameof(symbols));
        }

        var segment = HuffmanDecoder.InterleavedSegmentLength(symbols.Length);
        var total = 0;
        for (var k = 0; k < streams; k++)
        {
            var start = k * segment;
            var length = k < streams - 1 ? segment : symbols.Length - start;
            sizes[k] = checked((int)((SumCodeLengths(symbols.Slice(start, length)) + 7) / 8));
            total = checked(total + sizes[k] + (k < streams - 1 ? Leb128.SizeOf((uint)sizes[k]) : 0));
        }

        return total;
    }

    internal void WriteInterleaved(ReadOnlySpan<ushort> symbols, ReadOnlySpan<int> sizes, Span<byte> destination)
    {
        const int streams = CodingConstants.InterleavedStreamCount;
        var segment = HuffmanDecoder.InterleavedSegmentLength(symbols.Length);
        var offset = 0;
        for (var k = 0; k < streams - 1; k++)
        {
            offset += Leb128.Write(destination[offset..], (uint)sizes[k]);
        }

        for (var k = 0; k < streams; k++)
        {
            var start = k * segment;
            var length = k < streams - 1 ? segment : symbols.Length - start;
            var written = Encode(symbols.Slice(start, length), destination.Slice(offset, sizes[k]));
            if (written != sizes[k])
            {
                throw new InvalidOperationException($"stream {k}: encoder wrote {written} bytes, {sizes[k]} expected");
            }

            offset += written;
        }
    }

    // Bits of the codes of symbols; symbols without a code count 0 here and are rejected by Encode.
    private unsafe long SumCodeLengths(ReadOnlySpan<ushort> symbols)
    {
        long bits0 = 0, bits1 = 0;
        var i = 0;
        fixed (ushort* source = symbols)
        fixed (uint* table = _table)
        {
            for (; i + 2 <= symbols.Length; i += 2)
            {
                bits0 += table[source[i]] >> LengthShift;
                bits1 += table[source[i + 1]] >> LengthShift;
            }

            for (; i < symbols.Length; i++)
            {
                bits0 += table[source[i]] >> LengthShift;
            }
        }

        return bits0 + bits1;
    }

    // All ones when the entry marks a symbol without a code (entry 0), else 0; branch-free so the loop stays tight.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IsMissing(uint entry) => (int)(entry - 1) >> 31;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Append(ref ulong buffer, ref int bitCount, uint entry)
    {
        buffer |= (ulong)(entry & 0xFFFF) << bitCount;
        bitCount += (int)(entry >> LengthShift);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Flush(ref byte* p, ref ulong buffer, ref int bitCount)
    {
        Unsafe.WriteUnaligned(p, BitConverter.IsLittleEndian ? buffer : BinaryPrimitives.ReverseEndianness(buffer));
        var wholeBytes = bitCount >> 3;
        p += wholeBytes;
        buffer >>= wholeBytes << 3;
        bitCount &= 7;
    }
}
