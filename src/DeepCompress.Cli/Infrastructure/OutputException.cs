namespace DeepCompress.Cli.Infrastructure;

/// <summary>Writing an output file failed; maps to <see cref="ExitCodes.OutputError"/>.</summary>
public sealed class OutputException(string message, Exception inner) : Exception(message, inner);
