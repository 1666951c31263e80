namespace DeepCompress.Cli.Infrastructure;

/// <summary>A command line that parsed but cannot be acted on (e.g. a layer name the model does not have).</summary>
public sealed class UsageException(string message) : Exception(message);
