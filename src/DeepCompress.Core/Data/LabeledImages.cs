namespace DeepCompress.Core.Data;

/// <summary>
/// A set of images with one integer label each, ready for a model: <see cref="Images"/> holds
/// [<see cref="Count"/>, <see cref="Channels"/>, <see cref="Height"/>, <see cref="Width"/>] normalised floats in
/// row-major (NCHW) order.
/// </summary>
public sealed class LabeledImages
{
    public LabeledImages(float[] images, int[] labels, int channels, int height, int width, string source)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var expected = (long)labels.Length * channels * height * width;
        if (expected != images.Length)
        {
            throw new ArgumentException($"{labels.Length} labels of {channels}x{height}x{width} images need {expected} values, got {images.Length}", nameof(images));
        }

        Images = images;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        Source = source;
    }

    /// <summary>Normalised pixels, NCHW.</summary>
    public float[] Images { get; }

    /// <summary>One class index per image.</summary>
    public int[] Labels { get; }

    public int Count => Labels.Length;

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Values per image: <c>Channels * Height * Width</c>.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The tensor shape of <see cref="Images"/>: [Count, Channels, Height, Width].</summary>
    public int[] Shape => [Count, Channels, Height, Width];

    /// <summary>The file or files the data came from.</summary>
    public string Source { get; }

    /// <summary>The values of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsSpan(index * ImageSize, ImageSize);
    }
}
