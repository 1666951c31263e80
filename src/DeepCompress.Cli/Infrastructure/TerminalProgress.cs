namespace DeepCompress.Cli.Infrastructure;

/// <summary>
/// One status line on a terminal's stderr, rewritten in place (carriage return, then erase to the end of the line),
/// with the elapsed time so a slow step is visible. Safe to call from parallel workers (quantize's layers).
/// </summary>
public sealed class TerminalProgress : IProgressReporter
{
    private const string EraseLine = "\r\u001b[2K";

    private readonly Lock _gate = new();
    private readonly TextWriter _error;
    private readonly System.Diagnostics.Stopwatch _elapsed = System.Diagnostics.Stopwatch.StartNew();
    private bool _shown;

    public TerminalProgress(TextWriter error)
    {
        _error = error;
    }

    public void Report(string operation, int done, int total, string item)
    {
        lock (_gate)
        {
            _error.Write($"{EraseLine}{operation} {done}/{total} {item} ({_elapsed.Elapsed.TotalSeconds:0.0} s)");
            _error.Flush();
            _shown = true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            if (_shown)
            {
                _error.Write(EraseLine);
                _error.Flush();
                _shown = false;
            }
        }
    }
}
