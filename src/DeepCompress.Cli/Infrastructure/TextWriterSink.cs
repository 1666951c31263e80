using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>
/// Writes log events to a <see cref="TextWriter"/> (stderr, or a test's StringWriter): the console sink cannot
/// target an arbitrary writer, and in-process tests must capture what a user would see.
/// </summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
