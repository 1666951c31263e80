using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DeepCompress.Core.Coding;

/// <summary>
/// Decodes an LSB-first canonical Huffman stream with single-level lookup tables of 2^k entries
/// (k = min(longest code, <see cref="CodingConstants.DecodeTableBits"/>)): the bulk of the stream through a table
/// whose entries hold up to two symbols whose codes fit in k bits together (short codes are the common ones, so this
/// halves the serial lookup chain), the tail through a one-symbol table. Longer codes and bit patterns that are no
/// code at all take a canonical slow path, which throws for the latter. The reader never touches a byte
/// outside its input: the last few bytes are decoded from a zero-padded copy, and reading into that padding is
/// reported as corruption.
/// </summary>
public sealed class HuffmanDecoder
{
    private const int LengthMask = 0xFF;
    private const int SymbolShift = 8;
    private const int PairSecondShift = 16;
    private const int PairLengthShift = 32;
    private const int PairCountShift = 40;

    // Entry: symbol << 8 | code length; length 0 sends the decoder to the slow path.
    private readonly uint[] _table;

    // Pair entry: first symbol | second symbol << 16 | total length << 32 | symbol count (1 or 2) << 40; count 0
    // sends the decoder to the slow path.
    private readonly ulong[] _pairTable;
    private readonly int _tableMask;
    private readonly int _symbolsPerRefill;
    private readonly int _maxLength;
    private readonly bool _isEmpty;
    private readonly int[] _countPerLength;
    private readonly uint[] _firstCodePerLength;
    private readonly int[] _firstIndexPerLength;
    private readonly ushort[] _symbolsByCode;

    /// <summary>Builds the decoder; throws <see cref="InvalidCodedDataException"/> for an invalid code.</summary>
    public HuffmanDecoder(ReadOnlySpan<byte> lengths)
    {
        HuffmanTable.Validate(lengths);
        _countPerLength = CanonicalCode.CountPerLength(lengths);
        _firstCodePerLength = CanonicalCode.FirstCodePerLength(_countPerLength);
        _firstIndexPerLength = new int[CodingConstants.MaxCodeLength + 2];
        for (var length = 1; length <= CodingConstants.MaxCodeLength; length++)
        {
            _firstIndexPerLength[length + 1] = _firstIndexPerLength[length] + _countPerLength[length];
            if (_countPerLength[length] != 0)
            {
                _maxLength = length;
            }
        }

        _isEmpty = _maxLength == 0;
        _maxLength = Math.Max(_maxLength, 1);
        _symbolsByCode = new ushort[_firstIndexPerLength[CodingConstants.MaxCodeLength + 1]];
        var fill = (int[])_firstIndexPerLength.Clone();
        for (var s = 0; s < lengths.Length; s++)
        {
            if (lengths[s] != 0)
            {
                _symbolsByCode[fill[lengths[s]]++] = (ushort)s;
            }
        }

        var tableBits = Math.Min(_maxLength, CodingConstants.DecodeTableBits);
        _table = new uint[1 << tableBits];
        _tableMask = (1 << tableBits) - 1;
        var codes = CanonicalCode.Assign(lengths);
        for (var s = 0; s < lengths.Length; s++)
        {
            var length = lengths[s];
            if (length == 0 || length > tableBits)
            {
                continue;
            }

            var reversed = CanonicalCode.Reverse(codes[s], length);
            var entry = ((uint)s << SymbolShift) | length;
            for (var index = reversed; index < _table.Length; index += 1u << length)
            {
                _table[index] = entry;
            }
        }

        _pairTable = new ulong[_table.Length];
        for (var index = 0; index < _table.Length; index++)
        {
            var first = _table[index];
            var firstLength = (int)(first & LengthMask);
            if (firstLength == 0)
            {
                continue;
            }

            // The entry for the remaining bits is exact when its code fits in them: table entries depend only on
            // the low (code length) bits of their index.
            var second = _table[index >> firstLength];
            var secondLength = (int)(second & LengthMask);
            var pair = secondLength != 0 && firstLength + secondLength <= tableBits;
            _pairTable[index] = (first >> SymbolShift)
                | (pair ? (ulong)(second >> SymbolShift) << PairSecondShift : 0)
                | ((ulong)(pair ? firstLength + secondLength : firstLength) << PairLengthShift)
                | ((pair ? 2UL : 1UL) << PairCountShift);
        }

        _symbolsPerRefill = CodingConstants.BitsPerRefill / _maxLength;
    }

