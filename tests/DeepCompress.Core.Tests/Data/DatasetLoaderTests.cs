using System.IO.Compression;
using DeepCompress.Core.Data;

namespace DeepCompress.Core.Tests.Data;

public class DatasetLoaderTests
{
    private static readonly InputNormalization MnistMeanStd = new(1f / 255f, 0.1307f, 0.3081f);

    private static (byte[] Pixels, byte[] Labels) WriteIdxSplit(TempDirectory dir, string prefix, int count, int seed, string style = "-idx", bool gzip = false)
    {
        var pixels = IdxFiles.RandomBytes(count * 28 * 28, seed);
        var labels = IdxFiles.RandomBytes(count, seed + 1).Select(b => (byte)(b % 10)).ToArray();
        var suffix = gzip ? ".gz" : "";
        var images = IdxFiles.Build([count, 28, 28], pixels);
        var labelFile = IdxFiles.Build([count], labels);
        dir.Write($"{prefix}-images{style}3-ubyte{suffix}", gzip ? IdxFiles.Gzip(images) : images);
        dir.Write($"{prefix}-labels{style}1-ubyte{suffix}", gzip ? IdxFiles.Gzip(labelFile) : labelFile);
        return (pixels, labels);
    }

    private static void AssertImages(LabeledImages loaded, byte[] pixels, byte[] labels, InputNormalization normalization, int height = 28, int width = 28)
    {
        Assert.Equal([labels.Length, 1, height, width], loaded.Shape);
        Assert.Equal(labels.Select(l => (int)l), loaded.Labels);
        Assert.Equal(pixels.Select(p => (p * normalization.Scale - normalization.Mean) / normalization.Std), loaded.Images);
    }

