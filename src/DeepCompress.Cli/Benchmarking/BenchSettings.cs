namespace DeepCompress.Cli.Benchmarking;

/// <summary>What <c>dcompress bench</c> measures: the models, the cases and the time spent on each.</summary>
/// <param name="Seconds">Timed budget per engine and case, after warm-up.</param>
/// <param name="Seed">Seeds the input values, shared by every engine.</param>
public sealed record BenchSettings(string ModelPath, string BaselinePath, IReadOnlyList<int> Batches, IReadOnlyList<int> Threads, double Seconds, int Seed);
