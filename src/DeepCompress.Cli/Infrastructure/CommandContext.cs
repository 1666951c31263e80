using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>What a command's action needs besides its own options: where results and logs go, and how loud.</summary>
public sealed class CommandContext
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private CommandContext(TextWriter output, TextWriter error, bool json, bool verbose, ILogger log, IProgressReporter progress)
    {
        Progress = progress;
        Output = output;
        Error = error;
        Json = json;
        Verbose = verbose;
        Log = log;
    }

    /// <summary>Results (tables or JSON).</summary>
    public TextWriter Output { get; }

    /// <summary>Logs and errors.</summary>
    public TextWriter Error { get; }

    public bool Json { get; }

    public bool Verbose { get; }

    public ILogger Log { get; }

    /// <summary>Progress of long operations: a status line on a terminal, silent in logs and CI.</summary>
    public IProgressReporter Progress { get; }

    public static CommandContext From(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var verbose = parseResult.GetValue(GlobalOptions.Verbose);
        var quiet = parseResult.GetValue(GlobalOptions.Quiet);
        var json = parseResult.CommandResult.Command.Options.Contains(GlobalOptions.Json) && parseResult.GetValue(GlobalOptions.Json);
        var level = verbose ? LogEventLevel.Debug : quiet ? LogEventLevel.Error : LogEventLevel.Information;
        var log = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.With<LevelPrefixEnricher>()
            .WriteTo.Sink(new TextWriterSink(error, new MessageTemplateTextFormatter("{" + LevelPrefixEnricher.PropertyName + "}{Message:lj}{NewLine}")))
            .CreateLogger();
        return new CommandContext(output, error, json, verbose, log, ProgressReporters.For(error, quiet));
    }

    public void WriteJson<T>(T value) => Output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}
