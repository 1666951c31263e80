namespace DeepCompress.Runtime.Conformance;

/// <summary>The outcome of one test directory, the operators its model uses, and why it did not pass.</summary>
internal sealed record ConformanceResult(string Name, IReadOnlyList<string> Operators, ConformanceOutcome Outcome, string Detail);
