using System.Buffers.Binary;
using DeepCompress.Core;
using DeepCompress.Core.Coding;

namespace DeepCompress.Format;

/// <summary>Parses and validates one layer section payload (docs/format.md, "Layer section").</summary>
internal static class LayerParser
{
    public static (DczLayer Layer, DczLayerInfo Info) Parse(ReadOnlySpan<byte> payload, int layerIndex, string displayName)
    {
        var what = $"layer {layerIndex}";
        try
        {
            var offset = 0;
            var nameLength = Leb128.ReadLength(payload, ref offset, FormatConstants.MaxNameBytes, $"{what} name length");
            if (nameLength == 0)
            {
                throw DczReader.Corrupt(displayName, $"{what} name length", 0, $"1..{FormatConstants.MaxNameBytes}");
            }

            var name = DczReader.DecodeUtf8(payload.Slice(offset, nameLength), $"{what} name", displayName);
            offset += nameLength;
            what = $"layer {layerIndex} '{name}'";
            if (payload.Length - offset < 2)
            {
                throw DczReader.Corrupt(displayName, $"{what} truncated before class and layout", payload.Length - offset, 2);
            }

            var layerClass = payload[offset++];
            if (!Enum.IsDefined((LayerClass)layerClass))
            {
                throw DczReader.Corrupt(displayName, $"{what} class", layerClass, $"0..{Enum.GetValues<LayerClass>().Length - 1}");
            }

            var layout = payload[offset++];
            if (layout != (byte)TensorLayout.RowMajorPositions)
            {
                throw DczReader.Corrupt(displayName, $"{what} layout", layout, (byte)TensorLayout.RowMajorPositions);
            }

            var rank = (int)Leb128.Read(payload, ref offset, FormatConstants.MaxRank, $"{what} rank");
            if (rank == 0)
            {
                throw DczReader.Corrupt(displayName, $"{what} rank", 0, $"1..{FormatConstants.MaxRank}");
            }

            var shape = new int[rank];
            long elementCount = 1;
            for (var d = 0; d < rank; d++)
            {
                shape[d] = (int)Leb128.Read(payload, ref offset, int.MaxValue, $"{what} dimension {d}");
                elementCount *= shape[d];
                if (elementCount > int.MaxValue)
                {
                    throw DczReader.Corrupt(displayName, $"{what} element count", elementCount, int.MaxValue);
                }
            }

            var codebookSize = (int)Leb128.Read(payload, ref offset, FormatConstants.MaxCodebookSize, $"{what} codebook size");
            var codebookRoom = (payload.Length - offset) / sizeof(float);
            if (codebookSize > codebookRoom)
            {
                throw DczReader.Corrupt(displayName, $"{what} codebook past the payload", codebookSize, codebookRoom);
            }
            var codebook = new float[codebookSize];
            for (var c = 0; c < codebookSize; c++)
            {
                codebook[c] = BinaryPrimitives.ReadSingleLittleEndian(payload[offset..]);
                offset += sizeof(float);
            }

            // Every stored weight costs at least one bit of code stream and one of gap stream.
            var bitsLeft = (payload.Length - offset) * 8L;
            var nonZeroLimit = (uint)Math.Min(elementCount, bitsLeft);
            var nonZeroCount = (int)Leb128.Read(payload, ref offset, nonZeroLimit, $"{what} nonzero count");
            if (nonZeroCount > 0 && codebookSize == 0)
            {
                throw DczReader.Corrupt(displayName, $"{what} nonzero count with an empty codebook", nonZeroCount, 0);
            }

            if (offset >= payload.Length)
            {
                throw DczReader.Corrupt(displayName, $"{what} truncated before the gap width", payload.Length - offset, 1);
            }

            var gapWidth = payload[offset++];
            if (gapWidth is < FormatConstants.MinGapWidth or > FormatConstants.MaxGapWidth)
            {
                throw DczReader.Corrupt(displayName, $"{what} gap width", gapWidth, $"{FormatConstants.MinGapWidth}..{FormatConstants.MaxGapWidth}");
            }

            var gapSymbolLimit = (uint)Math.Min(int.MaxValue, (payload.Length - offset) * 8L);
            var gapSymbolCount = (int)Leb128.Read(payload, ref offset, gapSymbolLimit, $"{what} gap symbol count");
            if (gapSymbolCount < nonZeroCount)
            {
                throw DczReader.Corrupt(displayName, $"{what} gap symbol count below the nonzero count", gapSymbolCount, $">= {nonZeroCount}");
            }

            var indexStart = offset;
            var gaps = HuffmanBlock.Decode(payload, ref offset, gapSymbolCount, 1 << gapWidth, out var indexTableBytes, out _);
            var indexBytes = offset - indexStart;
            var positions = GapCoding.Decode(gaps, gapWidth, nonZeroCount, (int)elementCount);
            var weightStart = offset;
            var codes = HuffmanBlock.Decode(payload, ref offset, nonZeroCount, Math.Max(codebookSize, 1), out var weightTableBytes, out _);
            var weightBytes = offset - weightStart;
            if (offset != payload.Length)
            {
                throw DczReader.Corrupt(displayName, $"{what} bytes after the code stream", payload.Length - offset, 0);
            }

            var codebookBytes = codebookSize * (long)sizeof(float);
            var sectionBytes = payload.Length + FormatConstants.SectionHeaderSize + FormatConstants.SectionTrailerSize;
            var info = new DczLayerInfo(
                name,
                (LayerClass)layerClass,
                shape,
                nonZeroCount,
                codebookSize,
                gapWidth,
                gapSymbolCount,
                weightBytes,
                indexBytes,
                codebookBytes,
                sectionBytes - weightBytes - indexBytes - codebookBytes,
                SymbolStatistics.EntropyBits(SymbolStatistics.Histogram(codes, Math.Max(codebookSize, 1))),
                SymbolStatistics.EntropyBits(SymbolStatistics.Histogram(gaps, 1 << gapWidth)))
            {
                WeightTableBytes = weightTableBytes,
                IndexTableBytes = indexTableBytes,
            };
            var layer = new DczLayer(name, (LayerClass)layerClass, new SparseQuantizedTensor(shape, codebook, positions, codes));
            return (layer, info);
        }
        catch (InvalidCodedDataException e)
        {
            throw new InvalidContainerException($"{displayName}: {what} {e.Message}", e);
        }
    }
}
