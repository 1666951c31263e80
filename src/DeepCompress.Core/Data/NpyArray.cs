using System.Numerics;

namespace DeepCompress.Core.Data;

/// <summary>
/// An array read from a .npy file (or an .npz member): its shape, the element type it was stored with, and the
/// elements in C (row-major) order. Floating-point data is held as <see cref="float"/> (float64 narrowed on
/// read); integer data keeps its own width so labels stay exact until <see cref="ToInt32Array"/>.
/// </summary>
public sealed class NpyArray
{
    private readonly float[]? _singles;
    private readonly long[]? _int64s;
    private readonly int[]? _int32s;
    private readonly byte[]? _bytes;
    private readonly sbyte[]? _sbytes;

    private NpyArray(string source, NpyDataType dataType, int[] shape, float[]? singles = null, long[]? int64s = null,
        int[]? int32s = null, byte[]? bytes = null, sbyte[]? sbytes = null)
    {
        Source = source;
        DataType = dataType;
        Shape = shape;
        _singles = singles;
        _int64s = int64s;
        _int32s = int32s;
        _bytes = bytes;
        _sbytes = sbytes;
        ElementCount = singles?.Length ?? int64s?.Length ?? int32s?.Length ?? bytes?.Length ?? sbytes!.Length;
    }

    /// <summary>Where the array came from (a path, or <c>archive.npz:name.npy</c>); used in error messages.</summary>
    public string Source { get; }

    /// <summary>The element type stored in the file.</summary>
    public NpyDataType DataType { get; }

    /// <summary>Dimensions, outermost first; empty for a 0-d (scalar) array.</summary>
    public int[] Shape { get; }

    /// <summary>Product of <see cref="Shape"/>.</summary>
    public int ElementCount { get; }

    internal static NpyArray FromSingles(string source, NpyDataType dataType, int[] shape, float[] data) =>
        new(source, dataType, shape, singles: data);

    internal static NpyArray FromInt64s(string source, int[] shape, long[] data) =>
        new(source, NpyDataType.Int64, shape, int64s: data);

    internal static NpyArray FromInt32s(string source, int[] shape, int[] data) =>
        new(source, NpyDataType.Int32, shape, int32s: data);

    internal static NpyArray FromBytes(string source, int[] shape, byte[] data) =>
        new(source, NpyDataType.UInt8, shape, bytes: data);

    internal static NpyArray FromSBytes(string source, int[] shape, sbyte[] data) =>
        new(source, NpyDataType.Int8, shape, sbytes: data);

    /// <summary>
    /// The elements as <see cref="float"/>, in a new array. Integers beyond 2^24 in magnitude round to the
    /// nearest representable float.
    /// </summary>
    public float[] ToSingleArray() => DataType switch
    {
        NpyDataType.Float32 or NpyDataType.Float64 => (float[])_singles!.Clone(),
        NpyDataType.Int64 => Convert<long, float>(_int64s!),
        NpyDataType.Int32 => Convert<int, float>(_int32s!),
        NpyDataType.UInt8 => Convert<byte, float>(_bytes!),
        NpyDataType.Int8 => Convert<sbyte, float>(_sbytes!),
        _ => throw new InvalidOperationException($"unhandled {nameof(NpyDataType)} {DataType}"),
    };

    /// <summary>
    /// The elements as <see cref="int"/>, in a new array: for class labels. Int64 values outside the int32 range
    /// and floating-point values that are not whole numbers (labels saved as float) throw
    /// <see cref="InvalidDataFileException"/> naming the element.
    /// </summary>
    public int[] ToInt32Array()
    {
        switch (DataType)
        {
            case NpyDataType.Float32:
            case NpyDataType.Float64:
                for (var i = 0; i < _singles!.Length; i++)
                {
                    var value = _singles[i];
                    if (!float.IsFinite(value) || value != MathF.Round(value) || value < int.MinValue || value >= -(float)int.MinValue)
                    {
                        throw new InvalidDataFileException(Source, $"element {i} is {value}, not a whole number within the int32 range");
                    }
                }

                return Convert<float, int>(_singles);
            case NpyDataType.Int64:
                for (var i = 0; i < _int64s!.Length; i++)
                {
                    if (_int64s[i] is < int.MinValue or > int.MaxValue)
                    {
                        throw new InvalidDataFileException(Source, $"element {i} is {_int64s[i]}, outside the int32 range [{int.MinValue}, {int.MaxValue}]");
                    }
                }

                return Convert<long, int>(_int64s);
            case NpyDataType.Int32:
                return (int[])_int32s!.Clone();
            case NpyDataType.UInt8:
                return Convert<byte, int>(_bytes!);
            case NpyDataType.Int8:
                return Convert<sbyte, int>(_sbytes!);
            default:
                throw new InvalidOperationException($"unhandled {nameof(NpyDataType)} {DataType}");
        }
    }

    // Callers have range-checked where the conversion could lose information, so truncation is exact here.
    private static TTo[] Convert<TFrom, TTo>(TFrom[] source)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo>
    {
        var result = new TTo[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            result[i] = TTo.CreateTruncating(source[i]);
        }

        return result;
    }

    /// <summary>The raw bytes of a <see cref="NpyDataType.UInt8"/> array (image pixels) without a copy; null for other types.</summary>
    internal byte[]? RawBytes => _bytes;
}
