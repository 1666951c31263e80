using System.IO.Compression;
using DeepCompress.Core.Data;

namespace DeepCompress.Core.Tests.Data;

public class NpzReaderTests
{
    private static readonly int[] GoldenPixels = Enumerable.Range(0, 48).Select(i => i * 5 % 256).ToArray();

    private static NpzReader Open(byte[] bytes, string name = "test.npz") => new(new MemoryStream(bytes), name);

    [Fact]
    public void ReadsNumpySavez()
    {
        using var npz = Open(NumpyGoldenFiles.Bytes(NumpyGoldenFiles.NpzStored));
        Assert.Equal(["x", "y"], npz.ArrayNames);
        var x = npz.Read("x");
        Assert.Equal([3, 4, 4], x.Shape);
        Assert.Equal(NpyDataType.UInt8, x.DataType);
        Assert.Equal(GoldenPixels, x.ToInt32Array());
        Assert.Equal("test.npz:x.npy", x.Source);
        Assert.Equal([4, 0, 9], npz.Read("y").ToInt32Array());
    }

    [Fact]
    public void ReadsNumpySavezCompressed()
    {
        using var npz = Open(NumpyGoldenFiles.Bytes(NumpyGoldenFiles.NpzCompressedSplit));
        Assert.Equal(["x_test", "y_test", "x_train", "y_train"], npz.ArrayNames);
        Assert.True(npz.Contains("x_train"));
        Assert.False(npz.Contains("x"));
        Assert.Equal(GoldenPixels[..32], npz.Read("x_train").ToInt32Array());
        Assert.Equal([4, 0], npz.Read("y_train").ToInt32Array());
    }

    [Fact]
    public void ReadsFromFileAndRoundTripsWriterOutput()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("out.npz", NpzFiles.Build([("logits.npy", NpzFiles.Float32Npy([2, 2], [1f, -2f, 3f, -4f]))], CompressionLevel.NoCompression));
        using var npz = new NpzReader(path);
        Assert.Equal([1f, -2f, 3f, -4f], npz.Read("logits").ToSingleArray());
    }

    [Fact]
    public void MissingArrayListsTheAvailableNames()
    {
        using var npz = Open(NumpyGoldenFiles.Bytes(NumpyGoldenFiles.NpzStored));
        var error = Assert.Throws<KeyNotFoundException>(() => npz.Read("images"));
        Assert.Contains("test.npz: no array 'images'; the archive holds 'x', 'y'", error.Message);
    }

    [Fact]
    public void NonZipIsRejected()
    {
        var error = Assert.Throws<InvalidDataFileException>(() => Open(NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Matrix), "bad.npz"));
        Assert.StartsWith("bad.npz: not a readable zip (npz) archive", error.Message);
    }

    [Fact]
    public void EmptyInputIsRejected() => Assert.Throws<InvalidDataFileException>(() => Open([]));

    [Fact]
    public void MalformedMemberNamesTheMember()
    {
        using var npz = Open(NpzFiles.Build([("x.npy", [1, 2, 3])]), "bad.npz");
        var error = Assert.Throws<InvalidDataFileException>(() => npz.Read("x"));
        Assert.Equal("bad.npz:x.npy", error.FileName);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void DuplicateMembersAreRejected()
    {
        var npy = NpzFiles.Float32Npy([1], [1f]);
        var error = Assert.Throws<InvalidDataFileException>(() => Open(NpzFiles.Build([("x.npy", npy), ("x.npy", npy)]), "dup.npz"));
        Assert.Contains("dup.npz: npz archive holds the array 'x' twice", error.Message);
    }

    [Fact]
    public void CorruptDeflateDataIsWrapped()
    {
        var npy = NpzFiles.Float32Npy([256], Enumerable.Range(0, 256).Select(i => (float)i).ToArray());
        var zip = NpzFiles.Build([("x.npy", npy)]);
        // The local header of the only member is 30 bytes plus its 5-byte name; corrupt the deflate stream right after it.
        for (var i = 35; i < 45; i++)
        {
            zip[i] ^= 0xFF;
        }

        using var npz = Open(zip, "bad.npz");
        var error = Assert.Throws<InvalidDataFileException>(() => npz.Read("x"));
        Assert.Equal("bad.npz:x.npy", error.FileName);
    }
}