    /// <summary>
    /// Decodes exactly <c>output.Length</c> symbols from <paramref name="stream"/>, which must be consumed to its
    /// last byte with zero padding bits. Throws <see cref="InvalidCodedDataException"/> otherwise.
    /// </summary>
    public void Decode(ReadOnlySpan<byte> stream, Span<ushort> output)
    {
        if (CheckCounts(stream.Length, output.Length, "Huffman stream"))
        {
            DecodeFrom(stream, output, 0, 0, 0, 0, "Huffman stream");
        }
    }

    /// <summary>
    /// Decodes exactly <c>output.Length</c> symbols (at least <see cref="CodingConstants.MinInterleavableSymbols"/>;
    /// blocks use this form from <see cref="CodingConstants.MinInterleavedSymbols"/> on) from the interleaved form
    /// written by <see cref="HuffmanEncoder.EncodeInterleaved(ReadOnlySpan{ushort})"/>: a jump table of
    /// <see cref="CodingConstants.InterleavedStreamCount"/> - 1 varint stream sizes, then the streams, each of which
    /// must be consumed exactly with zero padding. Throws <see cref="InvalidCodedDataException"/> otherwise. The
    /// streams' lookups run in one loop, so the four dependency chains overlap instead of waiting on each other.
    /// </summary>
    public unsafe void DecodeInterleaved(ReadOnlySpan<byte> data, Span<ushort> output)
    {
        const int streams = CodingConstants.InterleavedStreamCount;
        var count = output.Length;
        if (count < CodingConstants.MinInterleavableSymbols)
        {
            throw new ArgumentException($"{count} symbols are below the interleaved minimum of {CodingConstants.MinInterleavableSymbols}", nameof(output));
        }

        var offset = 0;
        Span<int> starts = stackalloc int[streams + 1];
        for (var k = 0; k < streams - 1; k++)
        {
            var size = Leb128.Read(data, ref offset, int.MaxValue, $"Huffman jump table entry {k}");
            var end = starts[k] + (long)size;
            if (end > data.Length - offset)
            {
                throw new InvalidCodedDataException($"Huffman jump table: streams 0..{k} run past the block ({end} vs limit {data.Length - offset})");
            }

            starts[k + 1] = (int)end;
        }

        starts[streams] = data.Length - offset;
        if (starts[streams - 1] > starts[streams])
        {
            throw new InvalidCodedDataException($"Huffman jump table: streams 0..{streams - 2} run past the block ({starts[streams - 1]} vs limit {starts[streams]})");
        }

        var segment = InterleavedSegmentLength(count);
        for (var k = 0; k < streams; k++)
        {
            var symbols = k < streams - 1 ? segment : count - ((streams - 1) * segment);
            CheckCounts(starts[k + 1] - starts[k], symbols, $"Huffman stream {k}");
        }

        var body = data[offset..];
        ulong b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i0 = 0, i1 = segment, i2 = 2 * segment, i3 = 3 * segment;
        long a0, a1, a2, a3;
        fixed (byte* input = body)
        fixed (ushort* destination = output)
        fixed (ulong* pairTable = _pairTable)
        {
            byte* p0 = input, p1 = input + starts[1], p2 = input + starts[2], p3 = input + starts[3];
            var mask = (ulong)_tableMask;
            var lookups = _symbolsPerRefill;

            // Each stream stops while 8 bytes are readable inside it and its pair writes stay inside its segment.
            byte* l0 = input + starts[1] - sizeof(ulong), l1 = input + starts[2] - sizeof(ulong);
            byte* l2 = input + starts[3] - sizeof(ulong), l3 = input + starts[4] - sizeof(ulong);
            int e0 = segment - (2 * lookups), e1 = e0 + segment, e2 = e1 + segment, e3 = count - (2 * lookups);
            while ((p0 <= l0) & (p1 <= l1) & (p2 <= l2) & (p3 <= l3) & (i0 <= e0) & (i1 <= e1) & (i2 <= e2) & (i3 <= e3))
            {
                Refill(ref b0, ref c0, ref p0);
                Refill(ref b1, ref c1, ref p1);
                Refill(ref b2, ref c2, ref p2);
                Refill(ref b3, ref c3, ref p3);
                for (var k = 0; k < lookups; k++)
                {
                    DecodePair(ref b0, ref c0, ref i0, destination, pairTable, mask);
                    DecodePair(ref b1, ref c1, ref i1, destination, pairTable, mask);
                    DecodePair(ref b2, ref c2, ref i2, destination, pairTable, mask);
                    DecodePair(ref b3, ref c3, ref i3, destination, pairTable, mask);
                }
            }

            a0 = p0 - input;
            a1 = p1 - input - starts[1];
            a2 = p2 - input - starts[2];
            a3 = p3 - input - starts[3];
        }

        DecodeFrom(body[..starts[1]], output[..segment], b0, c0, (int)a0, i0, "Huffman stream 0");
        DecodeFrom(body[starts[1]..starts[2]], output[segment..(2 * segment)], b1, c1, (int)a1, i1 - segment, "Huffman stream 1");
        DecodeFrom(body[starts[2]..starts[3]], output[(2 * segment)..(3 * segment)], b2, c2, (int)a2, i2 - (2 * segment), "Huffman stream 2");
        DecodeFrom(body[starts[3]..], output[(3 * segment)..], b3, c3, (int)a3, i3 - (3 * segment), "Huffman stream 3");
    }

