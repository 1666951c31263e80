using DeepCompress.Cli.Pipeline;

namespace DeepCompress.Cli.Tests;

public class ShiftAugmentationTests
{
    [Theory]
    [InlineData(1, 4, 5)]
    [InlineData(2, 3, 3)]
    [InlineData(2, 1, 7)]
    public void EveryShiftMovesThePixelsAndFillsTheBorder(int channels, int height, int width)
    {
        const int pixels = 3;
        const float fill = -0.5f;
        var augmentation = new ShiftAugmentation(pixels, fill);
        var source = Enumerable.Range(1, channels * height * width).Select(v => (float)v).ToArray();
        for (var dy = -pixels; dy <= pixels; dy++)
        {
            for (var dx = -pixels; dx <= pixels; dx++)
            {
                var target = new float[source.Length];
                augmentation.Apply(source, target, channels, height, width, new FixedDraws(dx, dy, pixels));

                for (var c = 0; c < channels; c++)
                {
                    for (var y = 0; y < height; y++)
                    {
                        for (var x = 0; x < width; x++)
                        {
                            var (sy, sx) = (y - dy, x - dx);
                            var expected = sy >= 0 && sy < height && sx >= 0 && sx < width ? source[(((c * height) + sy) * width) + sx] : fill;
                            Assert.Equal(expected, target[(((c * height) + y) * width) + x]);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void DrawsAreSeededAndCoverTheRange()
    {
        var augmentation = new ShiftAugmentation(2, 0f);
        var first = augmentation.CreateRandom(7);
        var second = augmentation.CreateRandom(7);
        var image = Enumerable.Range(0, 25).Select(v => (float)v).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            var a = new float[25];
            var b = new float[25];
            augmentation.Apply(image, a, 1, 5, 5, first);
            augmentation.Apply(image, b, 1, 5, 5, second);
            Assert.Equal(a, b);
            seen.Add(string.Join(",", a));
        }

        // 5 x 5 offsets, all distinct images of a 5 x 5 ramp.
        Assert.Equal(25, seen.Count);
    }

    /// <summary>Returns dx, then dy, as Random.Next(-pixels, pixels + 1) would.</summary>
    private sealed class FixedDraws(int dx, int dy, int pixels) : Random
    {
        private int calls;

        public override int Next(int minValue, int maxValue)
        {
            Assert.Equal((-pixels, pixels + 1), (minValue, maxValue));
            return calls++ == 0 ? dx : dy;
        }
    }
}
