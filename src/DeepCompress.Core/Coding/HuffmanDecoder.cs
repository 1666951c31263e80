using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DeepCompress.Core.Coding;

/// <summary>
/// Decodes an LSB-first canonical Huffman stream through lookup tables, in one of two bulk loops chosen per code:
/// a one-symbol table of 2^k entries (k = min(longest code, <see cref="CodingConstants.DecodeTableBits"/>)) whose
/// entries for prefixes of longer codes link to small subtables, so no valid code leaves the loop; or, for codes of
/// at most <see cref="CodingConstants.PairTableBits"/> bits that are short enough for two to share one lookup
/// often (<see cref="CodingConstants.MinPairYield"/>), a pair table whose entries hold one or two symbols. Neither
/// bulk loop calls out, so the four streams of the interleaved form stay in registers. The tail, and the
/// one-symbol code (whose unused bit must be rejected), go through a checked loop with a canonical slow path that
/// throws for bit patterns that are no code. The reader never touches a byte outside its input: the last few
/// bytes are decoded from a zero-padded copy, and reading into that padding is reported as corruption.
/// </summary>
public sealed class HuffmanDecoder
{
    private const int LengthMask = 0xFF;
    private const int SymbolShift = 8;
    private const int PairSecondShift = 16;
    private const int PairLengthShift = 32;
    private const int PairCountShift = 40;

    // Marks a first-level entry of the one-symbol table that links to a subtable (a length byte no code has).
    private const uint LinkFlag = 0x80;

    // Index width of a subtable: the bits a code may have beyond the first level.
    private const int SubtableBits = CodingConstants.MaxCodeLength - CodingConstants.DecodeTableBits;

    // A refill advances a stream by at most 7 bytes: it tops the buffer up from at least 0 to at most 63 bits.
    private const int MaxRefillAdvance = 7;

    private static readonly string[] StreamNames = ["Huffman stream 0", "Huffman stream 1", "Huffman stream 2", "Huffman stream 3"];

    // Entry: symbol << 8 | code length, or a link to a subtable (see BuildTable); 0 (only the one-symbol code's
    // unused bit) sends the checked loop to the slow path.
    private readonly uint[] _table;

    // Pair entry: first symbol | second symbol << 16 | total length << 32 | symbol count (1 or 2) << 40; count 0
    // (a code longer than the table, or no code) makes the code unfit for the pair loops (see _usePairs).
    private readonly ulong[] _pairTable;
    private readonly int _tableMask;
    private readonly int _pairTableMask;

    // True when the one-symbol table has an empty entry: only the one-symbol code's unused bit, as every other
    // valid code is complete. Such streams are decoded by the checked loop alone, whose slow path rejects the bit.
    private readonly bool _needsSlowPath;

    // True when the bulk loops use the pair table: it then covers every code (no empty entry, longest code within
    // its width) and yields enough second symbols to pay for its wider entries and per-stream output indices.
    private readonly bool _usePairs;
    private readonly int _symbolsPerRefill;

    // A pair lookup consumes up to the pair table's width, which may exceed the longest code.
    private readonly int _pairLookupsPerRefill;
    private readonly int _maxLength;
    private readonly bool _isEmpty;
    private readonly int[] _countPerLength;
    private readonly uint[] _firstCodePerLength;
    private readonly int[] _firstIndexPerLength;
    private readonly ushort[] _symbolsByCode;

    /// <summary>Builds the decoder; throws <see cref="InvalidCodedDataException"/> for an invalid code.</summary>
    public HuffmanDecoder(ReadOnlySpan<byte> lengths)
        : this(lengths, null)
    {
    }

    /// <summary>
    /// As the public constructor; <paramref name="preferSingles"/> overrides the choice between the one-symbol and
    /// the pair table where the code allows both (null: by <see cref="CodingConstants.MinPairYield"/>), so tests
    /// and benchmarks reach both loops on the same code.
    /// </summary>
    internal HuffmanDecoder(ReadOnlySpan<byte> lengths, bool? preferSingles)
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
        _tableMask = (1 << tableBits) - 1;
        var codes = CanonicalCode.Assign(lengths);
        _table = BuildTable(lengths, codes, tableBits);
        _needsSlowPath = Array.IndexOf(_table, 0u) >= 0;

