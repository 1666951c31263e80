using DeepCompress.Core.Data;

namespace DeepCompress.Core.Tests.Data;

public class IdxReaderTests
{
    private static IdxTensor ReadBytes(byte[] bytes, string name = "test.idx") => IdxReader.Read(new MemoryStream(bytes), name);

    private static InvalidDataFileException AssertInvalid(byte[] bytes, string expectedFragment)
    {
        var error = Assert.Throws<InvalidDataFileException>(() => ReadBytes(bytes, "bad.idx"));
        Assert.Equal("bad.idx", error.FileName);
        Assert.StartsWith("bad.idx: ", error.Message);
        Assert.Contains(expectedFragment, error.Message);
        return error;
    }

    [Fact]
    public void ReadsImagesWithShapeAndData()
    {
        var data = IdxFiles.RandomBytes(3 * 28 * 28, seed: 1);
        var tensor = ReadBytes(IdxFiles.Build([3, 28, 28], data));
        Assert.Equal([3, 28, 28], tensor.Shape);
        Assert.Equal(data, tensor.Data);
    }

    [Fact]
    public void ReadsLabels()
    {
        var tensor = ReadBytes(IdxFiles.Build([4], [7, 2, 1, 0]));
        Assert.Equal([4], tensor.Shape);
        Assert.Equal(new byte[] { 7, 2, 1, 0 }, tensor.Data);
    }

    [Fact]
    public void ReadsEmptyFileOfZeroImages()
    {
        var tensor = ReadBytes(IdxFiles.Build([0, 28, 28], []));
        Assert.Equal([0, 28, 28], tensor.Shape);
        Assert.Empty(tensor.Data);
    }

    [Fact]
    public void ReadsGzipFromFileAndFromSeekableStream()
    {
        var data = IdxFiles.RandomBytes(5 * 6 * 7, seed: 2);
        var gz = IdxFiles.Gzip(IdxFiles.Build([5, 6, 7], data));
        using var dir = new TempDirectory();
        var path = dir.Write("t10k-images-idx3-ubyte.gz", gz);
        var fromFile = IdxReader.Read(path);
        Assert.Equal([5, 6, 7], fromFile.Shape);
        Assert.Equal(data, fromFile.Data);
        Assert.Equal(data, ReadBytes(gz).Data);
    }

    [Fact]
    public void GzipLargerThanOneReadChunkRoundTrips()
    {
        // Bigger than the 1 MiB first chunk, so the growing buffer of the unknown-length path is exercised.
        var data = IdxFiles.RandomBytes(1500 * 28 * 28, seed: 3);
        var tensor = ReadBytes(IdxFiles.Gzip(IdxFiles.Build([1500, 28, 28], data)));
        Assert.Equal(data, tensor.Data);
    }

    [Fact]
    public void RawInputFromNonSeekableStreamIsRead()
    {
        var data = IdxFiles.RandomBytes(2 * 3 * 4, seed: 4);
        var tensor = IdxReader.Read(new NonSeekableStream(IdxFiles.Build([2, 3, 4], data)), "pipe");
        Assert.Equal(data, tensor.Data);
    }

