using DeepCompress.Core.Data;

namespace DeepCompress.Core.Tests.Data;

public class NpyReaderTests
{
    private static NpyArray ReadBytes(byte[] bytes, string name = "test.npy") => NpyReader.Read(new MemoryStream(bytes), name);

    private static NpyArray ReadGolden(string base64) => ReadBytes(NumpyGoldenFiles.Bytes(base64));

    private static void AssertInvalid(byte[] bytes, string expectedFragment)
    {
        var error = Assert.Throws<InvalidDataFileException>(() => ReadBytes(bytes, "bad.npy"));
        Assert.Equal("bad.npy", error.FileName);
        Assert.StartsWith("bad.npy: ", error.Message);
        Assert.Contains(expectedFragment, error.Message);
    }

    private static void AssertInvalidHeader(string header, string expectedFragment, byte[]? data = null) =>
        AssertInvalid(NpyFiles.Build(header, data ?? []), expectedFragment);

    [Fact]
    public void ReadsNumpyFloat32Matrix()
    {
        var array = ReadGolden(NumpyGoldenFiles.Float32Matrix);
        Assert.Equal(NpyDataType.Float32, array.DataType);
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(6, array.ElementCount);
        Assert.Equal([-1f, -0.5f, 0f, 0.5f, 1f, 1.5f], array.ToSingleArray());
        Assert.Equal("test.npy", array.Source);
    }

    [Fact]
    public void ReadsNumpyFloat64NarrowedToFloat()
    {
        var array = ReadGolden(NumpyGoldenFiles.Float64Vector);
        Assert.Equal(NpyDataType.Float64, array.DataType);
        Assert.Equal([4], array.Shape);
        Assert.Equal([(float)0.1, -2.5f, (float)1e30, 3f], array.ToSingleArray());
    }

    [Fact]
    public void ReadsNumpyInt64Labels()
    {
        var array = ReadGolden(NumpyGoldenFiles.Int64Labels);
        Assert.Equal(NpyDataType.Int64, array.DataType);
        Assert.Equal([0, 9, 3, 7], array.ToInt32Array());
        Assert.Equal([0f, 9f, 3f, 7f], array.ToSingleArray());
    }

    [Fact]
    public void ReadsNumpyInt32Extremes()
    {
        var array = ReadGolden(NumpyGoldenFiles.Int32Matrix);
        Assert.Equal(NpyDataType.Int32, array.DataType);
        Assert.Equal([2, 2], array.Shape);
        Assert.Equal([1, -2, int.MaxValue, int.MinValue], array.ToInt32Array());
    }

    [Fact]
    public void ReadsNumpyUInt8Cube()
    {
        var array = ReadGolden(NumpyGoldenFiles.UInt8Cube);
        Assert.Equal(NpyDataType.UInt8, array.DataType);
        Assert.Equal([2, 2, 2], array.Shape);
        Assert.Equal([0, 30, 60, 90, 120, 150, 180, 210], array.ToInt32Array());
    }

    [Fact]
    public void ReadsNumpyInt8()
    {
        var array = ReadGolden(NumpyGoldenFiles.Int8Vector);
        Assert.Equal(NpyDataType.Int8, array.DataType);
        Assert.Equal([-128, 0, 127], array.ToInt32Array());
        Assert.Equal([-128f, 0f, 127f], array.ToSingleArray());
    }

    [Fact]
    public void ReadsNumpyScalarAndEmptyArrays()
    {
        var scalar = ReadGolden(NumpyGoldenFiles.Float32Scalar);
        Assert.Empty(scalar.Shape);
        Assert.Equal([2.5f], scalar.ToSingleArray());

        var empty = ReadGolden(NumpyGoldenFiles.Float32EmptyVector);
        Assert.Equal([0], empty.Shape);
        Assert.Empty(empty.ToSingleArray());
    }

    [Theory]
    [InlineData(nameof(NumpyGoldenFiles.Version2Float32))]
    [InlineData(nameof(NumpyGoldenFiles.Version3Float32))]
    public void ReadsFormatVersions2And3(string golden)
    {
        var base64 = (string)typeof(NumpyGoldenFiles).GetField(golden)!.GetValue(null)!;
        var bytes = NumpyGoldenFiles.Bytes(base64);
        Assert.Equal(golden == nameof(NumpyGoldenFiles.Version2Float32) ? 2 : 3, bytes[6]);
        Assert.Equal([0f, 1f, 2f], ReadBytes(bytes).ToSingleArray());
    }

