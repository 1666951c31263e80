namespace DeepCompress.Runtime;

/// <summary>
/// A dense row-major tensor of one element type. Tensors are immutable once handed to or returned by a session:
/// operators never write into their inputs, so one tensor may feed several nodes.
/// </summary>
public sealed class Tensor
{
    private readonly Array data;

    private Tensor(TensorElementType elementType, int[] dims, Array data)
    {
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(data);
        var count = ShapeMath.ElementCount(dims, "tensor");
        if (data.Length != count)
        {
            throw new ArgumentException($"data has {data.Length} elements but shape [{string.Join(",", dims)}] needs {count}");
        }

        ElementType = elementType;
        Dims = dims;
        this.data = data;
    }

    public TensorElementType ElementType { get; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<int> Shape => Dims;

    public int Rank => Dims.Length;

    public int ElementCount => data.Length;

    internal int[] Dims { get; }

    internal float[] Floats => data as float[] ?? throw WrongType(TensorElementType.Float32);

    internal long[] Int64s => data as long[] ?? throw WrongType(TensorElementType.Int64);

    internal bool[] Bools => data as bool[] ?? throw WrongType(TensorElementType.Bool);

    /// <summary>Wraps <paramref name="data"/> without copying; the caller must not modify it afterwards.</summary>
    public static Tensor FromFloat(float[] data, params int[] shape) => new(TensorElementType.Float32, (int[])shape.Clone(), data);

    /// <summary>Wraps <paramref name="data"/> without copying; the caller must not modify it afterwards.</summary>
    public static Tensor FromInt64(long[] data, params int[] shape) => new(TensorElementType.Int64, (int[])shape.Clone(), data);

    /// <summary>Wraps <paramref name="data"/> without copying; the caller must not modify it afterwards.</summary>
    public static Tensor FromBool(bool[] data, params int[] shape) => new(TensorElementType.Bool, (int[])shape.Clone(), data);

    /// <summary>A zero-filled tensor.</summary>
    public static Tensor Zeros(TensorElementType elementType, params int[] shape)
    {
        var count = ShapeMath.ElementCount(shape, "tensor");
        Array storage = elementType switch
        {
            TensorElementType.Float32 => new float[count],
            TensorElementType.Int64 => new long[count],
            TensorElementType.Bool => new bool[count],
            _ => throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "unknown element type"),
        };
        return new Tensor(elementType, (int[])shape.Clone(), storage);
    }

    public ReadOnlySpan<float> AsFloatSpan() => Floats;

    public ReadOnlySpan<long> AsInt64Span() => Int64s;

    public ReadOnlySpan<bool> AsBoolSpan() => Bools;

    /// <summary>Same elements under another shape of equal element count (no copy).</summary>
    internal Tensor WithShape(int[] dims) => new(ElementType, dims, data);

    internal Array RawData => data;

    internal static Tensor FromArray(TensorElementType elementType, int[] dims, Array data) => new(elementType, dims, data);

    private InvalidOperationException WrongType(TensorElementType requested) =>
        new($"tensor holds {ElementType} elements, not {requested}");

    public override string ToString() => $"{ElementType}[{string.Join(",", Dims)}]";
}
