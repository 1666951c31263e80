namespace DeepCompress.Format;

/// <summary>
/// A layer's positions as the container stores them (gap width, gap count, Huffman-coded gaps), made by
/// <see cref="DczWriter.EncodePositions"/> apart from the rest of the layer so that it can run while the layer's
/// values are still being clustered.
/// </summary>
public sealed class EncodedPositions
{
    internal EncodedPositions(int[] positions, byte[] bytes)
    {
        Positions = positions;
        Bytes = bytes;
    }

    /// <summary>The positions encoded; <see cref="DczStreamWriter.Append(DczLayer, EncodedPositions)"/> takes it only for a layer holding this array.</summary>
    public int[] Positions { get; }

    internal byte[] Bytes { get; }
}
