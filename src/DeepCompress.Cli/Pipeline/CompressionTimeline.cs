using System.Diagnostics;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// When each step of a streamed `compress` ran and on which thread, for `--verbose`: with two layers in flight and
/// a layer's positions coded on another core, the CPU total says little; what bounds the wall-clock time is the
/// longest chain of steps across the cores, which these spans show.
/// </summary>
public sealed class CompressionTimeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<CompressionStep> _steps = [];

    /// <summary>The time from the process's start to this timeline's: the runtime's start-up and the command line's parsing.</summary>
    public TimeSpan StartedAfter { get; } = DateTime.Now - Process.GetCurrentProcess().StartTime;

    /// <summary>The steps recorded so far, in the order they ended.</summary>
    public IReadOnlyList<CompressionStep> Steps
    {
        get
        {
            lock (_steps)
            {
                return [.. _steps];
            }
        }
    }

    /// <summary>Runs <paramref name="step"/> of <paramref name="layer"/> and records its span.</summary>
    public T Time<T>(string layer, string step, Func<T> run)
    {
        var start = _clock.Elapsed;
        var result = run();
        var end = _clock.Elapsed;
        lock (_steps)
        {
            _steps.Add(new CompressionStep(layer, step, Environment.CurrentManagedThreadId, start, end));
        }

        return result;
    }

    /// <summary>Runs <paramref name="step"/> of <paramref name="layer"/> and records its span.</summary>
    public void Time(string layer, string step, Action run) => Time(layer, step, () =>
    {
        run();
        return true;
    });
}