    /// <summary>
    /// Symbols in each of the first <see cref="CodingConstants.InterleavedStreamCount"/> - 1 streams of an
    /// interleaved block of <paramref name="count"/> symbols (the last stream takes the rest).
    /// </summary>
    public static int InterleavedSegmentLength(int count) =>
        (int)((count + (long)CodingConstants.InterleavedStreamCount - 1) / CodingConstants.InterleavedStreamCount);

    // The checks before any decoding; false when there is nothing to decode.
    private bool CheckCounts(int streamBytes, int count, string what)
    {
        if (count > streamBytes * 8L)
        {
            throw new InvalidCodedDataException($"{what}: symbol count exceeds the bits present ({count} vs limit {streamBytes * 8L})");
        }

        if (count == 0)
        {
            if (streamBytes != 0)
            {
                throw new InvalidCodedDataException($"{what}: bytes after the last symbol ({streamBytes} vs limit 0)");
            }

            return false;
        }

        if (_isEmpty)
        {
            throw new InvalidCodedDataException($"{what}: symbols coded with an empty code ({count} vs limit 0)");
        }

        return true;
    }

    // Decodes output[index..] from a stream whose first byteOffset bytes have been read into buffer (bitCount of
    // them still unconsumed), then checks exact consumption and zero padding.
    private unsafe void DecodeFrom(ReadOnlySpan<byte> stream, Span<ushort> output, ulong buffer, int bitCount, int byteOffset, int index, string what)
    {
        var count = output.Length;
        long bytesAdvanced;
        fixed (byte* input = stream)
        fixed (ushort* destination = output)
        fixed (uint* table = _table)
        fixed (ulong* pairTable = _pairTable)
        {
            var p = input + byteOffset;
            DecodePairs(ref buffer, ref bitCount, ref index, ref p, input + stream.Length, destination, count, pairTable);
            DecodeRun(ref buffer, ref bitCount, ref index, ref p, input + stream.Length, destination, count, table);
            bytesAdvanced = p - input;
            if (index < count)
            {
                // Fewer than 8 bytes remain: continue on a zero-padded copy; bits read from the padding are caught
                // by the length check below, and running off the copy means the stream is too short.
                var remaining = (int)(input + stream.Length - p);
                var scratch = stackalloc byte[4 * sizeof(ulong)];
                new Span<byte>(scratch, 4 * sizeof(ulong)).Clear();
                Buffer.MemoryCopy(p, scratch, remaining, remaining);
                var q = scratch;
                DecodeRun(ref buffer, ref bitCount, ref index, ref q, scratch + (4 * sizeof(ulong)), destination, count, table);
                bytesAdvanced += q - scratch;
                if (index < count)
                {
                    throw new InvalidCodedDataException($"{what}: ran out of bits after {index} symbols ({index} vs limit {count})");
                }
            }
        }

        var consumedBits = (bytesAdvanced * 8) - bitCount;
        var availableBits = stream.Length * 8L;
        if (consumedBits > availableBits)
        {
            throw new InvalidCodedDataException($"{what}: bits consumed ({consumedBits} vs limit {availableBits})");
        }

        var usedBytes = (consumedBits + 7) / 8;
        if (usedBytes != stream.Length)
        {
            throw new InvalidCodedDataException($"{what}: bytes after the last symbol ({stream.Length - usedBytes} vs limit 0)");
        }

        var paddingBits = (int)((8 - (consumedBits % 8)) % 8);
        var padding = buffer & ((1UL << paddingBits) - 1);
        if (padding != 0)
        {
            throw new InvalidCodedDataException($"{what}: nonzero padding bits ({padding} vs limit 0)");
        }
    }

