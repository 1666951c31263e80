using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using DeepCompress.Core;
using DeepCompress.Core.Coding;
using DeepCompress.Core.IO;

namespace DeepCompress.Format;

/// <summary>Writes a <see cref="DczModel"/> as a .dcz file (docs/format.md). Same model, same bytes.</summary>
public static class DczWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="output"/>. Throws <see cref="ArgumentException"/> for a
    /// model the format cannot hold (duplicate or over-long names, unsorted positions, codes outside the codebook,
    /// more than 2^15 distinct codes in a layer).
    /// </summary>
    public static void Write(Stream output, DczModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = new DczStreamWriter(output, model.Graph, model.Metadata, model.Layers.Count);
        foreach (var layer in model.Layers)
        {
            writer.Append(layer);
        }

        writer.Complete();
    }

    internal static byte[] WriteMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        var pairs = metadata
            .Select(p => (Key: EncodeName(p.Key, "metadata key"), Value: StrictUtf8.GetBytes(p.Value ?? throw new ArgumentException($"metadata value of '{p.Key}' is null"))))
            .ToList();
        pairs.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        using var payload = new MemoryStream();
        Leb128.Write(payload, (uint)pairs.Count);
        foreach (var (key, value) in pairs)
        {
            Leb128.Write(payload, (uint)key.Length);
            payload.Write(key);
            Leb128.Write(payload, (uint)value.Length);
            payload.Write(value);
        }

        return payload.ToArray();
    }

    /// <summary>
    /// The gap width, gap count and Huffman-coded gaps of <paramref name="positions"/>; a layer's bytes are the same
    /// whether its positions were encoded this way beforehand or by <see cref="EncodeLayer"/>.
    /// Throws <see cref="ArgumentException"/> for positions that are not strictly ascending from 0.
    /// </summary>
    public static EncodedPositions EncodePositions(int[] positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var width = GapCoding.ChooseWidth(positions, out var symbolCount);
        var gaps = GapCoding.Encode(positions, width, symbolCount);
        var block = HuffmanBlock.Encode(gaps, 1 << width);

        // Written into an array of its exact size: a growing stream copied a large layer's bytes several times over.
        var bytes = LargeArrays.Zeroed<byte>(1 + Leb128.SizeOf((uint)gaps.Length) + block.Length);
        bytes[0] = (byte)width;
        block.CopyTo(bytes, 1 + Leb128.Write(bytes.AsSpan(1), (uint)gaps.Length));
        return new EncodedPositions(positions, bytes);
    }

    /// <summary>
    /// The section payload of <paramref name="layer"/>, with its positions already encoded by
    /// <see cref="EncodePositions"/> when <paramref name="encodedPositions"/> is given (from the very array the layer
    /// holds, else <see cref="ArgumentException"/>). Throws <see cref="ArgumentException"/> for a layer the format
    /// cannot hold, as <see cref="Write"/> does.
    /// </summary>
    public static EncodedLayer EncodeLayer(DczLayer layer, EncodedPositions? encodedPositions = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (encodedPositions is not null && !ReferenceEquals(encodedPositions.Positions, layer.Weights.Positions))
        {
            throw new ArgumentException($"layer '{layer.Name}': the encoded positions are of another array", nameof(encodedPositions));
        }

        return new EncodedLayer(layer, Payload(layer, encodedPositions));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] Payload(DczLayer layer, EncodedPositions? encodedPositions)
    {
        var weights = layer.Weights;
        var name = EncodeName(layer.Name, "layer name");
        if (!Enum.IsDefined(layer.Class))
        {
            throw new ArgumentException($"layer '{layer.Name}': class {layer.Class} is not defined");
        }

        if (weights.Shape.Length is < 1 or > FormatConstants.MaxRank)
        {
            throw new ArgumentException($"layer '{layer.Name}': rank {weights.Shape.Length} outside 1..{FormatConstants.MaxRank}");
        }

        if (weights.Codebook.Length > FormatConstants.MaxCodebookSize)
        {
            throw new ArgumentException($"layer '{layer.Name}': codebook of {weights.Codebook.Length} entries exceeds {FormatConstants.MaxCodebookSize}");
        }

        var previous = -1;
        for (var j = 0; j < weights.NonZeroCount; j++)
        {
            if (weights.Positions[j] <= previous || weights.Positions[j] >= weights.ElementCount)
            {
                throw new ArgumentException($"layer '{layer.Name}': position {weights.Positions[j]} at {j} is not ascending inside 0..{weights.ElementCount - 1}");
            }

            if (weights.Codes[j] >= weights.Codebook.Length)
            {
                throw new ArgumentException($"layer '{layer.Name}': code {weights.Codes[j]} at {j} outside the codebook of {weights.Codebook.Length}");
            }

            previous = weights.Positions[j];
        }

        using var payload = new MemoryStream();
        Leb128.Write(payload, (uint)name.Length);
        payload.Write(name);
        payload.WriteByte((byte)layer.Class);
        payload.WriteByte((byte)TensorLayout.RowMajorPositions);
        Leb128.Write(payload, (uint)weights.Shape.Length);
        foreach (var dimension in weights.Shape)
        {
            Leb128.Write(payload, (uint)dimension);
        }

        Leb128.Write(payload, (uint)weights.Codebook.Length);
        Span<byte> value = stackalloc byte[sizeof(float)];
        foreach (var entry in weights.Codebook)
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, entry);
            payload.Write(value);
        }

        Leb128.Write(payload, (uint)weights.NonZeroCount);
        byte[] positions, codes;
        try
        {
            positions = (encodedPositions ?? EncodePositions(weights.Positions)).Bytes;
            codes = HuffmanBlock.Encode(weights.Codes, Math.Max(weights.Codebook.Length, 1));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"layer '{layer.Name}': {e.Message}", e);
        }

        // The small header, then the two large blocks copied once into an array of the payload's exact size.
        var header = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var bytes = LargeArrays.Zeroed<byte>(checked(header.Length + positions.Length + codes.Length));
        header.CopyTo(bytes);
        positions.CopyTo(bytes, header.Length);
        codes.CopyTo(bytes, header.Length + positions.Length);
        return bytes;
    }

    private static byte[] EncodeName(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name, what);
        var bytes = StrictUtf8.GetBytes(name);
        if (bytes.Length is 0 or > FormatConstants.MaxNameBytes)
        {
            throw new ArgumentException($"{what} '{name}' is {bytes.Length} UTF-8 bytes, outside 1..{FormatConstants.MaxNameBytes}");
        }

        return bytes;
    }
}
