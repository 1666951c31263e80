namespace DeepCompress.Core.Data;

/// <summary>
/// Loads an image-classification split as normalised NCHW floats plus integer labels, from either
/// <list type="bullet">
/// <item>a directory of MNIST-style IDX files: <c>t10k-</c> (or <c>test-</c>) / <c>train-</c> +
/// <c>images-idx3-ubyte</c> and <c>labels-idx1-ubyte</c>, also with <c>.idx3</c> in place of <c>-idx3</c> and
/// optionally gzipped (<c>.gz</c>);</item>
/// <item>a directory holding <c>test.npz</c> / <c>train.npz</c>, or an .npz with split-suffixed arrays
/// (<c>x_test</c>, <c>y_test</c>, <c>x_train</c>, <c>y_train</c>, Keras' mnist.npz layout);</item>
/// <item>an .npz file given directly, with arrays <c>x_test</c>/<c>y_test</c> (per split) or, for any split,
/// <c>x</c>/<c>y</c>, <c>images</c>/<c>labels</c> or <c>inputs</c>/<c>labels</c>.</item>
/// </list>
/// IDX images are [N, H, W]; npz images may be [N, H, W], [N, C, H, W] or [N, D] with D a perfect square
/// (flattened single-channel images). Labels are [N] or [N, 1] non-negative integers.
/// </summary>
public static class DatasetLoader
{
    private static readonly (string Images, string Labels)[] UnsplitNpzNames = [("x", "y"), ("images", "labels"), ("inputs", "labels")];

