using Serilog.Core;
using Serilog.Events;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>Adds "error: " / "warning: " in front of such messages; information lines stay plain.</summary>
internal sealed class LevelPrefixEnricher : ILogEventEnricher
{
    public const string PropertyName = "LevelPrefix";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var prefix = logEvent.Level switch
        {
            LogEventLevel.Fatal or LogEventLevel.Error => "error: ",
            LogEventLevel.Warning => "warning: ",
            LogEventLevel.Debug or LogEventLevel.Verbose => "debug: ",
            _ => string.Empty,
        };
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(PropertyName, prefix));
    }
}
