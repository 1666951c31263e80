namespace DeepCompress.Cli.Infrastructure;

/// <summary>A verification the user asked for did not hold; maps to <see cref="ExitCodes.CheckFailed"/>.</summary>
public sealed class CheckFailedException(string message) : Exception(message);