    [Fact]
    public void ReadsFromNonSeekableStream()
    {
        var array = NpyReader.Read(new NonSeekableStream(NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Matrix)), "pipe");
        Assert.Equal([-1f, -0.5f, 0f, 0.5f, 1f, 1.5f], array.ToSingleArray());
    }

    [Fact]
    public void ReadsFromFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.npy", NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Int64Labels));
        var array = NpyReader.Read(path);
        Assert.Equal(path, array.Source);
        Assert.Equal([0, 9, 3, 7], array.ToInt32Array());
    }

    [Theory]
    [InlineData(nameof(NumpyGoldenFiles.FortranOrder), "Fortran-order")]
    [InlineData(nameof(NumpyGoldenFiles.BigEndianFloat32), "'>f4'")]
    [InlineData(nameof(NumpyGoldenFiles.Float16), "'<f2'")]
    [InlineData(nameof(NumpyGoldenFiles.Structured), "structured")]
    public void ValidButUnsupportedNumpyFilesThrowNotSupported(string golden, string expectedFragment)
    {
        var base64 = (string)typeof(NumpyGoldenFiles).GetField(golden)!.GetValue(null)!;
        var error = Assert.Throws<NotSupportedException>(() => ReadGolden(base64));
        Assert.Contains(expectedFragment, error.Message);
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void UnknownVersionsAreNotSupported(byte major, byte minor)
    {
        var bytes = NpyFiles.Build(NpyFiles.Header("<f4", "(1,)"), NpyFiles.Floats(1f), major: 1);
        bytes[6] = major;
        bytes[7] = minor;
        var error = Assert.Throws<NotSupportedException>(() => ReadBytes(bytes));
        Assert.Contains($"version {major}.{minor}", error.Message);
    }

    [Fact]
    public void AcceptsPython2LongSuffixAndDoubleQuotes()
    {
        var array = ReadBytes(NpyFiles.Build("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L,)}", NpyFiles.Floats(1f, 2f)));
        Assert.Equal([2], array.Shape);
        Assert.Equal([1f, 2f], array.ToSingleArray());
    }

    [Fact]
    public void BadMagicIsRejected()
    {
        var bytes = NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Matrix);
        bytes[1] = (byte)'X';
        AssertInvalid(bytes, "bad npy magic 9358554D5059");
    }

    [Fact]
    public void EmptyFileIsTruncated() => AssertInvalid([], "truncated: 8 bytes needed for the npy magic and version, only 0 remain");

    [Fact]
    public void HeaderLongerThanTheFileIsTruncated()
    {
        var bytes = NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Matrix);
        AssertInvalid(bytes[..50], "truncated: 118 bytes needed for the npy header, only 40 remain");
    }

    [Fact]
    public void HeaderLengthAboveTheLimitIsRejectedBeforeAllocating()
    {
        var bytes = NpyFiles.Build(NpyFiles.Header("<f4", "(1,)"), NpyFiles.Floats(1f), major: 2);
        bytes[8] = bytes[9] = bytes[10] = bytes[11] = 0xFF;
        AssertInvalid(bytes, "npy header length 4294967295 exceeds the 1048576-byte limit");
    }

    [Fact]
    public void DataShorterThanTheShapeIsTruncated()
    {
        var bytes = NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Matrix);
        AssertInvalid(bytes[..^1], "truncated: 24 bytes needed for npy data of shape (2, 3) and dtype '<f4', only 23 remain");
    }

    [Fact]
    public void ShapeTooLargeForTheFileIsRejectedBeforeAllocating() =>
        AssertInvalidHeader(NpyFiles.Header("<f8", "(100000, 10000)"), "8000000000 bytes needed for npy data", NpyFiles.Floats(1f, 2f));

    [Fact]
    public void ShapeTooLargeForTheFileIsRejectedOnNonSeekableStreams()
    {
        var bytes = NpyFiles.Build(NpyFiles.Header("|u1", "(2000000000,)"), [1, 2, 3]);
        var error = Assert.Throws<InvalidDataFileException>(() => NpyReader.Read(new NonSeekableStream(bytes), "pipe"));
        Assert.Contains("truncated: 2000000000 bytes needed", error.Message);
    }

    [Fact]
    public void ElementCountAboveTheArrayLimitIsRejected() =>
        AssertInvalidHeader(NpyFiles.Header("<f4", "(2147483647, 2147483647)"), "holds more than");

    [Fact]
    public void TrailingBytesAreRejected()
    {
        var bytes = NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Matrix).Append((byte)0).ToArray();
        AssertInvalid(bytes, "1 trailing bytes after the data");
    }

    [Theory]
    [InlineData("", "expected '{', found the end of the header")]
    [InlineData("hello", "expected '{', found 'h'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ", "the header ends where a value was expected")]
    [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}", "expected ',', found '''")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", "unexpected 'x' after the header dictionary")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", "at character 17: expected ',', found 'f'")]
    [InlineData("{'descr': '<f4', 'fortran_order': Falsey, 'shape': (1,)}", "unexpected 'F' where a value was expected")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1 2)}", "expected ',', found '2'")]
    [InlineData("{'descr': 'a\\'b', 'fortran_order': False, 'shape': (1,)}", "escape sequences are not allowed")]
    [InlineData("{5: '<f4'}", "a dictionary key is not a string")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", "duplicate key 'descr'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "is not an integer within the int64 range")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-,)}", "'-' is not an integer")]
    public void HeaderSyntaxErrorsAreRejected(string header, string expectedFragment) =>
        AssertInvalidHeader(header, expectedFragment);

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "lacks the 'shape' key")]
    [InlineData("{'fortran_order': False, 'shape': (1,)}", "lacks the 'descr' key")]
    [InlineData("{'descr': '<f4', 'shape': (1,)}", "lacks the 'fortran_order' key")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unexpected key 'extra'")]
    [InlineData("{'descr': 5, 'fortran_order': False, 'shape': (1,)}", "'descr' is 5, expected a string")]
    [InlineData("{'descr': '<f4', 'fortran_order': 'no', 'shape': (1,)}", "'fortran_order' is 'no', expected True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': 5}", "'shape' is 5, expected a tuple of integers")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ('a',)}", "'shape' is a sequence of 1, expected a tuple of integers")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': None}", "'shape' is None")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", "shape dimension 0 is -1, expected 0 to 2147483647")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2147483648)}", "shape dimension 1 is 2147483648")]
    [InlineData("{'descr': 'hello', 'fortran_order': False, 'shape': (1,)}", "npy descr 'hello' is not a numpy typestring")]
    public void HeaderContentErrorsAreRejected(string header, string expectedFragment) =>
        AssertInvalidHeader(header, expectedFragment);

    [Fact]
    public void DeepNestingIsRejectedWithoutExhaustingTheStack()
    {
        var header = "{'descr': " + new string('[', 100_000) + new string(']', 100_000) + ", 'fortran_order': False, 'shape': (1,)}";
        AssertInvalid(NpyFiles.Build(header, [], major: 2), "nesting deeper than 32");
    }

    [Fact]
    public void InvalidUtf8InVersion3HeaderIsRejected()
    {
        var bytes = NpyFiles.Build(NpyFiles.Header("<f4", "(1,)"), NpyFiles.Floats(1f), major: 3);
        bytes[13] = 0xFF;
        AssertInvalid(bytes, "npy 3.0 header is not valid UTF-8");
    }

    [Fact]
    public void WholeFloatsConvertToInt32Labels()
    {
        var array = ReadBytes(NpyFiles.Build(NpyFiles.Header("<f4", "(3,)"), NpyFiles.Floats(0f, 7f, -3f)));
        Assert.Equal([0, 7, -3], array.ToInt32Array());
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(3e9f)]
    public void FloatsThatAreNotInt32ValuesAreRejectedAsLabels(float value)
    {
        var array = ReadBytes(NpyFiles.Build(NpyFiles.Header("<f4", "(2,)"), NpyFiles.Floats(1f, value)), "labels.npy");
        var error = Assert.Throws<InvalidDataFileException>(array.ToInt32Array);
        Assert.Contains("labels.npy: element 1 is", error.Message);
    }

    [Fact]
    public void Int64OutsideInt32IsRejectedAsLabels()
    {
        var data = new byte[16];
        BitConverter.TryWriteBytes(data.AsSpan(8), 1L << 40);
        var array = ReadBytes(NpyFiles.Build(NpyFiles.Header("<i8", "(2,)"), data), "labels.npy");
        var error = Assert.Throws<InvalidDataFileException>(array.ToInt32Array);
        Assert.Contains("element 1 is 1099511627776, outside the int32 range", error.Message);
    }
}
