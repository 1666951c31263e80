namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// Random-shift augmentation of training images: each image moves by dx, dy drawn uniformly from
/// [-<see cref="Pixels"/>, <see cref="Pixels"/>]; what enters at the border is <see cref="Fill"/>, the normalised
/// value of a 0 pixel (MNIST's background). The draws come from one generator seeded by the training seed and
/// consumed in batch order, so a run is reproducible whatever the thread count.
/// </summary>
public sealed record ShiftAugmentation(int Pixels, float Fill)
{
    /// <summary>Seeds the shift generator apart from the shuffle's, so turning augmentation on keeps the same example order.</summary>
    private const int SeedOffset = 0x5EED;

    public Random CreateRandom(int seed) => new(unchecked(seed + SeedOffset));

    /// <summary>Writes <paramref name="source"/> shifted by a random offset into <paramref name="target"/> (same layout: channels x height x width).</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> target, int channels, int height, int width, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var dx = random.Next(-Pixels, Pixels + 1);
        var dy = random.Next(-Pixels, Pixels + 1);
        target.Fill(Fill);
        // Output row y reads input row y - dy; columns likewise, clipped to the overlap.
        var firstColumn = Math.Max(0, dx);
        var columns = width - Math.Abs(dx);
        if (columns <= 0)
        {
            return;
        }

        for (var c = 0; c < channels; c++)
        {
            for (var y = Math.Max(0, dy); y < Math.Min(height, height + dy); y++)
            {
                var from = (c * height * width) + ((y - dy) * width) + firstColumn - dx;
                var to = (c * height * width) + (y * width) + firstColumn;
                source.Slice(from, columns).CopyTo(target.Slice(to, columns));
            }
        }
    }
}
