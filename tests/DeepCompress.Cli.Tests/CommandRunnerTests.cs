using DeepCompress.Cli.Infrastructure;

namespace DeepCompress.Cli.Tests;

public class CommandRunnerTests
{
    public static TheoryData<Exception, int> Cases => new()
    {
        { new UsageException("u"), ExitCodes.UsageError },
        { new CheckFailedException("c"), ExitCodes.CheckFailed },
        { new NotSupportedException("n"), ExitCodes.Unsupported },
        { new InvalidDataException("i"), ExitCodes.InvalidInput },
        { new FileNotFoundException("f", "/x/y.onnx"), ExitCodes.InvalidInput },
        { new EndOfStreamException("e"), ExitCodes.InvalidInput },
        { new OutputException("o", new IOException("disk full")), ExitCodes.OutputError },
        { new InvalidOperationException("bug"), ExitCodes.InternalError },
        { new NullReferenceException(), ExitCodes.InternalError },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MapsEachExceptionToItsDocumentedExitCode(Exception ex, int expected)
    {
        Assert.Equal(expected, CommandRunner.Classify(ex).Code);
    }

    [Fact]
    public void MissingFileMessageNamesTheFile()
    {
        var (_, message) = CommandRunner.Classify(new FileNotFoundException("whatever", "/x/y.onnx"));
        Assert.Equal("/x/y.onnx: no such file", message);
    }

    [Fact]
    public void ExitCodesAreDistinct()
    {
        var values = typeof(ExitCodes).GetFields().Select(f => (int)f.GetValue(null)!).ToList();
        Assert.Equal(values.Count, values.Distinct().Count());
    }
}
