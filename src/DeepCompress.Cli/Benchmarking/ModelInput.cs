namespace DeepCompress.Cli.Benchmarking;

/// <summary>A float32 input tensor read from a file, with the shape it is fed to the model in.</summary>
public sealed record ModelInput(float[] Data, int[] Shape, string Format);
