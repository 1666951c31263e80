namespace DeepCompress.Core;

/// <summary>
/// A weight-shared sparse tensor: the logical content of one compressed layer, independent of how it is
/// stored on disk (.dcz) or laid out for inference. Element <c>Positions[j]</c> (a flat row-major index,
/// strictly ascending) holds <c>Codebook[Codes[j]]</c>; every other element is exactly 0.0f.
/// </summary>
public sealed class SparseQuantizedTensor
{
    public SparseQuantizedTensor(int[] shape, float[] codebook, int[] positions, ushort[] codes)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(codes);
        if (positions.Length != codes.Length)
        {
            throw new ArgumentException($"positions ({positions.Length}) and codes ({codes.Length}) differ in length");
        }

        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"negative dimension {d}", nameof(shape));
            }

            count = checked(count * d);
        }

        if (count > int.MaxValue)
        {
            throw new ArgumentException($"tensor of {count} elements exceeds the {int.MaxValue}-element limit", nameof(shape));
        }

        var previous = -1;
        for (var j = 0; j < positions.Length; j++)
        {
            if (positions[j] <= previous || positions[j] >= count)
            {
                throw new ArgumentException($"position {j} ({positions[j]}) is not strictly ascending within [0, {count})", nameof(positions));
            }

            if (codes[j] >= codebook.Length)
            {
                throw new ArgumentException($"code {j} ({codes[j]}) is outside the codebook of {codebook.Length} values", nameof(codes));
            }

            previous = positions[j];
        }

        Shape = shape;
        Codebook = codebook;
        Positions = positions;
        Codes = codes;
        ElementCount = (int)count;
    }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Shared values; a code indexes this array. Never contains 0.0f for a stored element.</summary>
    public float[] Codebook { get; }

    /// <summary>Flat row-major indices of the nonzero elements, strictly ascending.</summary>
    public int[] Positions { get; }

    /// <summary>Codebook index of each nonzero element, parallel to <see cref="Positions"/>.</summary>
    public ushort[] Codes { get; }

    /// <summary>Product of <see cref="Shape"/>.</summary>
    public int ElementCount { get; }

    /// <summary>Number of stored (nonzero) elements.</summary>
    public int NonZeroCount => Positions.Length;

    /// <summary>Expands to a dense row-major array.</summary>
    public float[] ToDense()
    {
        var dense = new float[ElementCount];
        for (var j = 0; j < Positions.Length; j++)
        {
            dense[Positions[j]] = Codebook[Codes[j]];
        }

        return dense;
    }

    /// <summary>
    /// Builds the tensor from dense weights whose distinct nonzero values form the codebook (sorted ascending by
    /// value, then by bit pattern, so the result is deterministic). Throws when there are more than
    /// <paramref name="maxCodebookSize"/> distinct nonzero values.
    /// </summary>
    public static SparseQuantizedTensor FromDense(int[] shape, ReadOnlySpan<float> dense, int maxCodebookSize)
    {
        var distinct = new SortedSet<float>(Comparer<float>.Create(CompareTotalOrder));
        var nonZero = 0;
        foreach (var v in dense)
        {
            if (v != 0f)
            {
                nonZero++;
                if (distinct.Add(v) && distinct.Count > maxCodebookSize)
                {
                    throw new ArgumentException($"more than {maxCodebookSize} distinct nonzero values");
                }
            }
        }

        var codebook = distinct.ToArray();
        var lookup = new Dictionary<int, ushort>(codebook.Length);
        for (var c = 0; c < codebook.Length; c++)
        {
            lookup[BitConverter.SingleToInt32Bits(codebook[c])] = checked((ushort)c);
        }

        var positions = new int[nonZero];
        var codes = new ushort[nonZero];
        var j = 0;
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0f)
            {
                positions[j] = i;
                codes[j] = lookup[BitConverter.SingleToInt32Bits(dense[i])];
                j++;
            }
        }

        return new SparseQuantizedTensor(shape, codebook, positions, codes);
    }

    // -0.0f is caught by the != 0f test above, so only finite, infinite and NaN nonzero values reach here;
    // comparing bit patterns after value keeps distinct NaN payloads apart.
    private static int CompareTotalOrder(float a, float b)
    {
        var byValue = a.CompareTo(b);
        return byValue != 0 ? byValue : BitConverter.SingleToInt32Bits(a).CompareTo(BitConverter.SingleToInt32Bits(b));
    }
}
