using DeepCompress.Runtime.Operators;

namespace DeepCompress.Runtime.Graph;

/// <summary>
/// One scheduled operator with its value names and, resolved once at planning, the value slots it reads and writes
/// (-1: an omitted input or output, or a compressed weight the operator holds in prepared form) and the slots to
/// drop once it has run. Running by slot index keeps string hashing out of the per-inference path.
/// </summary>
internal sealed record PlannedNode(Operator Operator, string OpType, string[] Inputs, string[] Outputs)
{
    public int[] InputSlots { get; set; } = [];

    public int[] OutputSlots { get; set; } = [];

    public List<int> ReleasedAfter { get; } = [];
}
