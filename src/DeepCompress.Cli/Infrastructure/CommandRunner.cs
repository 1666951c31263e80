using System.CommandLine;
using System.Security;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>
/// The one place where exceptions become exit codes: a user sees one clear line on stderr, never a stack trace
/// (unless --verbose, and then only for internal errors).
/// </summary>
public static class CommandRunner
{
    public static int Run(ParseResult parseResult, Func<CommandContext, int> action)
    {
        var memory = MemoryUsage.Start();
        var context = CommandContext.From(parseResult);
        try
        {
            var code = action(context);
            context.Progress.Clear();
            context.Log.Debug("{Memory}", memory.Describe());
            return code;
        }
        catch (Exception ex)
        {
            var (code, message) = Classify(ex);
            context.Progress.Clear();
            context.Log.Error("{Message}", message);
            if (code == ExitCodes.InternalError)
            {
                if (context.Verbose)
                {
                    context.Error.WriteLine(ex.ToString());
                }
                else
                {
                    context.Error.WriteLine("This is a bug in dcompress; run again with --verbose for details and report it.");
                }
            }

            return code;
        }
        finally
        {
            context.Error.Flush();
            context.Output.Flush();
        }
    }

    /// <summary>Maps an exception to its exit code and the single line shown to the user.</summary>
    public static (int Code, string Message) Classify(Exception ex) => ex switch
    {
        UsageException => (ExitCodes.UsageError, ex.Message),
        CheckFailedException => (ExitCodes.CheckFailed, ex.Message),
        OutputException => (ExitCodes.OutputError, ex.Message),
        NotSupportedException => (ExitCodes.Unsupported, ex.Message),
        InvalidDataException => (ExitCodes.InvalidInput, ex.Message),
        FileNotFoundException fnf => (ExitCodes.InvalidInput, fnf.FileName is { } f ? $"{f}: no such file" : ex.Message),
        DirectoryNotFoundException => (ExitCodes.InvalidInput, ex.Message),
        UnauthorizedAccessException or SecurityException => (ExitCodes.InvalidInput, ex.Message),
        EndOfStreamException => (ExitCodes.InvalidInput, $"unexpected end of file: {ex.Message}"),
        IOException => (ExitCodes.InvalidInput, ex.Message),
        OutOfMemoryException => (ExitCodes.InvalidInput, "out of memory: the input is larger than this machine can hold"),
        _ => (ExitCodes.InternalError, $"internal error: {ex.GetType().Name}: {ex.Message}"),
    };
}