    // One pair-table lookup of the interleaved loop: one or two symbols, or one through the slow path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void DecodePair(ref ulong buffer, ref int bitCount, ref int i, ushort* destination, ulong* pairTable, ulong mask)
    {
        var entry = pairTable[buffer & mask];
        var symbols = (int)(entry >> PairCountShift);
        if (symbols == 0)
        {
            var slow = DecodeSlow(buffer);
            var slowLength = (int)(slow & LengthMask);
            buffer >>= slowLength;
            bitCount -= slowLength;
            destination[i++] = (ushort)(slow >> SymbolShift);
            return;
        }

        Unsafe.WriteUnaligned(destination + i, BitConverter.IsLittleEndian ? (uint)entry : (uint)((entry << PairSecondShift) | ((entry >> PairSecondShift) & 0xFFFF)));
        var length = (int)(entry >> PairLengthShift) & LengthMask;
        buffer >>= length;
        bitCount -= length;
        i += symbols;
    }

    // Decodes while 8 bytes can be read at p. Refill (F. Giesen's branchless "variant 4"): OR the next 8 bytes in
    // above the buffered bits, advance p by the whole bytes that fitted, and the buffer then holds 56..63 bits,
    // enough for _symbolsPerRefill codes of the longest length. Bits above BitCount are real stream bits, so
    // OR-ing them in again on the next refill is harmless.
    private unsafe void DecodeRun(ref ulong bufferRef, ref int bitCountRef, ref int indexRef, ref byte* p, byte* end, ushort* destination, int count, uint* table)
    {
        var buffer = bufferRef;
        var bitCount = bitCountRef;
        var i = indexRef;
        var readLimit = end - sizeof(ulong);
        var mask = (ulong)_tableMask;
        while (p <= readLimit && i < count)
        {
            Refill(ref buffer, ref bitCount, ref p);
            var groupEnd = Math.Min(i + _symbolsPerRefill, count);
            do
            {
                var entry = table[buffer & mask];
                var length = (int)(entry & LengthMask);
                if (length == 0)
                {
                    entry = DecodeSlow(buffer);
                    length = (int)(entry & LengthMask);
                }

                buffer >>= length;
                bitCount -= length;
                destination[i++] = (ushort)(entry >> SymbolShift);
            }
            while (i < groupEnd);
        }

        bufferRef = buffer;
        bitCountRef = bitCount;
        indexRef = i;
    }

    // The bulk loop: as DecodeRun, but each lookup yields one or two symbols. It stores both symbols as one 32-bit
    // write (a lone symbol's neighbour is overwritten next), so it stops while two symbols per lookup still fit.
    private unsafe void DecodePairs(ref ulong bufferRef, ref int bitCountRef, ref int indexRef, ref byte* p, byte* end, ushort* destination, int count, ulong* pairTable)
    {
        var buffer = bufferRef;
        var bitCount = bitCountRef;
        var i = indexRef;
        var readLimit = end - sizeof(ulong);
        var mask = (ulong)_tableMask;
        var lookups = _symbolsPerRefill;
        var safeEnd = count - (2 * lookups);
        while (p <= readLimit && i <= safeEnd)
        {
            Refill(ref buffer, ref bitCount, ref p);
            for (var k = 0; k < lookups; k++)
            {
                DecodePair(ref buffer, ref bitCount, ref i, destination, pairTable, mask);
            }
        }

        bufferRef = buffer;
        bitCountRef = bitCount;
        indexRef = i;
    }

    // Tops the buffer up to 56..63 bits from the 8 bytes at p (which must be readable).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Refill(ref ulong buffer, ref int bitCount, ref byte* p)
    {
        var word = Unsafe.ReadUnaligned<ulong>(p);
        buffer |= (BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word)) << bitCount;
        p += (63 - bitCount) >> 3;
        bitCount |= 56;
    }

    // Canonical decode one bit at a time (codes are MSB-first, so the first stream bit is the code's top bit).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private uint DecodeSlow(ulong buffer)
    {
        uint code = 0;
        for (var length = 1; length <= _maxLength; length++)
        {
            code = (code << 1) | (uint)((buffer >> (length - 1)) & 1);
            var offset = code - _firstCodePerLength[length];
            if (offset < (uint)_countPerLength[length])
            {
                return ((uint)_symbolsByCode[_firstIndexPerLength[length] + (int)offset] << SymbolShift) | (uint)length;
            }
        }

        throw new InvalidCodedDataException($"Huffman stream: bits 0x{buffer & ((1UL << _maxLength) - 1):X} are no code (longest code {_maxLength} vs limit {_maxLength})");
    }
}