    [Fact]
    public void LoadsIdxTestAndTrainSplits()
    {
        using var dir = new TempDirectory();
        var test = WriteIdxSplit(dir, "t10k", 5, seed: 10);
        var train = WriteIdxSplit(dir, "train", 7, seed: 20);
        AssertImages(DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.UnitRange), test.Pixels, test.Labels, InputNormalization.UnitRange);
        AssertImages(DatasetLoader.Load(dir.Path, DatasetSplit.Train, MnistMeanStd), train.Pixels, train.Labels, MnistMeanStd);
    }

    [Theory]
    [InlineData("t10k", ".idx", false)]
    [InlineData("t10k", "-idx", true)]
    [InlineData("test", "-idx", false)]
    public void FindsIdxNamingVariants(string prefix, string style, bool gzip)
    {
        using var dir = new TempDirectory();
        var test = WriteIdxSplit(dir, prefix, 3, seed: 30, style, gzip);
        AssertImages(DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.Identity), test.Pixels, test.Labels, InputNormalization.Identity);
    }

    [Fact]
    public void UnitRangeMatchesTheTrainingScriptScaling()
    {
        // train_lenet.py computes pixels * float32(1/255); the loader must give the very same floats.
        using var dir = new TempDirectory();
        var pixels = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        dir.Write("t10k-images-idx3-ubyte", IdxFiles.Build([1, 16, 16], pixels));
        dir.Write("t10k-labels-idx1-ubyte", IdxFiles.Build([1], [3]));
        var loaded = DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.UnitRange);
        Assert.Equal(pixels.Select(p => p * (float)(1.0 / 255.0)), loaded.Images);
        Assert.Equal(1f, loaded.Images[255]);
        Assert.Equal([1, 1, 16, 16], loaded.Shape);
    }

    [Fact]
    public void ImagesWithoutLabelsAreReported()
    {
        using var dir = new TempDirectory();
        dir.Write("t10k-images-idx3-ubyte", IdxFiles.Build([1, 2, 2], [1, 2, 3, 4]));
        var error = Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.Identity));
        Assert.Contains("found t10k-images-idx3-ubyte but no t10k-labels-idx1-ubyte[.gz] beside it", error.Message);
    }

    [Fact]
    public void EmptyDirectoryNamesWhatWasLookedFor()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load(dir.Path, DatasetSplit.Train, InputNormalization.Identity));
        Assert.Contains("no train data: looked for train-images-idx3-ubyte[.gz] with train-labels-idx1-ubyte[.gz], train.npz, and *.npz holding x_train/y_train", error.Message);
    }

    [Fact]
    public void MissingPathIsReported() =>
        Assert.Throws<DirectoryNotFoundException>(() => DatasetLoader.Load(Path.Combine(Path.GetTempPath(), "dcompress-no-such-dataset"), DatasetSplit.Test, InputNormalization.Identity));

    [Fact]
    public void LabelCountMismatchIsRejected()
    {
        using var dir = new TempDirectory();
        dir.Write("t10k-images-idx3-ubyte", IdxFiles.Build([2, 2, 2], new byte[8]));
        var labels = dir.Write("t10k-labels-idx1-ubyte", IdxFiles.Build([3], [1, 2, 3]));
        var error = Assert.Throws<InvalidDataFileException>(() => DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.Identity));
        Assert.Equal(labels, error.FileName);
        Assert.Contains("3 labels for the 2 images", error.Message);
    }

    [Fact]
    public void WrongRankIdxIsRejected()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("t10k-images-idx3-ubyte", IdxFiles.Build([4], [1, 2, 3, 4]));
        dir.Write("t10k-labels-idx1-ubyte", IdxFiles.Build([4], [1, 2, 3, 4]));
        var error = Assert.Throws<InvalidDataFileException>(() => DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.Identity));
        Assert.Equal(images, error.FileName);
        Assert.Contains("IDX images have 1 dimensions [4], expected 3", error.Message);
    }

    [Fact]
    public void EmptyImageExtentIsRejected()
    {
        using var dir = new TempDirectory();
        dir.Write("t10k-images-idx3-ubyte", IdxFiles.Build([2, 0, 28], []));
        dir.Write("t10k-labels-idx1-ubyte", IdxFiles.Build([2], [1, 2]));
        var error = Assert.Throws<InvalidDataFileException>(() => DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.Identity));
        Assert.Contains("image extent 1x0x28 has an empty dimension", error.Message);
    }

    [Fact]
    public void LoadsNumpyNpzFileGivenDirectly()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("digits.npz", NumpyGoldenFiles.Bytes(NumpyGoldenFiles.NpzStored));
        var pixels = Enumerable.Range(0, 48).Select(i => (byte)(i * 5 % 256)).ToArray();
        var loaded = DatasetLoader.Load(path, DatasetSplit.Test, MnistMeanStd);
        AssertImages(loaded, pixels, [4, 0, 9], MnistMeanStd, height: 4, width: 4);
        Assert.Equal($"{path}:x.npy + {path}:y.npy", loaded.Source);
    }

    [Fact]
    public void LoadsKerasStyleSplitArraysFromADirectory()
    {
        using var dir = new TempDirectory();
        dir.Write("mnist.npz", NumpyGoldenFiles.Bytes(NumpyGoldenFiles.NpzCompressedSplit));
        var pixels = Enumerable.Range(0, 48).Select(i => (byte)(i * 5 % 256)).ToArray();
        AssertImages(DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.UnitRange), pixels, [4, 0, 9], InputNormalization.UnitRange, 4, 4);
        AssertImages(DatasetLoader.Load(dir.Path, DatasetSplit.Train, InputNormalization.UnitRange), pixels[..32], [4, 0], InputNormalization.UnitRange, 4, 4);
    }

    [Fact]
    public void LoadsSplitNamedNpzWithImagesAndLabels()
    {
        using var dir = new TempDirectory();
        var images = Enumerable.Range(0, 2 * 3 * 5 * 5).Select(i => i * 0.25f).ToArray();
        dir.Write("test.npz", NpzFiles.Build([
            ("images.npy", NpzFiles.Float32Npy([2, 3, 5, 5], images)),
            ("labels.npy", NpzFiles.Float32Npy([2, 1], [1f, 0f])),
        ]));
        var loaded = DatasetLoader.Load(dir.Path, DatasetSplit.Test, MnistMeanStd);
        Assert.Equal([2, 3, 5, 5], loaded.Shape);
        Assert.Equal([1, 0], loaded.Labels);
        Assert.Equal(images.Select(MnistMeanStd.Apply), loaded.Images);
        Assert.Equal(loaded.Images.AsSpan(75, 75).ToArray(), loaded.Image(1).ToArray());
    }

    [Fact]
    public void FlattenedSquareImagesBecomeSingleChannel()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("flat.npz", NpzFiles.Build([
            ("x.npy", NpzFiles.Float32Npy([3, 784], new float[3 * 784])),
            ("y.npy", NpzFiles.Float32Npy([3], [1f, 2f, 3f])),
        ]));
        var loaded = DatasetLoader.Load(path, DatasetSplit.Test, InputNormalization.Identity);
        Assert.Equal([3, 1, 28, 28], loaded.Shape);
    }

    [Fact]
    public void FlattenedNonSquareImagesAreNotSupported()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("flat.npz", NpzFiles.Build([
            ("x.npy", NpzFiles.Float32Npy([1, 10], new float[10])),
            ("y.npy", NpzFiles.Float32Npy([1], [1f])),
        ]));
        var error = Assert.Throws<NotSupportedException>(() => DatasetLoader.Load(path, DatasetSplit.Test, InputNormalization.Identity));
        Assert.Contains("flattened images of 10 values are not square", error.Message);
    }

    [Theory]
    [InlineData(new[] { 3 }, new[] { 2 }, "labels of shape (2) do not match the 3 images")]
    [InlineData(new[] { 3 }, new[] { 3, 2 }, "labels of shape (3, 2) do not match the 3 images")]
    public void LabelShapeMismatchIsRejected(int[] imageCount, int[] labelShape, string expectedFragment)
    {
        using var dir = new TempDirectory();
        var labelCount = labelShape.Aggregate(1, (a, b) => a * b);
        var path = dir.Write("bad.npz", NpzFiles.Build([
            ("x.npy", NpzFiles.Float32Npy([imageCount[0], 2, 2], new float[imageCount[0] * 4])),
            ("y.npy", NpzFiles.Float32Npy(labelShape, new float[labelCount])),
        ]));
        var error = Assert.Throws<InvalidDataFileException>(() => DatasetLoader.Load(path, DatasetSplit.Test, InputNormalization.Identity));
        Assert.Equal($"{path}:y.npy", error.FileName);
        Assert.Contains(expectedFragment, error.Message);
    }

    [Fact]
    public void NegativeLabelsAreRejected()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.npz", NpzFiles.Build([
            ("x.npy", NpzFiles.Float32Npy([2, 2, 2], new float[8])),
            ("y.npy", NpzFiles.Float32Npy([2], [1f, -1f])),
        ]));
        var error = Assert.Throws<InvalidDataFileException>(() => DatasetLoader.Load(path, DatasetSplit.Test, InputNormalization.Identity));
        Assert.Contains("label 1 is -1, expected a class index >= 0", error.Message);
    }

    [Fact]
    public void NpzWithoutKnownArraysIsReported()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("other.npz", NpzFiles.Build([("weights.npy", NpzFiles.Float32Npy([1], [1f]))], CompressionLevel.Fastest));
        var error = Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load(path, DatasetSplit.Test, InputNormalization.Identity));
        Assert.Contains("holds none of the array pairs x_test/y_test, x/y, images/labels, inputs/labels", error.Message);
    }

    [Fact]
    public void IdxIsPreferredOverNpzInTheSameDirectory()
    {
        using var dir = new TempDirectory();
        var test = WriteIdxSplit(dir, "t10k", 2, seed: 40);
        dir.Write("test.npz", NumpyGoldenFiles.Bytes(NumpyGoldenFiles.NpzStored));
        AssertImages(DatasetLoader.Load(dir.Path, DatasetSplit.Test, InputNormalization.Identity), test.Pixels, test.Labels, InputNormalization.Identity);
    }
}