        // Two codes of the longest length fill 2 * _maxLength bits; a wider pair table would only repeat entries.
        var pairTableBits = Math.Min(2 * _maxLength, CodingConstants.PairTableBits);
        _pairTable = new ulong[1 << pairTableBits];
        _pairTableMask = _pairTable.Length - 1;
        long pairSymbols = 0;
        for (var index = 0; index < _pairTable.Length; index++)
        {
            // A one-symbol entry depends only on the low (code length) bits of its index, so the low tableBits bits
            // of a pair index find its first code, and the bits after that code its second.
            var first = _table[index & _tableMask];
            var firstLength = (int)(first & LengthMask);
            if (firstLength == 0 || firstLength > pairTableBits)
            {
                continue;
            }

            var second = _table[(index >> firstLength) & _tableMask];
            var secondLength = (int)(second & LengthMask);
            var pair = secondLength != 0 && firstLength + secondLength <= pairTableBits;
            pairSymbols += pair ? 2 : 1;
            _pairTable[index] = (first >> SymbolShift)
                | (pair ? (ulong)(second >> SymbolShift) << PairSecondShift : 0)
                | ((ulong)(pair ? firstLength + secondLength : firstLength) << PairLengthShift)
                | ((pair ? 2UL : 1UL) << PairCountShift);
        }

        _symbolsPerRefill = CodingConstants.BitsPerRefill / _maxLength;
        _pairLookupsPerRefill = CodingConstants.BitsPerRefill / Math.Max(_maxLength, pairTableBits);

