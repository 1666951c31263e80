namespace DeepCompress.Format;

/// <summary>The layout byte of a layer; version 1 defines only row-major flat positions.</summary>
internal enum TensorLayout : byte
{
    RowMajorPositions = 0,
}
