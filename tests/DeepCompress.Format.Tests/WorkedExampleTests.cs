using DeepCompress.Core;
using DeepCompress.Core.Coding;

namespace DeepCompress.Format.Tests;

/// <summary>The worked examples of docs/format.md, byte for byte: if this test changes, the document must too.</summary>
public class WorkedExampleTests
{
    private const string ExampleFile =
        "8944435A0D0A1A0A01000000000000000300000052054779" +
        "0100000014000000010870726F64756365720964636F6D70726573731421A1E7" +
        "0200000002000000" + "0807" + "EB060AFC" +
        "030000001A000000026663010002020402000000BF0000803E02010705013D050102F75BCC76";

    internal static DczModel Example() => new(
        [0x08, 0x07],
        [new DczLayer("fc", LayerClass.Fc, new SparseQuantizedTensor([2, 4], [-0.5f, 0.25f], [1, 6], [0, 1]))],
        new Dictionary<string, string> { ["producer"] = "dcompress" });

    [Fact]
    public void ExampleFileHasTheDocumentedBytes()
    {
        var bytes = RoundTripTests.Write(Example());
        Assert.Equal(ExampleFile, Convert.ToHexString(bytes));
        ModelAssert.Equal(Example(), DczReader.Read(bytes, "example.dcz"));
    }

    [Fact]
    public void ExampleTableHasTheDocumentedBytes()
    {
        byte[] lengths = [2, 1, 0, 0, 0, 3, 3];
        Assert.Equal("0E122033", Convert.ToHexString(HuffmanTable.Write(lengths)));
        Assert.Equal(lengths, HuffmanTable.Read(Convert.FromHexString("0E122033"), out _));
    }
}
