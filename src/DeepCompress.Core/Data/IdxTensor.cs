namespace DeepCompress.Core.Data;

/// <summary>
/// The content of an unsigned-byte IDX file: <see cref="Shape"/> as stored (MNIST images are
/// [count, rows, columns], labels [count]) and the elements in row-major order.
/// </summary>
public sealed class IdxTensor
{
    public IdxTensor(int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count = checked(count * dimension);
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] has {count} elements, data has {data.Length}", nameof(data));
        }

        Shape = shape;
        Data = data;
    }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Elements in row-major order; length is the product of <see cref="Shape"/>.</summary>
    public byte[] Data { get; }
}
