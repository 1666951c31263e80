namespace DeepCompress.Cli.Infrastructure;

/// <summary>Process exit codes; documented in docs/cli.md. Scripts depend on these values: never renumber.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A bug: an unexpected exception. The message asks for a report; --verbose shows the stack trace.</summary>
    public const int InternalError = 1;

    /// <summary>Bad command line: unknown command or option, a value out of range, an unknown layer name.</summary>
    public const int UsageError = 2;

    /// <summary>An input file is missing, unreadable, corrupt or truncated, or not what the command needs.</summary>
    public const int InvalidInput = 3;

    /// <summary>A check the user asked for did not hold (e.g. outputs differ beyond the tolerance).</summary>
    public const int CheckFailed = 4;

    /// <summary>The input is valid but uses something this version does not support (operator, data type, version).</summary>
    public const int Unsupported = 5;

    /// <summary>An output could not be written (permissions, disk full, missing directory).</summary>
    public const int OutputError = 6;
}
