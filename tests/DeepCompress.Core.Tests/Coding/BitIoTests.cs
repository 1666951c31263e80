using DeepCompress.Core.Coding;

namespace DeepCompress.Core.Tests.Coding;

public class BitIoTests
{
    [Fact]
    public void RandomFieldsRoundTrip()
    {
        var random = new Random(1234);
        var fields = new List<(uint Value, int Width)>();
        var writer = new BitWriter();
        for (var i = 0; i < 5000; i++)
        {
            var width = random.Next(0, 33);
            var value = width == 32 ? (uint)random.NextInt64(0, 1L << 32) : (uint)random.NextInt64(0, 1L << width);
            fields.Add((value, width));
            writer.Write(value, width);
        }

        var bytes = writer.ToArray();
        Assert.Equal((writer.BitLength + 7) / 8, bytes.Length);
        var reader = new BitReader(bytes);
        foreach (var (value, width) in fields)
        {
            Assert.Equal(value, reader.Read(width, "field"));
        }

        reader.RequireZeroPadding("tail");
        Assert.Equal(0, reader.RemainingBits);
    }

    [Fact]
    public void FirstBitIsLeastSignificantBitOfFirstByte()
    {
        var writer = new BitWriter();
        writer.Write(1, 1);
        writer.Write(0b10, 2);
        writer.Write(0x1F, 5);
        writer.Write(0x3, 2);
        Assert.Equal(new byte[] { 0b1111_1101, 0b11 }, writer.ToArray());
    }

    [Fact]
    public void ReadingPastTheEndIsCorruption()
    {
        var reader = new BitReader(new byte[] { 0xFF, 0x01 });
        Assert.Equal(0x1FFu, reader.Read(9, "a"));
        var ex = Assert.Throws<InvalidCodedDataException>(() => ReadMore(new byte[] { 0xFF, 0x01 }));
        Assert.Contains("vs limit 7", ex.Message);
    }

    [Fact]
    public void NonzeroPaddingIsCorruption()
    {
        Assert.Throws<InvalidCodedDataException>(() =>
        {
            var reader = new BitReader(new byte[] { 0b1000_0001 });
            reader.Read(1, "bit");
            reader.RequireZeroPadding("tail");
        });
    }

    [Fact]
    public void WriterRejectsValueWiderThanField() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitWriter().Write(4, 2));

    private static void ReadMore(byte[] data)
    {
        var reader = new BitReader(data);
        reader.Read(9, "a");
        reader.Read(8, "b");
    }
}