    [Fact]
    public void GzipFromNonSeekableStreamIsNotSupported()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Build([1], [5]));
        var error = Assert.Throws<NotSupportedException>(() => IdxReader.Read(new NonSeekableStream(gz), "pipe"));
        Assert.Contains("seekable", error.Message);
    }

    [Fact]
    public void BadMagicIsRejected()
    {
        var bytes = IdxFiles.Build([1], [5]);
        bytes[0] = 0x42;
        AssertInvalid(bytes, "bad IDX magic 42000801");
    }

    [Fact]
    public void UnknownElementTypeIsRejected() =>
        AssertInvalid(IdxFiles.Build(0x0A, [1], [5]), "IDX element type 0x0A is not one of");

    [Theory]
    [InlineData(0x09, "signed byte")]
    [InlineData(0x0B, "int16")]
    [InlineData(0x0C, "int32")]
    [InlineData(0x0D, "float32")]
    [InlineData(0x0E, "float64")]
    public void OtherKnownElementTypesAreNotSupported(byte type, string typeName)
    {
        var error = Assert.Throws<NotSupportedException>(() => ReadBytes(IdxFiles.Build(type, [1], [0, 0, 0, 0, 0, 0, 0, 0])));
        Assert.Contains(typeName, error.Message);
    }

    [Fact]
    public void ZeroDimensionsAreRejected() => AssertInvalid(IdxFiles.Build(0x08, [], []), "dimension count 0");

    [Fact]
    public void EmptyFileIsTruncated() => AssertInvalid([], "truncated: 4 bytes needed for the IDX magic, only 0 remain");

    [Fact]
    public void HeaderCutInsideDimensionsIsTruncated()
    {
        var bytes = IdxFiles.Build([3, 28, 28], new byte[3 * 28 * 28]);
        AssertInvalid(bytes[..10], "truncated: 12 bytes needed for the 3 IDX dimension sizes, only 6 remain");
    }

    [Fact]
    public void DataShorterThanDimensionsIsTruncated()
    {
        var bytes = IdxFiles.Build([3, 28, 28], new byte[3 * 28 * 28]);
        AssertInvalid(bytes[..^1], "2352 bytes needed for IDX data of shape [3, 28, 28], only 2351 remain");
    }

    [Fact]
    public void DimensionsTooLargeForTheFileAreRejectedBeforeAllocating()
    {
        // Claims 2^31-1 x 1 bytes: far beyond the file, within the array limit; must fail on the length check.
        AssertInvalid(IdxFiles.Build(0x08, [0x7FFF_FFC7, 1], new byte[16]), "2147483591 bytes needed for IDX data of shape [2147483591, 1], only 16 remain");
    }

    [Fact]
    public void DimensionsTooLargeForTheFileAreRejectedInGzipToo()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Build(0x08, [60000, 28, 28], new byte[100]));
        AssertInvalid(gz, "47040000 bytes needed for IDX data of shape [60000, 28, 28], only 100 remain");
    }

    [Fact]
    public void SingleDimensionAboveTheArrayLimitIsRejected() =>
        AssertInvalid(IdxFiles.Build(0x08, [0xFFFF_FFFF], []), "IDX dimension 0 is 4294967295, more than the");

    [Fact]
    public void ProductAboveTheArrayLimitIsRejected() =>
        AssertInvalid(IdxFiles.Build(0x08, [65536, 65536, 28], []), "hold more than");

    [Fact]
    public void TrailingBytesAreRejected()
    {
        var bytes = IdxFiles.Build([2], [1, 2]).Append((byte)9).ToArray();
        AssertInvalid(bytes, "1 trailing bytes after the data");
    }

    [Fact]
    public void TrailingBytesInGzipAreRejected() =>
        AssertInvalid(IdxFiles.Gzip(IdxFiles.Build([2], [1, 2]).Append((byte)9).ToArray()), "trailing bytes after the data");

    [Fact]
    public void TruncatedGzipIsRejected()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Build([100], IdxFiles.RandomBytes(100, seed: 5)));
        // Cut in the middle of the deflate data: the decompressor ends early or reports corruption; both must surface as ours.
        Assert.Throws<InvalidDataFileException>(() => ReadBytes(gz[..(gz.Length / 2)]));
    }

    [Fact]
    public void CorruptGzipBodyIsWrapped()
    {
        var gz = IdxFiles.Gzip(IdxFiles.Build([100], IdxFiles.RandomBytes(100, seed: 6)));
        // Block type 11 (reserved) in the first deflate header byte after the 10-byte gzip header.
        gz[10] = 0x07;
        var error = Assert.Throws<InvalidDataFileException>(() => ReadBytes(gz, "bad.idx"));
        Assert.StartsWith("bad.idx: ", error.Message);
    }

    [Fact]
    public void MissingFileThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read(Path.Combine(Path.GetTempPath(), "dcompress-no-such-file.idx")));
}
