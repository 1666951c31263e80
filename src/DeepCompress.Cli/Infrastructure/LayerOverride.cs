namespace DeepCompress.Cli.Infrastructure;

/// <summary>One <c>--layer NAME=VALUE</c> option: it overrides the per-class and global values for that layer.</summary>
public sealed record LayerOverride<T>(string Name, T Value)
    where T : struct;
