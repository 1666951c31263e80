namespace DeepCompress.Cli.Infrastructure;

/// <summary>Reports nothing: stderr is a file, a pipe or a CI log, where a progress line would be noise.</summary>
public sealed class SilentProgress : IProgressReporter
{
    public static readonly SilentProgress Instance = new();

    private SilentProgress()
    {
    }

    public void Report(string operation, int done, int total, string item)
    {
    }

    public void Clear()
    {
    }
}
