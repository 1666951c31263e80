using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>
/// One graph node prepared at session creation. <see cref="Execute"/> receives the node's inputs (null for an
/// omitted optional input) and returns its outputs in order; it never modifies its inputs.
/// </summary>
internal abstract class Operator
{
    protected Operator(NodeContext context)
    {
        Name = context.Name;
    }

    /// <summary>"name (OpType)", for messages.</summary>
    public string Name { get; }

    /// <summary>Element type of each output, known at creation.</summary>
    public abstract TensorElementType[] OutputTypes { get; }

    public abstract Tensor?[] Execute(Tensor?[] inputs, RunSettings context);

    protected Tensor Required(Tensor?[] inputs, int index) =>
        index < inputs.Length && inputs[index] is { } t ? t : throw new InvalidDataException($"node {Name}: required input {index} is missing");

    protected InvalidDataException Invalid(string problem) => new($"node {Name}: {problem}");
}
