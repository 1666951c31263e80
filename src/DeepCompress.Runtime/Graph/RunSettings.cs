namespace DeepCompress.Runtime.Graph;

/// <summary>Per-session settings an operator needs while running.</summary>
internal sealed record RunSettings(KernelPath Path, int Threads);
