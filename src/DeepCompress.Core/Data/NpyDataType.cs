namespace DeepCompress.Core.Data;

/// <summary>The element types <see cref="NpyReader"/> accepts, by their little-endian numpy descr.</summary>
public enum NpyDataType
{
    /// <summary><c>&lt;f4</c>, IEEE 754 binary32.</summary>
    Float32,

    /// <summary><c>&lt;f8</c>, IEEE 754 binary64, narrowed to <see cref="float"/> when read.</summary>
    Float64,

    /// <summary><c>&lt;i8</c>.</summary>
    Int64,

    /// <summary><c>&lt;i4</c>.</summary>
    Int32,

    /// <summary><c>|u1</c>.</summary>
    UInt8,

    /// <summary><c>|i1</c>.</summary>
    Int8,
}
