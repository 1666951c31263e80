using DeepCompress.Cli.Infrastructure;

namespace DeepCompress.Cli.Tests;

public class TextTableTests
{
    [Fact]
    public void AlignsColumnsAndRightAlignsMarkedOnes()
    {
        var table = new TextTable("layer", ">weights");
        table.AddRow("fc1.weight", "235,200");
        table.AddRow("fc3", "1,000");
        table.AddFooter("total", "236,200");
        var writer = new StringWriter();
        table.Write(writer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("layer       weights", lines[0]);
        Assert.Equal("----------  -------", lines[1]);
        Assert.Equal("fc1.weight  235,200", lines[2]);
        Assert.Equal("fc3           1,000", lines[3]);
        Assert.Equal("----------  -------", lines[4]);
        Assert.Equal("total       236,200", lines[5]);
    }

    [Fact]
    public void RowOfWrongWidthIsABug()
    {
        var table = new TextTable("a", "b");
        Assert.Throws<ArgumentException>(() => table.AddRow("only one"));
    }
}