    /// <summary>
    /// Loads <paramref name="split"/> from <paramref name="path"/> (a directory or an .npz file) and applies
    /// <paramref name="normalization"/> to every pixel. Missing files throw <see cref="FileNotFoundException"/>
    /// naming what was looked for; malformed ones <see cref="InvalidDataFileException"/>.
    /// </summary>
    public static LabeledImages Load(string path, DatasetSplit split, InputNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(normalization);
        if (File.Exists(path))
        {
            return LoadNpz(path, split, normalization, acceptUnsplitNames: true)
                ?? throw new FileNotFoundException($"{path}: the archive holds none of the array pairs {DescribeNpzNames(split, acceptUnsplitNames: true)}", path);
        }

        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"{path}: no such dataset directory or .npz file");
        }

        var idx = FindIdxPair(path, split);
        if (idx is { } pair)
        {
            return LoadIdx(pair.Images, pair.Labels, normalization);
        }

        var splitNpz = Path.Combine(path, SplitName(split) + ".npz");
        if (File.Exists(splitNpz))
        {
            return LoadNpz(splitNpz, split, normalization, acceptUnsplitNames: true)
                ?? throw new FileNotFoundException($"{splitNpz}: the archive holds none of the array pairs {DescribeNpzNames(split, acceptUnsplitNames: true)}", splitNpz);
        }

        var archives = Directory.GetFiles(path, "*.npz");
        Array.Sort(archives, StringComparer.Ordinal);
        foreach (var archive in archives)
        {
            var loaded = LoadNpz(archive, split, normalization, acceptUnsplitNames: false);
            if (loaded is not null)
            {
                return loaded;
            }
        }

        var prefix = IdxPrefixes(split)[0];
        throw new FileNotFoundException(
            $"{path}: no {split.ToString().ToLowerInvariant()} data: looked for {prefix}-images-idx3-ubyte[.gz] with {prefix}-labels-idx1-ubyte[.gz], " +
            $"{SplitName(split)}.npz, and *.npz holding {DescribeNpzNames(split, acceptUnsplitNames: false)}");
    }

    private static string SplitName(DatasetSplit split) => split == DatasetSplit.Test ? "test" : "train";

    private static string[] IdxPrefixes(DatasetSplit split) => split == DatasetSplit.Test ? ["t10k", "test"] : ["train"];

    private static string DescribeNpzNames(DatasetSplit split, bool acceptUnsplitNames)
    {
        var pairs = new List<string> { $"x_{SplitName(split)}/y_{SplitName(split)}" };
        if (acceptUnsplitNames)
        {
            pairs.AddRange(UnsplitNpzNames.Select(p => $"{p.Images}/{p.Labels}"));
        }

        return string.Join(", ", pairs);
    }

    private static (string Images, string Labels)? FindIdxPair(string directory, DatasetSplit split)
    {
        foreach (var prefix in IdxPrefixes(split))
        {
            var images = FindFirst(directory, $"{prefix}-images-idx3-ubyte", $"{prefix}-images.idx3-ubyte");
            if (images is null)
            {
                continue;
            }

            var labels = FindFirst(directory, $"{prefix}-labels-idx1-ubyte", $"{prefix}-labels.idx1-ubyte")
                ?? throw new FileNotFoundException($"{directory}: found {Path.GetFileName(images)} but no {prefix}-labels-idx1-ubyte[.gz] beside it");
            return (images, labels);
        }

        return null;
    }

    private static string? FindFirst(string directory, params string[] names)
    {
        foreach (var name in names)
        {
            foreach (var candidate in new[] { name, name + ".gz" })
            {
                var path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    private static LabeledImages LoadIdx(string imagesPath, string labelsPath, InputNormalization normalization)
    {
        var images = IdxReader.Read(imagesPath);
        if (images.Shape.Length != 3)
        {
            throw new InvalidDataFileException(imagesPath, $"IDX images have {images.Shape.Length} dimensions [{string.Join(", ", images.Shape)}], expected 3 [count, rows, columns]");
        }

        var labels = IdxReader.Read(labelsPath);
        if (labels.Shape.Length != 1)
        {
            throw new InvalidDataFileException(labelsPath, $"IDX labels have {labels.Shape.Length} dimensions [{string.Join(", ", labels.Shape)}], expected 1 [count]");
        }

        var (count, height, width) = (images.Shape[0], images.Shape[1], images.Shape[2]);
        CheckImageExtent(imagesPath, 1, height, width);
        if (labels.Shape[0] != count)
        {
            throw new InvalidDataFileException(labelsPath, $"{labels.Shape[0]} labels for the {count} images of {imagesPath}");
        }

        var intLabels = new int[count];
        for (var i = 0; i < count; i++)
        {
            intLabels[i] = labels.Data[i];
        }

        return new LabeledImages(NormalizeBytes(images.Data, normalization), intLabels, 1, height, width, $"{imagesPath} + {labelsPath}");
    }

    private static LabeledImages? LoadNpz(string path, DatasetSplit split, InputNormalization normalization, bool acceptUnsplitNames)
    {
        using var archive = new NpzReader(path);
        var candidates = new List<(string Images, string Labels)> { ($"x_{SplitName(split)}", $"y_{SplitName(split)}") };
        if (acceptUnsplitNames)
        {
            candidates.AddRange(UnsplitNpzNames);
        }

        foreach (var (imagesName, labelsName) in candidates)
        {
            if (archive.Contains(imagesName) && archive.Contains(labelsName))
            {
                return FromArrays(archive.Read(imagesName), archive.Read(labelsName), normalization);
            }
        }

        return null;
    }

    private static LabeledImages FromArrays(NpyArray images, NpyArray labels, InputNormalization normalization)
    {
        var shape = images.Shape;
        int channels, height, width;
        switch (shape.Length)
        {
            case 3:
                (channels, height, width) = (1, shape[1], shape[2]);
                break;
            case 4:
                (channels, height, width) = (shape[1], shape[2], shape[3]);
                break;
            case 2:
                var side = (int)Math.Round(Math.Sqrt(shape[1]));
                if (side * side != shape[1])
                {
                    throw new NotSupportedException($"{images.Source}: flattened images of {shape[1]} values are not square; store them as [N, H, W]");
                }

                (channels, height, width) = (1, side, side);
                break;
            default:
                throw new NotSupportedException($"{images.Source}: images of shape ({string.Join(", ", shape)}) are not supported, expected [N, H, W], [N, C, H, W] or [N, H*W]");
        }

        CheckImageExtent(images.Source, channels, height, width);
        var count = shape[0];
        if (labels.Shape is not ([_] or [_, 1]) || labels.Shape[0] != count)
        {
            throw new InvalidDataFileException(labels.Source, $"labels of shape ({string.Join(", ", labels.Shape)}) do not match the {count} images of {images.Source}; expected ({count},) or ({count}, 1)");
        }

        var intLabels = labels.ToInt32Array();
        for (var i = 0; i < intLabels.Length; i++)
        {
            if (intLabels[i] < 0)
            {
                throw new InvalidDataFileException(labels.Source, $"label {i} is {intLabels[i]}, expected a class index >= 0");
            }
        }

        float[] pixels;
        if (images.RawBytes is { } bytes)
        {
            pixels = NormalizeBytes(bytes, normalization);
        }
        else
        {
            pixels = images.ToSingleArray();
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = normalization.Apply(pixels[i]);
            }
        }

        return new LabeledImages(pixels, intLabels, channels, height, width, $"{images.Source} + {labels.Source}");
    }

    private static void CheckImageExtent(string source, int channels, int height, int width)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
        {
            throw new InvalidDataFileException(source, $"image extent {channels}x{height}x{width} has an empty dimension, expected every one >= 1");
        }
    }

    // A 256-entry table gives every byte value exactly the float that Apply computes, at a fraction of the cost.
    private static float[] NormalizeBytes(byte[] data, InputNormalization normalization)
    {
        Span<float> table = stackalloc float[256];
        for (var b = 0; b < table.Length; b++)
        {
            table[b] = normalization.Apply(b);
        }

        var result = new float[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = table[data[i]];
        }

        return result;
    }
}
