using System.CommandLine;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>Options shared by several commands, defined once so every command spells them the same way.</summary>
public static class GlobalOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log details (and stack traces of internal errors) to stderr",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Log only errors to stderr",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as JSON on stdout instead of a table",
    };

    public static Option<FileInfo> Output(string description) => new("--output", "-o")
    {
        Description = description,
        Required = true,
    };

    /// <summary>--threads, by default <paramref name="defaultThreads"/> (1 where more threads would only add noise, e.g. to latency).</summary>
    public static Option<int> Threads(int defaultThreads = 1) => new("--threads")
    {
        Description = "Worker threads (results are identical for any value)",
        DefaultValueFactory = _ => Math.Clamp(defaultThreads, 1, 1024),
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 1 or > 1024) { r.AddError("--threads must be between 1 and 1024"); } } },
    };

    public static Option<int> MinSize(string description) => new("--min-size")
    {
        Description = description,
        DefaultValueFactory = _ => 0,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--min-size must be >= 0"); } } },
    };

    public static Argument<FileInfo> InputModel(string description = "Input ONNX model") => new("input")
    {
        Description = description,
    };
}
