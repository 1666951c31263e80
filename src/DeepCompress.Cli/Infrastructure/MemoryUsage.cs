using System.Diagnostics;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>
/// The process's resident memory when a command starts and its peak (VmHWM on Linux) when it ends, logged with
/// --verbose: large models promise memory bounded by their largest layer, and this is how a user (or a test running
/// the CLI as a child process) checks it.
/// </summary>
public sealed class MemoryUsage
{
    private const double BytesPerMiB = 1 << 20;

    private readonly long _startBytes = Environment.WorkingSet;

    public static MemoryUsage Start() => new();

    /// <summary>"peak memory 612.3 MiB (71.0 MiB at start)".</summary>
    public string Describe()
    {
        using var process = Process.GetCurrentProcess();
        return FormattableString.Invariant($"peak memory {process.PeakWorkingSet64 / BytesPerMiB:0.0} MiB ({_startBytes / BytesPerMiB:0.0} MiB at start)");
    }
}
