using System.Globalization;

namespace DeepCompress.Core.Data;

/// <summary>
/// Maps a stored pixel value <c>p</c> to a model input as <c>(p * Scale - Mean) / Std</c>, evaluated in
/// <see cref="float"/> in that order. The reference models record their values in ONNX metadata_props under
/// <see cref="ScaleKey"/>, <see cref="MeanKey"/> and <see cref="StdKey"/> (MNIST models: 1/255, 0, 1).
/// </summary>
public sealed record InputNormalization
{
    public const string ScaleKey = "dcompress.input_scale";
    public const string MeanKey = "dcompress.input_mean";
    public const string StdKey = "dcompress.input_std";
    public const string DatasetKey = "dcompress.dataset";

    public InputNormalization(float scale, float mean, float std)
    {
        if (!float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the scale must be finite");
        }

        if (!float.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "the mean must be finite");
        }

        if (!float.IsFinite(std) || std <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "the standard deviation must be finite and positive");
        }

        Scale = scale;
        Mean = mean;
        Std = std;
    }

    /// <summary>Pixel values passed through unchanged.</summary>
    public static InputNormalization Identity { get; } = new(1f, 0f, 1f);

    /// <summary>Pixels divided by 255, the normalisation of the reference MNIST and Fashion-MNIST models.</summary>
    public static InputNormalization UnitRange { get; } = new(1f / 255f, 0f, 1f);

    public float Scale { get; }

    public float Mean { get; }

    public float Std { get; }

    /// <summary>Normalises one stored value.</summary>
    public float Apply(float value) => (value * Scale - Mean) / Std;

    /// <summary>
    /// Reads the normalisation from a model's metadata_props; a missing key keeps the identity value (scale 1,
    /// mean 0, std 1). A value that is not a number, or is out of range, throws
    /// <see cref="InvalidDataFileException"/> naming <paramref name="source"/> and the key.
    /// </summary>
    public static InputNormalization FromMetadata(IReadOnlyDictionary<string, string> metadata, string source)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(source);
        var scale = ParseOrDefault(metadata, ScaleKey, 1f, source);
        var mean = ParseOrDefault(metadata, MeanKey, 0f, source);
        var std = ParseOrDefault(metadata, StdKey, 1f, source);
        if (!float.IsFinite(scale) || !float.IsFinite(mean) || !float.IsFinite(std) || std <= 0f)
        {
            throw new InvalidDataFileException(source, $"metadata normalisation scale {scale}, mean {mean}, std {std}: all must be finite and std positive");
        }

        return new InputNormalization(scale, mean, std);
    }

    private static float ParseOrDefault(IReadOnlyDictionary<string, string> metadata, string key, float fallback, string source)
    {
        if (!metadata.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidDataFileException(source, $"metadata '{key}' is '{text}', not a number");
        }

        return value;
    }
}
