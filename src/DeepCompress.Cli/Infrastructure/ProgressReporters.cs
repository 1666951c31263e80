namespace DeepCompress.Cli.Infrastructure;

/// <summary>Chooses where progress goes: a terminal gets a status line, everything else gets nothing.</summary>
public static class ProgressReporters
{
    /// <summary>Set (to anything non-empty) by CI services (GitHub Actions, GitLab, Jenkins' plugins, .ci/run).</summary>
    public const string CiVariable = "CI";

    /// <summary>
    /// A <see cref="TerminalProgress"/> when <paramref name="error"/> is the process's stderr, stderr is a terminal,
    /// <c>CI</c> is not set and the user did not ask for --quiet; else <see cref="SilentProgress"/>.
    /// </summary>
    public static IProgressReporter For(TextWriter error, bool quiet)
    {
        var watched = ReferenceEquals(error, Console.Error)
            && !Console.IsErrorRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CiVariable));
        return watched && !quiet ? new TerminalProgress(error) : SilentProgress.Instance;
    }
}
