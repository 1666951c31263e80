namespace DeepCompress.Runtime.Training;

/// <summary>Wall-clock time one node spent in its forward and backward passes since the graph was built.</summary>
public sealed record NodeTime(string Label, TimeSpan Forward, TimeSpan Backward);
