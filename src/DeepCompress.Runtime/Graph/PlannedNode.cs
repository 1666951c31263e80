using DeepCompress.Runtime.Operators;

namespace DeepCompress.Runtime.Graph;

/// <summary>One scheduled operator with its value names and the values to drop once it has run.</summary>
internal sealed record PlannedNode(Operator Operator, string[] Inputs, string[] Outputs)
{
    public List<string> ReleasedAfter { get; } = [];
}
