using DeepCompress.Core.Data;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>How <see cref="ModelInputReader"/> interprets an input file.</summary>
/// <param name="RawShape">Shape of a raw little-endian float32 file; null unless the input is raw.</param>
/// <param name="Count">Keep only the first N entries of the leading dimension; null keeps all.</param>
/// <param name="Normalization">Maps IDX pixel values to model inputs; unused for .npy and raw files.</param>
public sealed record InputFileOptions(int[]? RawShape, int? Count, InputNormalization Normalization);
