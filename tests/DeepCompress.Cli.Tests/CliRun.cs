namespace DeepCompress.Cli.Tests;

/// <summary>One in-process run of dcompress: its exit code and what it printed.</summary>
internal sealed record CliRun(int Code, string Out, string Err)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = DcompressApp.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The error lines (logs at information level are not errors).</summary>
    public string[] ErrorLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToArray();

    public CliRun AssertSuccess()
    {
        Assert.True(Code == 0, $"exit {Code}; stderr: {Err}");
        return this;
    }
}
