namespace DeepCompress.Runtime.Training;

/// <summary>Work buffers a node keeps between steps instead of allocating (large ones land on the large-object heap) every step.</summary>
internal static class Scratch
{
    /// <summary><paramref name="buffer"/> when it has exactly <paramref name="length"/> values, else a new array stored in it. Contents are undefined.</summary>
    public static float[] Of(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length != length)
        {
            buffer = new float[length];
        }

        return buffer;
    }
}
