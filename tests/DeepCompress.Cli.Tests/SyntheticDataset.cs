using System.Buffers.Binary;

namespace DeepCompress.Cli.Tests;

/// <summary>
/// Writes a small MNIST-style IDX dataset whose labels a linear model can learn: each label is the argmax of a
/// fixed seeded projection of the pixels, so training on it must lower the loss.
/// </summary>
internal static class SyntheticDataset
{
    public static void Write(string directory, int height, int width, int classes, int trainCount, int testCount, int seed = 3)
    {
        var random = new Random(seed);
        var pixels = height * width;
        var projection = Enumerable.Range(0, classes * pixels).Select(_ => random.NextDouble() - 0.5).ToArray();
        WriteSplit(directory, "train", trainCount, height, width, classes, projection, random);
        WriteSplit(directory, "t10k", testCount, height, width, classes, projection, random);
    }

    public static void WriteImages(string path, byte[] data, int count, int height, int width)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x0803);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), width);
        File.WriteAllBytes(path, [.. header, .. data]);
    }

    public static void WriteLabels(string path, byte[] labels)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        File.WriteAllBytes(path, [.. header, .. labels]);
    }

    private static void WriteSplit(string directory, string prefix, int count, int height, int width, int classes, double[] projection, Random random)
    {
        var pixels = height * width;
        var images = new byte[count * pixels];
        random.NextBytes(images);
        var labels = new byte[count];
        for (var n = 0; n < count; n++)
        {
            var best = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                var score = 0.0;
                for (var p = 0; p < pixels; p++)
                {
                    score += projection[c * pixels + p] * images[n * pixels + p];
                }

                if (score > best)
                {
                    best = score;
                    labels[n] = (byte)c;
                }
            }
        }

        WriteImages(Path.Combine(directory, prefix + "-images-idx3-ubyte"), images, count, height, width);
        WriteLabels(Path.Combine(directory, prefix + "-labels-idx1-ubyte"), labels);
    }
}
