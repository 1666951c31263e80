using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Identity: passes its input through (tensors are immutable, so no copy).</summary>
internal sealed class IdentityOperator : Operator
{
    public IdentityOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes();
        OutputTypes = [context.InputType(0)];
    }

    public override TensorElementType[] OutputTypes { get; }

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context) => [Required(inputs, 0)];
}
