using DeepCompress.Core.Data;

namespace DeepCompress.Core.Tests.Data;

public class NpyWriterTests
{
    private static byte[] WriteBytes(int[] shape, float[] data)
    {
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, shape, data);
        return stream.ToArray();
    }

    [Fact]
    public void MatchesNumpySaveByteForByte()
    {
        Assert.Equal(NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Matrix), WriteBytes([2, 3], [-1f, -0.5f, 0f, 0.5f, 1f, 1.5f]));
        Assert.Equal(NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Scalar), WriteBytes([], [2.5f]));
        Assert.Equal(NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32EmptyVector), WriteBytes([0], []));
    }

    [Theory]
    [InlineData(nameof(NumpyGoldenFiles.HeaderShapeEmpty), new int[0])]
    [InlineData(nameof(NumpyGoldenFiles.HeaderShape5), new[] { 5 })]
    [InlineData(nameof(NumpyGoldenFiles.HeaderShape2x3), new[] { 2, 3 })]
    [InlineData(nameof(NumpyGoldenFiles.HeaderShapeMnistTest), new[] { 10000, 1, 28, 28 })]
    [InlineData(nameof(NumpyGoldenFiles.HeaderShapeZero), new[] { 0 })]
    [InlineData(nameof(NumpyGoldenFiles.HeaderShapeLong), new[] { 1234567890, 1 })]
    public void HeaderMatchesNumpyForShape(string golden, int[] shape)
    {
        var base64 = (string)typeof(NumpyGoldenFiles).GetField(golden)!.GetValue(null)!;
        Assert.Equal(NumpyGoldenFiles.Bytes(base64), NpyWriter.BuildPreamble(shape));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1023)]
    [InlineData(40000)]
    public void RoundTripsEveryBitPattern(int length)
    {
        // Random bit patterns include NaN payloads, infinities, subnormals and -0: all must survive unchanged.
        var random = new Random(length);
        var data = new float[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
        }

        var bytes = WriteBytes([1, length], data);
        Assert.Equal(0, (bytes.Length - length * 4) % 64);
        var array = NpyReader.Read(new MemoryStream(bytes), "roundtrip.npy");
        Assert.Equal([1, length], array.Shape);
        Assert.Equal(NpyDataType.Float32, array.DataType);
        Assert.Equal(data.Select(BitConverter.SingleToInt32Bits), array.ToSingleArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void HeaderBeyondUInt16SwitchesToVersion2()
    {
        // 30 000 unit dimensions make a header of about 90 kB, too long for format 1.0's uint16 length.
        var shape = Enumerable.Repeat(1, 30_000).ToArray();
        var bytes = WriteBytes(shape, [4.5f]);
        Assert.Equal(2, bytes[6]);
        Assert.Equal(0, (bytes.Length - 4) % 64);
        var array = NpyReader.Read(new MemoryStream(bytes), "wide.npy");
        Assert.Equal(shape, array.Shape);
        Assert.Equal([4.5f], array.ToSingleArray());
    }

    [Fact]
    public void WritesFilesThatReadBack()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "out.npy");
        NpyWriter.Write(path, [2, 2], [1f, 2f, 3f, 4f]);
        Assert.Equal([1f, 2f, 3f, 4f], NpyReader.Read(path).ToSingleArray());
    }

    [Fact]
    public void ShapeThatDisagreesWithTheDataIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => WriteBytes([2, 3], [1f]));
        Assert.Contains("shape (2, 3) has 6 elements, data has 1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => WriteBytes([-1], []));
    }
}
