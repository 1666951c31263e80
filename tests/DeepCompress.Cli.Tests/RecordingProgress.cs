using DeepCompress.Cli.Infrastructure;

namespace DeepCompress.Cli.Tests;

/// <summary>Keeps every progress report as "operation done/total item", to check what a command reports.</summary>
internal sealed class RecordingProgress : IProgressReporter
{
    public List<string> Lines { get; } = [];

    public void Report(string operation, int done, int total, string item) => Lines.Add($"{operation} {done}/{total} {item}");

    public void Clear()
    {
    }
}