        // Every index of the pair table is equally likely under the code's own model (a code of length n has
        // probability 2^-n), so the mean symbols per entry is the expected yield of a pair lookup.
        PairYield = (double)pairSymbols / _pairTable.Length;
        _usePairs = !_needsSlowPath && _maxLength <= pairTableBits && !(preferSingles ?? PairYield < CodingConstants.MinPairYield);
    }

    /// <summary>Expected symbols per pair-table lookup under the code's own model (between 0 and 2).</summary>
    internal double PairYield { get; }

    /// <summary>True when the bulk of a stream is decoded through the pair table.</summary>
    internal bool DecodesThroughPairs => _usePairs;

    // The one-symbol table: 2^tableBits first-level entries (symbol << 8 | length), then one subtable of
    // 2^SubtableBits entries per first-level index that prefixes longer codes, which the first-level entry links to
    // (subtable start << 8 | LinkFlag); subtables are indexed by the bits after the first tableBits. Subtables are
    // placed in order of their first-level index, so the table is a function of the code alone.
    private static uint[] BuildTable(ReadOnlySpan<byte> lengths, uint[] codes, int tableBits)
    {
        var firstLevel = 1 << tableBits;
        var subtableStarts = new int[firstLevel];
        for (var s = 0; s < lengths.Length; s++)
        {
            if (lengths[s] > tableBits)
            {
                subtableStarts[CanonicalCode.Reverse(codes[s], lengths[s]) & (firstLevel - 1)] = 1;
            }
        }

        var size = firstLevel;
        for (var index = 0; index < firstLevel; index++)
        {
            if (subtableStarts[index] != 0)
            {
                subtableStarts[index] = size;
                size += 1 << SubtableBits;
            }
        }

        var table = new uint[size];
        for (var index = 0; index < firstLevel; index++)
        {
            if (subtableStarts[index] != 0)
            {
                table[index] = ((uint)subtableStarts[index] << SymbolShift) | LinkFlag;
            }
        }

        for (var s = 0; s < lengths.Length; s++)
        {
            var length = lengths[s];
            if (length == 0)
            {
                continue;
            }

            var reversed = CanonicalCode.Reverse(codes[s], length);
            var entry = ((uint)s << SymbolShift) | length;
            if (length <= tableBits)
            {
                for (var index = reversed; index < firstLevel; index += 1u << length)
                {
                    table[index] = entry;
                }

                continue;
            }

            var start = subtableStarts[reversed & (uint)(firstLevel - 1)];
            for (var index = reversed >> tableBits; index < 1u << SubtableBits; index += 1u << (length - tableBits))
            {
                table[start + index] = entry;
            }
        }

        return table;
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
        Span<ulong> buffers = stackalloc ulong[streams];
        Span<int> bitCounts = stackalloc int[streams];
        Span<int> byteOffsets = stackalloc int[streams];
        Span<int> indices = stackalloc int[streams];
        if (_usePairs)
        {
            DecodeInterleavedPairs(body, starts, output, segment, buffers, bitCounts, byteOffsets, indices);
        }
        else if (!_needsSlowPath)
        {
            DecodeInterleavedSingles(body, starts, output, segment, buffers, bitCounts, byteOffsets, indices);
        }
        else
        {
            for (var k = 0; k < streams; k++)
            {
                indices[k] = k * segment;
            }
        }

        for (var k = 0; k < streams; k++)
        {
            var first = k * segment;
            var last = k < streams - 1 ? first + segment : count;
            DecodeFrom(body[starts[k]..starts[k + 1]], output[first..last], buffers[k], bitCounts[k], byteOffsets[k], indices[k] - first, StreamNames[k]);
        }
    }

    /// <summary>
    /// Symbols in each of the first <see cref="CodingConstants.InterleavedStreamCount"/> - 1 streams of an
    /// interleaved block of <paramref name="count"/> symbols (the last stream takes the rest).
    /// </summary>
    public static int InterleavedSegmentLength(int count) =>
        (int)((count + (long)CodingConstants.InterleavedStreamCount - 1) / CodingConstants.InterleavedStreamCount);

    // The four streams through the one-symbol table: every lookup yields exactly one symbol, so all four streams
    // advance in step and share one output index. Rounds are counted before they run (as zstd's 4-stream decoder
    // does) so the loop tests one counter instead of eight bounds: a refill advances a stream by at most 7 bytes
    // and a round decodes _symbolsPerRefill symbols per stream. Hands back each stream's state for DecodeFrom.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void DecodeInterleavedSingles(ReadOnlySpan<byte> body, ReadOnlySpan<int> starts, Span<ushort> output, int segment, Span<ulong> buffers, Span<int> bitCounts, Span<int> byteOffsets, Span<int> indices)
    {
        ulong b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        var j = 0;
        var lookups = _symbolsPerRefill;
        var lastSegment = output.Length - (3 * segment);
        fixed (byte* input = body)
        fixed (ushort* destination = output)
        fixed (uint* table = _table)
        {
            byte* p0 = input, p1 = input + starts[1], p2 = input + starts[2], p3 = input + starts[3];
            byte* l0 = input + starts[1] - sizeof(ulong), l1 = input + starts[2] - sizeof(ulong);
            byte* l2 = input + starts[3] - sizeof(ulong), l3 = input + starts[4] - sizeof(ulong);
            var mask = (ulong)_tableMask;
            while (true)
            {
                var rounds = Math.Min(
                    Math.Min(RoundsBefore(p0, l0), RoundsBefore(p1, l1)),
                    Math.Min(Math.Min(RoundsBefore(p2, l2), RoundsBefore(p3, l3)), (lastSegment - j) / lookups));
                if (rounds <= 0)
                {
                    break;
                }

                do
                {
                    Refill(ref b0, ref c0, ref p0);
                    Refill(ref b1, ref c1, ref p1);
                    Refill(ref b2, ref c2, ref p2);
                    Refill(ref b3, ref c3, ref p3);
                    var o = destination + j;
                    for (var k = 0; k < lookups; k++)
                    {
                        o[k] = DecodeSingle(ref b0, ref c0, table, mask);
                        o[k + segment] = DecodeSingle(ref b1, ref c1, table, mask);
                        o[k + (2 * segment)] = DecodeSingle(ref b2, ref c2, table, mask);
                        o[k + (3 * segment)] = DecodeSingle(ref b3, ref c3, table, mask);
                    }

                    j += lookups;
                }
                while (--rounds != 0);
            }

            HandBack([b0, b1, b2, b3], [c0, c1, c2, c3], [(int)(p0 - input), (int)(p1 - input), (int)(p2 - input), (int)(p3 - input)], starts, buffers, bitCounts, byteOffsets);
        }

        for (var k = 0; k < indices.Length; k++)
        {
            indices[k] = (k * segment) + j;
        }
    }

    // After the four-stream loop, which keeps every stream's state in locals (registers): each stream's bit buffer,
    // its bit count and how far into its own bytes it has read, for DecodeFrom to finish it.
    private static void HandBack(ReadOnlySpan<ulong> streamBuffers, ReadOnlySpan<int> streamBitCounts, ReadOnlySpan<int> readTo, ReadOnlySpan<int> starts,
        Span<ulong> buffers, Span<int> bitCounts, Span<int> byteOffsets)
    {
        for (var k = 0; k < streamBuffers.Length; k++)
        {
            buffers[k] = streamBuffers[k];
            bitCounts[k] = streamBitCounts[k];
            byteOffsets[k] = readTo[k] - starts[k];
        }
    }

    // Rounds a stream at p can run while every refill reads 8 bytes at or before readLimit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int RoundsBefore(byte* p, byte* readLimit) =>
        p > readLimit ? 0 : (int)Math.Min((readLimit - p) / MaxRefillAdvance, int.MaxValue - 1) + 1;

    // One lookup of a one-symbol table without empty entries (no slow path: a call in the loop would force the
    // four streams' state out of registers).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ushort DecodeSingle(ref ulong buffer, ref int bitCount, uint* table, ulong mask)
    {
        var entry = Lookup(buffer, table, mask);
        var length = (int)(entry & LengthMask);
        buffer >>= length;
        bitCount -= length;
        return (ushort)(entry >> SymbolShift);
    }

    // The one-symbol table's entry for the code at the bottom of buffer, following a link to a subtable (only
    // tables of DecodeTableBits bits have links, so the subtable index is the bits from DecodeTableBits on).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe uint Lookup(ulong buffer, uint* table, ulong mask)
    {
        var entry = table[buffer & mask];
        if ((entry & LinkFlag) != 0)
        {
            entry = table[(entry >> SymbolShift) + (uint)((buffer >> CodingConstants.DecodeTableBits) & ((1u << SubtableBits) - 1))];
        }

        return entry;
    }

    // The four streams through the pair table: each lookup yields one or two symbols, so every stream keeps its own
    // output index. Hands back each stream's state for DecodeFrom.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void DecodeInterleavedPairs(ReadOnlySpan<byte> body, ReadOnlySpan<int> starts, Span<ushort> output, int segment, Span<ulong> buffers, Span<int> bitCounts, Span<int> byteOffsets, Span<int> indices)
    {
        var count = output.Length;
        ulong b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i0 = 0, i1 = segment, i2 = 2 * segment, i3 = 3 * segment;
        fixed (byte* input = body)
        fixed (ushort* destination = output)
        fixed (ulong* pairTable = _pairTable)
        {
            byte* p0 = input, p1 = input + starts[1], p2 = input + starts[2], p3 = input + starts[3];
            var mask = (ulong)_pairTableMask;
            var lookups = _pairLookupsPerRefill;

            // Rounds are counted as in DecodeInterleavedSingles; a round writes at most 2 * lookups symbols per
            // stream (a lone symbol's 32-bit write included), which must stay inside the stream's segment.
            byte* l0 = input + starts[1] - sizeof(ulong), l1 = input + starts[2] - sizeof(ulong);
            byte* l2 = input + starts[3] - sizeof(ulong), l3 = input + starts[4] - sizeof(ulong);
            while (true)
            {
                var symbolRoom = Math.Min(Math.Min(segment - i0, (2 * segment) - i1), Math.Min((3 * segment) - i2, count - i3));
                var rounds = Math.Min(
                    Math.Min(RoundsBefore(p0, l0), RoundsBefore(p1, l1)),
                    Math.Min(Math.Min(RoundsBefore(p2, l2), RoundsBefore(p3, l3)), symbolRoom / (2 * lookups)));
                if (rounds <= 0)
                {
                    break;
                }

                do
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
                while (--rounds != 0);
            }

            HandBack([b0, b1, b2, b3], [c0, c1, c2, c3], [(int)(p0 - input), (int)(p1 - input), (int)(p2 - input), (int)(p3 - input)], starts, buffers, bitCounts, byteOffsets);
        }

        indices[0] = i0;
        indices[1] = i1;
        indices[2] = i2;
        indices[3] = i3;
    }

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
            if (_usePairs)
            {
                DecodePairs(ref buffer, ref bitCount, ref index, ref p, input + stream.Length, destination, count, pairTable);
            }

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

    // One lookup of a pair table without empty entries: one or two symbols.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void DecodePair(ref ulong buffer, ref int bitCount, ref int i, ushort* destination, ulong* pairTable, ulong mask)
    {
        var entry = pairTable[buffer & mask];
        Unsafe.WriteUnaligned(destination + i, BitConverter.IsLittleEndian ? (uint)entry : (uint)((entry << PairSecondShift) | ((entry >> PairSecondShift) & 0xFFFF)));
        var length = (int)(entry >> PairLengthShift) & LengthMask;
        buffer >>= length;
        bitCount -= length;
        i += (int)(entry >> PairCountShift);
    }

    // Decodes while 8 bytes can be read at p. Refill (F. Giesen's branchless "variant 4"): OR the next 8 bytes in
    // above the buffered bits, advance p by the whole bytes that fitted, and the buffer then holds 56..63 bits,
    // enough for _symbolsPerRefill codes of the longest length. Bits above BitCount are real stream bits, so
    // OR-ing them in again on the next refill is harmless.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                var entry = Lookup(buffer, table, mask);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void DecodePairs(ref ulong bufferRef, ref int bitCountRef, ref int indexRef, ref byte* p, byte* end, ushort* destination, int count, ulong* pairTable)
    {
        var buffer = bufferRef;
        var bitCount = bitCountRef;
        var i = indexRef;
        var readLimit = end - sizeof(ulong);
        var lookups = _pairLookupsPerRefill;
        var safeEnd = count - (2 * lookups);
        var mask = (ulong)_pairTableMask;
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
