namespace DeepCompress.Format;

/// <summary>
/// A layer section's payload, made by <see cref="DczWriter.EncodeLayer"/> apart from writing it so that a layer can
/// be encoded on the core that clustered it while the writer appends the one before.
/// </summary>
public sealed class EncodedLayer
{
    internal EncodedLayer(DczLayer layer, byte[] payload) =>
        (Name, ElementCount, Payload) = (layer.Name, layer.Weights.ElementCount, payload);

    /// <summary>The layer's name (unique in a container).</summary>
    public string Name { get; }

    /// <summary>The dense layer's element count.</summary>
    public int ElementCount { get; }

    internal byte[] Payload { get; }
}
