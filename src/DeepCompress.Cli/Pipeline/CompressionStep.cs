namespace DeepCompress.Cli.Pipeline;

/// <summary>One step of one layer in a <see cref="CompressionTimeline"/>: when it started and ended, since the command began.</summary>
public sealed record CompressionStep(string Layer, string Step, int Thread, TimeSpan Start, TimeSpan End);
