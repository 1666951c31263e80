using System.Buffers.Binary;
using DeepCompress.Core.Data;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// Reads the input of <c>dcompress run</c>: .npy (recognised by its magic), raw little-endian float32 (when a
/// shape is given), or IDX images (raw or gzip), which become <c>[N, 1, rows, cols]</c> normalised floats.
/// </summary>
public static class ModelInputReader
{
    private static readonly byte[] NpyMagic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int IdxImageRank = 3;

    public static ModelInput Read(string path, InputFileOptions options)
    {
        var input = ReadWhole(path, options);
        return options.Count is { } count ? TakeLeading(input, count, path) : input;
    }

    private static ModelInput ReadWhole(string path, InputFileOptions options)
    {
        if (StartsWith(path, NpyMagic))
        {
            if (options.RawShape is not null)
            {
                throw new InvalidDataException($"{path}: is a .npy file, which carries its own shape; drop --shape");
            }

            var array = NpyReader.Read(path);
            return new ModelInput(array.ToSingleArray(), array.Shape, "npy");
        }

        return options.RawShape is { } shape ? ReadRaw(path, shape) : ReadIdxImages(path, options.Normalization);
    }

    private static ModelInput ReadRaw(string path, int[] shape)
    {
        var expected = shape.Aggregate(1L, (a, d) => checked(a * d)) * sizeof(float);
        var length = new FileInfo(path).Length;
        if (length != expected)
        {
            throw new InvalidDataException(
                $"{path}: raw float32 input has {length} bytes, but --shape {string.Join(",", shape)} needs {expected}");
        }

        var bytes = File.ReadAllBytes(path);
        var data = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return new ModelInput(data, shape, "raw");
    }

    private static ModelInput ReadIdxImages(string path, InputNormalization normalization)
    {
        var idx = IdxReader.Read(path);
        if (idx.Shape.Length != IdxImageRank)
        {
            throw new InvalidDataException(
                $"{path}: IDX tensor of rank {idx.Shape.Length} is not images [N, rows, cols] (rank {IdxImageRank}); a raw float32 file needs --shape");
        }

        var data = new float[idx.Data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = normalization.Apply(idx.Data[i]);
        }

        return new ModelInput(data, [idx.Shape[0], 1, idx.Shape[1], idx.Shape[2]], "idx");
    }

    private static ModelInput TakeLeading(ModelInput input, int count, string path)
    {
        if (input.Shape.Length == 0 || input.Shape[0] < count)
        {
            var available = input.Shape.Length == 0 ? 0 : input.Shape[0];
            throw new InvalidDataException($"{path}: --count {count} asks for more entries than the input's {available}");
        }

        var perEntry = input.Shape.Length == 0 || input.Shape[0] == 0 ? 0 : input.Data.Length / input.Shape[0];
        int[] shape = [count, .. input.Shape[1..]];
        return input with { Data = input.Data[..(count * perEntry)], Shape = shape };
    }

    private static bool StartsWith(string path, byte[] magic)
    {
        Span<byte> head = stackalloc byte[magic.Length];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(magic);
    }
}
