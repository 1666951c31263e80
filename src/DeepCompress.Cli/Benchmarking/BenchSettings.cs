namespace DeepCompress.Cli.Benchmarking;

/// <summary>What <c>dcompress bench</c> measures: the models, the cases and the time spent on each.</summary>
/// <param name="Seconds">Timed budget per engine and case, after warm-up.</param>
/// <param name="Seed">Seeds the input values, shared by every engine; unused with <paramref name="InputPath"/>.</param>
/// <param name="InputPath">Input file (IDX images or .npy, read as <c>run</c> reads them) whose first N entries are a
/// batch of N; null for seeded random inputs.</param>
public sealed record BenchSettings(string ModelPath, string BaselinePath, IReadOnlyList<int> Batches, IReadOnlyList<int> Threads, double Seconds, int Seed, string? InputPath = null);
