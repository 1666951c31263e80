using DeepCompress.Core;

namespace DeepCompress.Cli.Pipeline;

/// <summary>One layer's row of the sensitivity table: the error at each tested sparsity, every other layer dense.</summary>
public sealed record LayerSensitivity(string Name, LayerClass Class, int Weights, IReadOnlyList<EvalResult> Results);
